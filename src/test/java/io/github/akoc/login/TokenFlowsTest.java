package io.github.akoc.login;

import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import io.github.akoc.Fixtures;
import io.github.akoc.expectation.ClientProfile;
import io.github.akoc.expectation.Expectation;
import io.github.akoc.expectation.ExpectedClient;
import io.github.akoc.expectation.GuideRequirements;
import io.github.akoc.expectation.Names;
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
    private static final GuideRequirements GUIDE = Fixtures.fromDefaultLocation().guide();

    private static Deployment deployment(String setup) {
        return DeploymentLoader.fromDefaultLocation().load(setup);
    }

    private static Expectation expectation(Deployment d) {
        return GUIDE.expectation(d.name(), Names.of(d));
    }

    private static TokenFlows flows(ScriptedAuthentik authentik, Deployment d) {
        return new TokenFlows(authentik.world, expectation(d));
    }

    @Test
    void theAuthorizationRequestIsTheAppsOwn() throws Exception {
        Deployment d = deployment("web-desktop-mobile");
        Expectation e = expectation(d);
        ClientProfile ios = e.client("ios").orElseThrow().profile();
        CodeVerifier verifier = new CodeVerifier();
        State state = new State();
        URI uri = TokenFlows.authorizationUri(URI.create("https://authentik.company/application/o/authorize/"), ios,
                "OpenCloudIOS", List.of("openid", "offline_access"), "oc://ios.opencloud.eu", state, verifier);
        Map<String, String> q = LoopbackRedirectListener.query(uri.getRawQuery());
        String expected = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getValue().getBytes(StandardCharsets.US_ASCII)));
        assertEquals(expected, q.get("code_challenge"));
        assertEquals("S256", q.get("code_challenge_method"));
        assertEquals(state.getValue(), q.get("state"));
        assertEquals("code", q.get("response_type"));
        assertEquals("OpenCloudIOS", q.get("client_id"));
        assertEquals("oc://ios.opencloud.eu", q.get("redirect_uri"));
        assertEquals("openid offline_access", q.get("scope"));
        assertEquals(ios.authorization().prompt(), q.get("prompt"));
        assertEquals("/application/o/authorize/", uri.getPath());
        ClientProfile desktop = e.client("desktop").orElseThrow().profile();
        URI raw = TokenFlows.authorizationUri(URI.create("https://authentik.company/application/o/authorize/"), desktop,
                "OpenCloudDesktop", List.of("openid"), "http://127.0.0.1:4711", state, verifier);
        assertEquals(desktop.authorization().rawRedirectUri(), raw.getRawQuery().contains("redirect_uri=http://127.0.0.1:4711"), raw.toString());
    }

    @Test
    void everyClientActsAsItsAppAndGetsTokensAndRefreshesWhereItNeedsTo() throws Exception {
        Deployment d = deployment("web-desktop-mobile");
        try (ScriptedAuthentik authentik = new ScriptedAuthentik(d, USER, PASSWORD)) {
            Session s = flows(authentik, d).run(USER, PASSWORD, null);
            assertEquals(USER, s.username());
            assertEquals(4, s.tokens().size());
            for (ExpectedClient c : expectation(d).clients()) {
                ClientTokens t = s.tokens(c).orElseThrow();
                assertTrue(t.ok(), c.clientId() + ": " + t.error());
                assertEquals(c.clientId(), t.clientId(), "the client id came from WebFinger");
                assertEquals(List.of(c.clientId()), SignedJWT.parse(t.idToken()).getJWTClaimsSet().getAudience());
                if (c.needsRefreshToken()) {
                    assertNotNull(t.refreshToken(), c.clientId() + " asked for offline_access");
                    assertNull(t.refresh().error(), t.refresh().error());
                    assertNotNull(t.refresh().accessToken());
                } else {
                    assertNull(t.refreshToken(), c.clientId() + " asked for no offline_access");
                }
                assertFalse(t.requests().isEmpty());
            }
            String desktop = s.tokens().get("OpenCloudDesktop").redirectUri();
            assertTrue(desktop.matches("http://127\\.0\\.0\\.1:\\d+"), "the desktop app's loopback URI on a random port, no path: " + desktop);
            assertEquals("oc://android.opencloud.eu", s.tokens().get("OpenCloudAndroid").redirectUri());
            assertEquals("https://opencloud.company/oidc-callback.html", s.tokens().get("web").redirectUri());
            // WebFinger exactly as each app asks it
            assertTrue(authentik.webfingerQueries.contains("resource=https%3A%2F%2Fopencloud.company%2F&platform=web&rel=http%3A%2F%2Fopenid.net%2Fspecs%2Fconnect%2F1.0%2Fissuer"),
                    authentik.webfingerQueries.toString());
            assertTrue(authentik.authorizeQueries.stream().anyMatch(q -> q.contains("redirect_uri=http://127.0.0.1:")),
                    "the desktop app sends its redirect URI raw: " + authentik.authorizeQueries);
            // every app logs in in a browser session of its own, as on real devices; consent where the app prompts for it
            assertEquals(4, authentik.postedAnswers.stream().filter("ak-stage-identification"::equals).count());
            assertEquals(4, authentik.postedAnswers.stream().filter("ak-stage-password"::equals).count());
            assertTrue(authentik.postedAnswers.contains("ak-stage-consent"), authentik.postedAnswers.toString());
        }
    }

    @Test
    void theExecutorsRedirectChainIsFollowed() throws Exception {
        Deployment d = deployment("web-only");
        try (ScriptedAuthentik authentik = new ScriptedAuthentik(d, USER, PASSWORD)) {
            authentik.executorRedirectsAfterPassword = 3;
            ClientTokens t = flows(authentik, d).run(USER, PASSWORD, null).tokens().get("web");
            assertTrue(t.ok(), t.error());
        }
    }

    @Test
    void aWrongWebfingerClientIdLeadsTheAppThatReadsItAstray() throws Exception {
        Deployment d = deployment("web-desktop-mobile");
        java.util.Map<String, String> env = new java.util.HashMap<>(d.opencloud().env());
        env.put("WEBFINGER_ANDROID_OIDC_CLIENT_ID", "OpenCloudAndroidApp");
        env.put("WEBFINGER_IOS_OIDC_CLIENT_ID", "OpenCloudiOS");
        Deployment wrong = new Deployment(d.name(), d.authentik(), d.providers(),
                new Deployment.OpenCloud(d.opencloud().host(), d.opencloud().composeFiles(), env), d.proxy());
        try (ScriptedAuthentik authentik = new ScriptedAuthentik(wrong, USER, PASSWORD)) {
            Session s = new TokenFlows(authentik.world, expectation(d)).run(USER, PASSWORD, null);
            ClientTokens android = s.tokens().get("OpenCloudAndroid");
            assertFalse(android.ok());
            assertEquals("OpenCloudAndroidApp", android.clientId());
            assertEquals(ClientTokens.Stage.AUTHORIZE, android.failedAt());
            ClientTokens ios = s.tokens().get("OpenCloudIOS");
            assertTrue(ios.ok(), "the iOS app uses its built-in client id, whatever WebFinger says: " + ios.error());
            assertEquals("OpenCloudIOS", ios.clientId());
        }
    }

    @Test
    void withoutOfflineAccessThereIsNoRefreshToken() throws Exception {
        Deployment d = deployment("web-only");
        try (ScriptedAuthentik authentik = new ScriptedAuthentik(d, USER, PASSWORD)) {
            ClientTokens t = flows(authentik, d).run(USER, PASSWORD, null).tokens().get("web");
            assertTrue(t.ok(), t.error());
            assertEquals("https://opencloud.company/oidc-callback.html", t.redirectUri());
            assertNull(t.refreshToken());
            assertNull(t.refresh());
        }
    }

    @Test
    void aRefusedPasswordIsReportedPerClientNotThrown() throws Exception {
        Deployment d = deployment("web-desktop-mobile");
        try (ScriptedAuthentik authentik = new ScriptedAuthentik(d, USER, PASSWORD)) {
            Session s = flows(authentik, d).run(USER, "wrong", null);
            for (ClientTokens t : s.tokens().values()) {
                assertFalse(t.ok());
                assertTrue(t.error().contains("refused the answer to ak-stage-password"), t.error());
                assertFalse(t.error().contains("wrong"), "the password never appears in an error");
            }
        }
    }

    @Test
    void anAccessDeniedStageIsReported() throws Exception {
        Deployment d = deployment("web-only");
        try (ScriptedAuthentik authentik = new ScriptedAuthentik(d, USER, PASSWORD)) {
            authentik.denyAccess = true;
            ClientTokens t = flows(authentik, d).run(USER, PASSWORD, null).tokens().get("web");
            assertTrue(t.error().contains("denied access") && t.error().contains("Access denied for user"), t.error());
        }
    }

    @Test
    void theAuthorizerSeesACodeForTheAppsUriAndARefusalForALookAlike() throws Exception {
        Deployment d = deployment("web-desktop-mobile");
        Expectation e = expectation(d);
        try (ScriptedAuthentik authentik = new ScriptedAuthentik(d, USER, PASSWORD)) {
            Session s = flows(authentik, d).run(USER, PASSWORD, null);
            ExpectedClient android = e.client("android").orElseThrow();
            AuthorizeOutcome ok = s.authorizer().authorize(android, "oc://android.opencloud.eu");
            assertTrue(ok.redirectedWithCode("oc://android.opencloud.eu"), ok.toString());
            AuthorizeOutcome refused = s.authorizer().authorize(android, "oc://android.opencloud.eu.evil");
            assertFalse(refused.redirectedWithCode("oc://android.opencloud.eu.evil"), refused.toString());
            assertEquals(400, refused.status());
            assertNull(refused.location());
            assertTrue(refused.error().contains("400"), refused.error());
            ExpectedClient desktop = e.client("desktop").orElseThrow();
            AuthorizeOutcome loopback = s.authorizer().authorize(desktop, "http://localhost:4711/callback");
            assertTrue(loopback.redirectedWithCode("http://localhost:4711/callback"), "redirects are not followed: " + loopback);
        }
    }
}
