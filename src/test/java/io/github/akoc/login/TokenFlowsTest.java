package io.github.akoc.login;

import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import io.github.akoc.deployment.Provider;
import io.github.akoc.deployment.Deployment;
import io.github.akoc.deployment.DeploymentLoader;
import org.junit.jupiter.api.Test;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenFlowsTest {
    private static final String USER = "oc-e2e-user";
    private static final String PASSWORD = "pw-" + java.util.UUID.randomUUID();

    private static TokenFlows flows(ScriptedAuthentik authentik, Deployment setup) {
        CookieManager cookies = new CookieManager();
        HttpClient session = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).cookieHandler(cookies).build();
        HttpClient plain = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        return new TokenFlows(session, cookies, plain, authentik.base(), setup);
    }

    @Test
    void authorizationRequestCarriesStateAndAnS256ChallengeOfTheVerifier() throws Exception {
        Deployment setup = DeploymentLoader.fromDefaultLocation().load("web-desktop-mobile");
        Provider ios = setup.provider("ios").orElseThrow();
        CodeVerifier verifier = new CodeVerifier();
        State state = new State();
        URI uri = TokenFlows.authorizationRequest(URI.create("https://authentik.company/application/o/authorize/"), ios,
                "oc://ios.opencloud.eu", state, verifier).toURI();
        Map<String, String> q = LoopbackRedirectListener.query(uri.getRawQuery());
        String expected = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getValue().getBytes(StandardCharsets.US_ASCII)));
        assertEquals(expected, q.get("code_challenge"));
        assertEquals("S256", q.get("code_challenge_method"));
        assertEquals(state.getValue(), q.get("state"));
        assertEquals("code", q.get("response_type"));
        assertEquals("OpenCloudIOS", q.get("client_id"));
        assertEquals("oc://ios.opencloud.eu", q.get("redirect_uri"));
        assertEquals(String.join(" ", ios.scopes()), q.get("scope"));
        assertEquals("/application/o/authorize/", uri.getPath());
    }

    @Test
    void everyClientOfTheFourClientSetupGetsTokensOnItsRedirectUriAndRefreshes() throws Exception {
        Deployment setup = DeploymentLoader.fromDefaultLocation().load("web-desktop-mobile");
        try (ScriptedAuthentik authentik = new ScriptedAuthentik(setup, USER, PASSWORD)) {
            Session s = flows(authentik, setup).run(USER, PASSWORD, null);
            assertEquals(USER, s.username());
            assertEquals(4, s.tokens().size());
            for (Provider c : setup.providers()) {
                ClientTokens t = s.tokens(c).orElseThrow();
                assertTrue(t.ok(), c.clientId() + ": " + t.error());
                assertEquals(List.of(c.clientId()), SignedJWT.parse(t.idToken()).getJWTClaimsSet().getAudience());
                assertNotNull(t.refreshToken(), c.clientId() + " asked for offline_access");
                assertNotNull(t.refresh());
                assertNull(t.refresh().error(), t.refresh().error());
                assertNotNull(t.refresh().accessToken());
                assertTrue(c.redirectUris().stream().anyMatch(u -> u.matches(t.redirectUri())), t.redirectUri());
            }
            assertTrue(s.tokens().get("OpenCloudDesktop").redirectUri().matches("http://127\\.0\\.0\\.1:\\d+/"),
                    "desktop uses a loopback listener");
            assertEquals("oc://android.opencloud.eu", s.tokens().get("OpenCloudAndroid").redirectUri());
            // one login for all four clients (the cookie session carried it), and consent answered per client
            assertEquals(1, authentik.postedAnswers.stream().filter("ak-stage-identification"::equals).count());
            assertEquals(1, authentik.postedAnswers.stream().filter("ak-stage-password"::equals).count());
            assertEquals(1, authentik.sessions.keySet().stream().filter(k -> !k.contains("/")).count());
            assertTrue(authentik.postedAnswers.contains("ak-stage-consent"));
        }
    }

    @Test
    void withoutOfflineAccessThereIsNoRefreshToken() throws Exception {
        Deployment setup = DeploymentLoader.fromDefaultLocation().load("web-only");
        try (ScriptedAuthentik authentik = new ScriptedAuthentik(setup, USER, PASSWORD)) {
            ClientTokens t = flows(authentik, setup).run(USER, PASSWORD, null).tokens().get("web");
            assertTrue(t.ok(), t.error());
            assertEquals("https://opencloud.company/oidc-callback.html", t.redirectUri());
            assertNull(t.refreshToken());
            assertNull(t.refresh());
        }
    }

    @Test
    void aRefusedPasswordIsReportedPerClientNotThrown() throws Exception {
        Deployment setup = DeploymentLoader.fromDefaultLocation().load("web-desktop-mobile");
        try (ScriptedAuthentik authentik = new ScriptedAuthentik(setup, USER, PASSWORD)) {
            Session s = flows(authentik, setup).run(USER, "wrong", null);
            for (ClientTokens t : s.tokens().values()) {
                assertFalse(t.ok());
                assertTrue(t.error().contains("refused the answer to ak-stage-password"), t.error());
                assertFalse(t.error().contains("wrong"), "the password never appears in an error");
            }
        }
    }

    @Test
    void anAccessDeniedStageIsReported() throws Exception {
        Deployment setup = DeploymentLoader.fromDefaultLocation().load("web-only");
        try (ScriptedAuthentik authentik = new ScriptedAuthentik(setup, USER, PASSWORD)) {
            authentik.denyAccess = true;
            ClientTokens t = flows(authentik, setup).run(USER, PASSWORD, null).tokens().get("web");
            assertTrue(t.error().contains("denied access") && t.error().contains("Access denied for user"), t.error());
        }
    }

    @Test
    void theAuthorizerSeesACodeForARegisteredUriAndARefusalForALookAlike() throws Exception {
        Deployment setup = DeploymentLoader.fromDefaultLocation().load("web-desktop-mobile");
        try (ScriptedAuthentik authentik = new ScriptedAuthentik(setup, USER, PASSWORD)) {
            Session s = flows(authentik, setup).run(USER, PASSWORD, null);
            Provider android = setup.provider("android").orElseThrow();
            AuthorizeOutcome ok = s.authorizer().authorize(android, "oc://android.opencloud.eu");
            assertTrue(ok.redirectedWithCode("oc://android.opencloud.eu"), ok.toString());
            AuthorizeOutcome refused = s.authorizer().authorize(android, "oc://android.opencloud.eu.evil");
            assertFalse(refused.redirectedWithCode("oc://android.opencloud.eu.evil"), refused.toString());
            assertEquals(400, refused.status());
            assertNull(refused.location());
            assertTrue(refused.error().contains("400"), refused.error());
            Provider desktop = setup.provider("desktop").orElseThrow();
            AuthorizeOutcome loopback = s.authorizer().authorize(desktop, "http://localhost:4711/callback");
            assertTrue(loopback.redirectedWithCode("http://localhost:4711/callback"), "redirects are not followed: " + loopback);
        }
    }
}
