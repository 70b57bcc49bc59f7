package io.github.akoc.standin.authentik;

import io.github.akoc.testing.SelfTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** facts/authentik.md § OIDC behaviour: authorize, token, userinfo, discovery and JWKS, and what they refuse. */
@SelfTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OidcEndpointsTest {
    private static final String CALLBACK = "https://cloud.example.test/oidc-callback.html";
    private StandInHarness s;
    private String cookie;

    @BeforeAll
    void start() {
        s = new StandInHarness("2026.8.3");
        cookie = s.login("akadmin", s.password);
    }

    @AfterAll
    void stop() {
        s.close();
    }

    private String newSlug() {
        return "app" + System.nanoTime();
    }

    private HttpResponse<String> authorize(String clientId, String redirectUri, Map<String, String> extra, String withCookie) {
        Map<String, String> q = new HashMap<>(Map.of("client_id", clientId, "redirect_uri", redirectUri, "response_type", "code",
                "scope", "openid profile email offline_access", "state", "st-1"));
        q.putAll(extra);
        return s.get("/application/o/authorize/?" + StandInHarness.form(q), withCookie == null ? Map.of() : Map.of("Cookie", withCookie));
    }

    /** The code from a successful authorize redirect. */
    private String code(String clientId, String redirectUri, Map<String, String> extra) {
        HttpResponse<String> r = authorize(clientId, redirectUri, extra, cookie);
        assertEquals(302, r.statusCode(), r.body());
        String location = r.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(redirectUri + "?"), location);
        assertEquals("st-1", StandInHarness.query(location).get("state"));
        return StandInHarness.query(location).get("code");
    }

    private JsonNode tokens(String clientId, String code, String redirectUri, String verifier) {
        Map<String, String> p = new HashMap<>(Map.of("grant_type", "authorization_code", "client_id", clientId, "code", code,
                "redirect_uri", redirectUri));
        if (verifier != null) {
            p.put("code_verifier", verifier);
        }
        HttpResponse<String> r = s.tokenRequest(p);
        assertEquals(200, r.statusCode(), r.body());
        return s.json(r);
    }

    @Test
    @DisplayName("views/authorize.py @6c04503c:363-371 and 571-577, errors.py (audit D7, D8): prompt=none with consent is login_required without a session; signed in, the flow runs with its consent stage first")
    void promptNoneWithConsent() {
        JsonNode p = s.createClient(newSlug(), s.providerRequest("p" + System.nanoTime(), CALLBACK));
        HttpResponse<String> anonymous = authorize(p.get("client_id").asText(), CALLBACK, Map.of("prompt", "none consent"), null);
        Map<String, String> error = StandInHarness.query(anonymous.headers().firstValue("Location").orElseThrow());
        assertEquals("login_required", error.get("error"));
        assertEquals("The Authorization Server requires End-User authentication", error.get("error_description"));
        HttpResponse<String> signedIn = authorize(p.get("client_id").asText(), CALLBACK, Map.of("prompt", "none consent"), cookie);
        String to = signedIn.headers().firstValue("Location").orElseThrow();
        assertTrue(to.startsWith("/if/flow/") && !to.contains("error="), to);
    }

    @Test
    @DisplayName("fixtures/recorded (2026.2.2): authorize needs a login first: a redirect to the authentication flow with the authorize query and next")
    void authorizeRequiresLogin() {
        JsonNode p = s.createClient(newSlug(), s.providerRequest("p" + System.nanoTime(), CALLBACK));
        HttpResponse<String> r = authorize(p.get("client_id").asText(), CALLBACK, Map.of(), null);
        assertEquals(302, r.statusCode());
        String location = r.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith("/if/flow/default-authentication-flow/?"), location);
        assertEquals(p.get("client_id").asText(), StandInHarness.query(location).get("client_id"), location);
        assertTrue(location.contains("&next=%2Fapplication%2Fo%2Fauthorize%2F%3F"), location);
        assertEquals("text/html; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
        assertFalse(location.contains("code="));
    }

    @Test
    @DisplayName("fixtures/recorded + id_token.py @2026.2.2: code flow with PKCE S256 gives RS256 tokens (kid = base64url SHA-512 of key_data), aud = client_id; the access token adds azp, uid and scope to the id token's claims")
    void codeFlowWithPkce() throws Exception {
        String slug = newSlug();
        JsonNode p = s.createClient(slug, s.providerRequest("p" + System.nanoTime(), CALLBACK));
        String clientId = p.get("client_id").asText();
        String verifier = "v".repeat(50);
        String code = code(clientId, CALLBACK, Map.of("code_challenge", StandInHarness.s256(verifier), "code_challenge_method", "S256",
                "nonce", "n-1"));
        JsonNode t = tokens(clientId, code, CALLBACK, verifier);
        SignedJWT id = SignedJWT.parse(t.get("id_token").asText());
        assertEquals(JWSAlgorithm.RS256, id.getHeader().getAlgorithm());
        JWKSet jwks = JWKSet.parse(s.get("/application/o/" + slug + "/jwks/", Map.of()).body());
        RSAKey key = (RSAKey) jwks.getKeyByKeyId(id.getHeader().getKeyID());
        JsonNode jwk = s.json(s.get("/application/o/" + slug + "/jwks/", Map.of())).path("keys").get(0);
        for (String field : new String[] {"kty", "alg", "use", "kid", "n", "e", "x5c", "x5t", "x5t#S256"}) {
            assertTrue(jwk.has(field), field + " missing in " + jwk);
        }
        assertTrue(id.verify(new RSASSAVerifier(key)));
        assertEquals(s.base + "/application/o/" + slug + "/", id.getJWTClaimsSet().getIssuer());
        assertEquals(clientId, id.getJWTClaimsSet().getAudience().get(0));
        assertNull(id.getJWTClaimsSet().getClaim("azp"), "the id token has no azp");
        assertEquals(40, id.getJWTClaimsSet().getJWTID().length());
        assertEquals("n-1", id.getJWTClaimsSet().getStringClaim("nonce"));
        assertEquals("akadmin", id.getJWTClaimsSet().getStringClaim("preferred_username"));
        SignedJWT access = SignedJWT.parse(t.get("access_token").asText());
        assertEquals(clientId, access.getJWTClaimsSet().getStringClaim("azp"));
        assertEquals(id.getJWTClaimsSet().getJWTID(), access.getJWTClaimsSet().getJWTID(), "one IDToken behind both");
        assertEquals(id.getJWTClaimsSet().getStringClaim("sid"), access.getJWTClaimsSet().getStringClaim("sid"));
        assertEquals(64, id.getJWTClaimsSet().getStringClaim("sid").length(), "SHA-256 hex of the session key");
        assertTrue(access.getJWTClaimsSet().getStringClaim("scope").contains("openid"));
        assertTrue(access.verify(new RSASSAVerifier(key)));
        JsonNode keyPair = s.json(s.api("GET", "crypto/certificatekeypairs/?name=authentik%20Self-signed%20Certificate", null)).path("results").get(0);
        assertEquals(86, id.getHeader().getKeyID().length(), "2026.2+: unpadded base64url of 64 bytes");
        assertEquals(p.get("signing_key").asText(), keyPair.get("pk").asText());
        HttpResponse<String> info = s.send("GET", "/application/o/userinfo/", t.get("access_token").asText(), null, Map.of());
        assertEquals(200, info.statusCode());
        assertEquals(id.getJWTClaimsSet().getSubject(), s.json(info).get("sub").asText());
        assertEquals("root@example.com", s.json(info).get("email").asText());
    }

    @Test
    @DisplayName("id_token.py:90-105 + views/userinfo.py:123 @version/2026.2.2: the provider's sub_mode decides sub, in both tokens and in userinfo; hashed_user_id is the same across providers")
    void subjectModes() throws Exception {
        Map<String, String> subs = new HashMap<>();
        for (String mode : new String[] {"hashed_user_id", "user_username", "user_email", "user_id"}) {
            ObjectNode req = s.providerRequest("sm" + System.nanoTime(), CALLBACK);
            req.put("sub_mode", mode);
            String clientId = s.createClient(newSlug(), req).get("client_id").asText();
            JsonNode t = tokens(clientId, code(clientId, CALLBACK, Map.of()), CALLBACK, null);
            String sub = SignedJWT.parse(t.get("id_token").asText()).getJWTClaimsSet().getSubject();
            assertEquals(sub, SignedJWT.parse(t.get("access_token").asText()).getJWTClaimsSet().getSubject());
            assertEquals(sub, s.json(s.send("GET", "/application/o/userinfo/", t.get("access_token").asText(), null, Map.of())).get("sub").asText());
            subs.put(mode, sub);
        }
        assertEquals("akadmin", subs.get("user_username"));
        assertEquals("root@example.com", subs.get("user_email"));
        assertEquals(64, subs.get("hashed_user_id").length());
        assertNotEquals(subs.get("hashed_user_id"), subs.get("user_id"));
    }

    @Test
    @DisplayName("models.py encrypt @b881edd9, views/jwks.py: with an encryption key every token is a compact JWE (RSA-OAEP-256, A256CBC-HS512, typ JWE, the key's kid), and the JWKS lists that key for enc")
    void encryptionKeyGivesJweTokens() throws Exception {
        String slug = newSlug();
        ObjectNode req = s.providerRequest("enc" + System.nanoTime(), CALLBACK);
        req.put("encryption_key", s.key(Directory.SELF_SIGNED));
        String clientId = s.createClient(slug, req).get("client_id").asText();
        JsonNode t = tokens(clientId, code(clientId, CALLBACK, Map.of()), CALLBACK, null);
        for (String field : new String[] {"id_token", "access_token"}) {
            String token = t.get(field).asText();
            assertEquals(5, token.split("\\.", -1).length, field + " is a compact JWE");
            com.nimbusds.jose.JWEHeader h = com.nimbusds.jose.JWEObject.parse(token).getHeader();
            assertEquals(com.nimbusds.jose.JWEAlgorithm.RSA_OAEP_256, h.getAlgorithm());
            assertEquals(com.nimbusds.jose.EncryptionMethod.A256CBC_HS512, h.getEncryptionMethod());
            assertEquals("JWE", h.getType().getType());
        }
        JsonNode keys = s.json(s.get("/application/o/" + slug + "/jwks/", Map.of())).path("keys");
        assertEquals(2, keys.size(), keys.toString());
        assertEquals("enc", keys.get(1).path("use").asText());
        assertEquals("RSA-OAEP-256", keys.get(1).path("alg").asText());
        assertEquals(keys.get(1).path("kid").asText(), com.nimbusds.jose.JWEObject.parse(t.get("id_token").asText()).getHeader().getKeyID());
    }

    @Test
    @DisplayName("facts/authentik.md § OIDC behaviour: once a challenge was sent the verifier is required and must match, none may come without one; codes are single-use")
    void pkceAndCodeRefusals() {
        JsonNode p = s.createClient(newSlug(), s.providerRequest("p" + System.nanoTime(), CALLBACK));
        String clientId = p.get("client_id").asText();
        String verifier = "w".repeat(50);
        Map<String, String> pkce = Map.of("code_challenge", StandInHarness.s256(verifier), "code_challenge_method", "S256");
        for (String wrong : new String[] {null, "x".repeat(50)}) {
            Map<String, String> req = new HashMap<>(Map.of("grant_type", "authorization_code", "client_id", clientId,
                    "code", code(clientId, CALLBACK, pkce), "redirect_uri", CALLBACK));
            if (wrong != null) {
                req.put("code_verifier", wrong);
            }
            HttpResponse<String> r = s.tokenRequest(req);
            assertEquals(400, r.statusCode());
            assertEquals("invalid_grant", s.json(r).get("error").asText());
        }
        // token.py __post_init_code @version/2026.2.2 (standin-audit D13): an unregistered redirect_uri is invalid_client,
        // checked before the code; the code is not bound to the authorize request's URI; no PKCE downgrade
        String code = code(clientId, CALLBACK, Map.of());
        HttpResponse<String> wrongRedirect = s.tokenRequest(Map.of("grant_type", "authorization_code", "client_id", clientId,
                "code", code, "redirect_uri", CALLBACK + "x"));
        assertEquals("invalid_client", s.json(wrongRedirect).get("error").asText());
        HttpResponse<String> downgrade = s.tokenRequest(Map.of("grant_type", "authorization_code", "client_id", clientId,
                "code", code, "redirect_uri", CALLBACK, "code_verifier", verifier));
        assertEquals("invalid_grant", s.json(downgrade).get("error").asText(), "a verifier for a code sent without a challenge");
        ObjectNode two = s.providerRequest("b" + System.nanoTime(), CALLBACK, CALLBACK + "2");
        String twoId = s.createClient(newSlug(), two).get("client_id").asText();
        HttpResponse<String> otherRegistered = s.tokenRequest(Map.of("grant_type", "authorization_code", "client_id", twoId,
                "code", code(twoId, CALLBACK, Map.of()), "redirect_uri", CALLBACK + "2"));
        assertEquals(200, otherRegistered.statusCode(), "the code is not bound to the authorize request's URI: " + otherRegistered.body());
        String code2 = code(clientId, CALLBACK, Map.of("code_challenge", "plainchallenge-" + "p".repeat(40), "code_challenge_method", "plain"));
        tokens(clientId, code2, CALLBACK, "plainchallenge-" + "p".repeat(40));
        HttpResponse<String> reused = s.tokenRequest(Map.of("grant_type", "authorization_code", "client_id", clientId,
                "code", code2, "redirect_uri", CALLBACK, "code_verifier", "plainchallenge-" + "p".repeat(40)));
        assertEquals(400, reused.statusCode());
        assertEquals("invalid_grant", s.json(reused).get("error").asText());
    }

    @Test
    @DisplayName("facts/authentik.md § OIDC behaviour: confidential clients need their secret, public ones do not")
    void clientAuthentication() {
        ObjectNode req = s.providerRequest("c" + System.nanoTime(), CALLBACK);
        req.put("client_type", "confidential");
        JsonNode p = s.createClient(newSlug(), req);
        String clientId = p.get("client_id").asText();
        HttpResponse<String> noSecret = s.tokenRequest(Map.of("grant_type", "authorization_code", "client_id", clientId,
                "code", code(clientId, CALLBACK, Map.of()), "redirect_uri", CALLBACK));
        assertEquals("invalid_client", s.json(noSecret).get("error").asText());
        HttpResponse<String> ok = s.tokenRequest(Map.of("grant_type", "authorization_code", "client_id", clientId,
                "client_secret", p.get("client_secret").asText(), "code", code(clientId, CALLBACK, Map.of()), "redirect_uri", CALLBACK));
        assertEquals(200, ok.statusCode(), ok.body());
    }

    @Test
    @DisplayName("facts/authentik.md § OIDC behaviour: refresh tokens only with offline_access; refresh rotates and revokes the old one")
    void refreshRotation() {
        JsonNode p = s.createClient(newSlug(), s.providerRequest("r" + System.nanoTime(), CALLBACK));
        String clientId = p.get("client_id").asText();
        JsonNode t = tokens(clientId, code(clientId, CALLBACK, Map.of()), CALLBACK, null);
        String rt = t.get("refresh_token").asText();
        HttpResponse<String> r1 = s.tokenRequest(Map.of("grant_type", "refresh_token", "client_id", clientId, "refresh_token", rt));
        assertEquals(200, r1.statusCode(), r1.body());
        String rt2 = s.json(r1).get("refresh_token").asText();
        assertNotEquals(rt, rt2);
        HttpResponse<String> again = s.tokenRequest(Map.of("grant_type", "refresh_token", "client_id", clientId, "refresh_token", rt));
        assertEquals("invalid_grant", s.json(again).get("error").asText());
        JsonNode noOffline = tokens(clientId, code(clientId, CALLBACK, Map.of("scope", "openid profile")), CALLBACK, null);
        assertNull(noOffline.get("refresh_token"));
    }

    @Test
    @DisplayName("authentik/providers/oauth2/models.py BaseGrantModel.session (CASCADE) @2026.2.2: a login that renews the browser session (prompt=login) deletes the access tokens issued in it; refresh tokens stay")
    void aNewLoginInTheSameBrowserSessionRevokesItsAccessTokens() {
        String clientId = s.createClient(newSlug(), s.providerRequest("sb" + System.nanoTime(), CALLBACK)).get("client_id").asText();
        String own = s.login("akadmin", s.password);
        JsonNode first = tokens(clientId, codeWith(clientId, own, Map.of("scope", "openid offline_access")), CALLBACK, null);
        assertEquals(200, s.get("/application/o/userinfo/", Map.of("Authorization", "Bearer " + first.get("access_token").asText())).statusCode());
        // prompt=login sends a logged-in user to log in again; that login cycles the session
        HttpResponse<String> again = authorize(clientId, CALLBACK, Map.of("prompt", "login"), own);
        assertEquals(302, again.statusCode());
        assertTrue(again.headers().firstValue("Location").orElseThrow().startsWith("/if/flow/default-authentication-flow/"),
                "prompt=login asks for a new login: " + again.headers().firstValue("Location"));
        String renewed = s.login("akadmin", s.password, own);
        assertNotEquals(StandInHarness.cookieValue(own, Sessions.COOKIE), StandInHarness.cookieValue(renewed, Sessions.COOKIE));
        assertEquals(401, s.get("/application/o/userinfo/", Map.of("Authorization", "Bearer " + first.get("access_token").asText())).statusCode(),
                "the access token died with the session it was issued in");
        HttpResponse<String> refreshed = s.tokenRequest(Map.of("grant_type", "refresh_token", "client_id", clientId,
                "refresh_token", first.get("refresh_token").asText()));
        assertEquals(200, refreshed.statusCode(), "the refresh token outlives its session: " + refreshed.body());
    }

    private String codeWith(String clientId, String cookieHeader, Map<String, String> extra) {
        HttpResponse<String> r = authorize(clientId, CALLBACK, extra, cookieHeader);
        assertEquals(302, r.statusCode(), r.body());
        return StandInHarness.query(r.headers().firstValue("Location").orElseThrow()).get("code");
    }

    @Test
    @DisplayName("facts/authentik.md § grant_types (2026.5+): refused at the authorization endpoint already: an error redirect for http(s), a 400 page for oc://")
    void grantTypesEmptyRefusedAtAuthorize() {
        ObjectNode req = s.providerRequest("g" + System.nanoTime(), CALLBACK, "oc://android.opencloud.eu");
        req.remove("grant_types");
        String clientId = s.createClient(newSlug(), req).get("client_id").asText();
        HttpResponse<String> http = authorize(clientId, CALLBACK, Map.of(), cookie);
        assertEquals(302, http.statusCode(), http.body());
        Map<String, String> q = StandInHarness.query(http.headers().firstValue("Location").orElseThrow());
        assertEquals("invalid_request", q.get("error"));
        assertEquals("The request is otherwise malformed", q.get("error_description"));
        assertEquals("st-1", q.get("state"));
        HttpResponse<String> custom = authorize(clientId, "oc://android.opencloud.eu", Map.of(), cookie);
        assertEquals(400, custom.statusCode(), "Django's HttpResponseRedirect refuses a custom scheme (DisallowedRedirect)");
        assertTrue(custom.headers().firstValue("Location").isEmpty());
        assertTrue(custom.body().contains("Bad Request (400)"), custom.body());
    }

    @Test
    @DisplayName("facts/authentik.md § grant_types (2026.5+): at the token endpoint a grant type the provider lacks is invalid_grant with the generic RFC text")
    void grantTypeMissingAtTokenEndpoint() {
        ObjectNode req = s.providerRequest("r" + System.nanoTime(), CALLBACK);
        req.putArray("grant_types").add("authorization_code");
        String clientId = s.createClient(newSlug(), req).get("client_id").asText();
        JsonNode t = tokens(clientId, code(clientId, CALLBACK, Map.of("scope", "openid offline_access")), CALLBACK, null);
        HttpResponse<String> r = s.tokenRequest(Map.of("grant_type", "refresh_token", "client_id", clientId,
                "refresh_token", t.path("refresh_token").asText("none")));
        assertEquals(400, r.statusCode());
        assertEquals("invalid_grant", s.json(r).get("error").asText());
        assertEquals(OidcEndpoints.INVALID_GRANT, s.json(r).get("error_description").asText());
    }

    @Test
    @DisplayName("facts/authentik.md § OIDC behaviour: redirect matching strict = equality, regex = full match, custom schemes fine; others get a 400 page, never a redirect")
    void redirectMatching() {
        ObjectNode req = s.providerRequest("m" + System.nanoTime());
        var uris = req.putArray("redirect_uris");
        uris.addObject().put("matching_mode", "strict").put("url", CALLBACK);
        uris.addObject().put("matching_mode", "regex").put("url", "https://web\\.example\\.test/.*");
        uris.addObject().put("matching_mode", "strict").put("url", "oc://android.opencloud.eu");
        JsonNode p = s.createClient(newSlug(), req);
        String clientId = p.get("client_id").asText();
        code(clientId, CALLBACK, Map.of());
        code(clientId, "https://web.example.test/anything", Map.of());
        code(clientId, "oc://android.opencloud.eu", Map.of());
        for (String bad : new String[] {CALLBACK + "/", "https://cloud.example.test/oidc-callback.html.evil", "https://evil.test/?https://web.example.test/x",
                "xhttps://web.example.test/", "javascript:alert(1)", "data:text/html,x"}) {
            HttpResponse<String> r = authorize(clientId, bad, Map.of(), cookie);
            assertEquals(400, r.statusCode(), bad);
            assertTrue(r.headers().firstValue("Location").isEmpty(), bad);
        }
        assertEquals(400, authorize("no-such-client", CALLBACK, Map.of(), cookie).statusCode());
        HttpResponse<String> token = authorize(clientId, CALLBACK, Map.of("response_type", "token"), cookie);
        assertTrue(token.headers().firstValue("Location").orElseThrow().contains("error=unsupported_response_type"));
    }

    @Test
    @DisplayName("facts/authentik.md § OIDC behaviour: a provider without signing key signs HS256 with the client secret and serves JWKS {}")
    void noSigningKey() throws Exception {
        String slug = newSlug();
        ObjectNode req = s.providerRequest("h" + System.nanoTime(), CALLBACK);
        req.putNull("signing_key");
        JsonNode p = s.createClient(slug, req);
        String clientId = p.get("client_id").asText();
        HttpResponse<String> jwks = s.get("/application/o/" + slug + "/jwks/", Map.of());
        assertEquals("{}", jwks.body());
        assertEquals("*", jwks.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        SignedJWT id = SignedJWT.parse(tokens(clientId, code(clientId, CALLBACK, Map.of()), CALLBACK, null).get("id_token").asText());
        assertEquals(JWSAlgorithm.HS256, id.getHeader().getAlgorithm());
        assertTrue(id.verify(new MACVerifier(p.get("client_secret").asText())));
    }

    @Test
    @DisplayName("facts/authentik.md § OIDC behaviour: two providers with different keys have different kids; sub is the same for one user")
    void differentKeysSameSub() throws Exception {
        JsonNode a = s.createClient(newSlug(), s.providerRequest("k1" + System.nanoTime(), CALLBACK));
        ObjectNode reqB = s.providerRequest("k2" + System.nanoTime(), CALLBACK);
        reqB.put("signing_key", s.generateKey("opencloud-e2e other key " + System.nanoTime()));
        JsonNode b = s.createClient(newSlug(), reqB);
        SignedJWT ta = SignedJWT.parse(tokens(a.get("client_id").asText(), code(a.get("client_id").asText(), CALLBACK, Map.of()), CALLBACK, null)
                .get("id_token").asText());
        SignedJWT tb = SignedJWT.parse(tokens(b.get("client_id").asText(), code(b.get("client_id").asText(), CALLBACK, Map.of()), CALLBACK, null)
                .get("id_token").asText());
        assertNotEquals(ta.getHeader().getKeyID(), tb.getHeader().getKeyID());
        assertEquals(ta.getJWTClaimsSet().getSubject(), tb.getJWTClaimsSet().getSubject());
    }

    @Test
    @DisplayName("facts/authentik.md § OIDC behaviour: discovery and JWKS per application (404 unknown slug), nothing at /.well-known/openid-configuration")
    void discovery() {
        String slug = newSlug();
        s.createClient(slug, s.providerRequest("d" + System.nanoTime(), CALLBACK));
        JsonNode d = s.json(s.get("/application/o/" + slug + "/.well-known/openid-configuration", Map.of()));
        assertEquals(s.base + "/application/o/" + slug + "/", d.get("issuer").asText());
        assertEquals(s.base + "/application/o/authorize/", d.get("authorization_endpoint").asText());
        assertEquals(s.base + "/application/o/" + slug + "/jwks/", d.get("jwks_uri").asText());
        assertEquals("[\"plain\",\"S256\"]", d.get("code_challenge_methods_supported").toString());
        assertEquals(404, s.get("/.well-known/openid-configuration", Map.of()).statusCode());
        assertEquals(404, s.get("/application/o/no-such-app/.well-known/openid-configuration", Map.of()).statusCode());
        assertEquals(404, s.get("/application/o/no-such-app/jwks/", Map.of()).statusCode());
        assertEquals(401, s.send("GET", "/application/o/userinfo/", "not-a-token", null, Map.of()).statusCode());
    }

    /** The invalidation flow end-session sent the browser to, run as the flow interface's script does. */
    private JsonNode invalidationFlow(HttpResponse<String> endSession, String cookie) {
        assertEquals(302, endSession.statusCode(), endSession.body());
        String location = endSession.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith("/if/flow/"), location);
        String path = location.contains("?") ? location.substring(0, location.indexOf('?')) : location;
        String query = location.contains("?") ? location.substring(location.indexOf('?') + 1) : "";
        String slug = path.substring("/if/flow/".length(), path.length() - 1);
        return s.json(s.executor("GET", "/api/v3/flows/executor/" + slug + "/?query="
                + java.net.URLEncoder.encode(query, java.nio.charset.StandardCharsets.UTF_8), cookie, null));
    }

    @Test
    @DisplayName("end_session.py + flows/stage.py SessionEndStage + blueprints default/flow-default-(provider-)invalidation(-flow).yaml @version/2026.2.2: "
            + "end-session ends on \"You've logged out of APP\" and authentik's session survives; only the brand's flow (User Logout stage) ends it")
    void endSession() {
        String slug = newSlug();
        JsonNode p = s.createClient(slug, s.providerRequest("e" + System.nanoTime(), CALLBACK));
        String own = s.login("akadmin", s.password);
        JsonNode end = invalidationFlow(s.get("/application/o/" + slug + "/end-session/", Map.of("Cookie", own)), own);
        assertEquals("ak-stage-session-end", end.path("component").asText(), end.toString());
        assertEquals("https://cloud.example.test", end.path("application_launch_url").asText(), "the first redirect URI without its path");
        assertEquals("/if/flow/default-invalidation-flow/", end.path("invalidation_flow_url").asText());
        HttpResponse<String> still = authorize(p.get("client_id").asText(), CALLBACK, Map.of(), own);
        assertTrue(still.headers().firstValue("Location").orElseThrow().startsWith(CALLBACK + "?code="), "still signed in to authentik");

        JsonNode logout = s.json(s.executor("GET", "/api/v3/flows/executor/default-invalidation-flow/?query=", own, null));
        assertEquals("xak-flow-redirect", logout.path("component").asText(), logout.toString());
        HttpResponse<String> after = authorize(p.get("client_id").asText(), CALLBACK, Map.of(), own);
        assertTrue(after.headers().firstValue("Location").orElseThrow().startsWith("/if/flow/default-authentication-flow/"), "logged out");
        HttpResponse<String> root = s.get("/", Map.of("Cookie", own));
        assertEquals("/flows/-/default/authentication/?next=%2F", root.headers().firstValue("Location").orElseThrow(), "root-redirect is login_required");
    }

    @Test
    @DisplayName("end_session.py @version/2026.2.2 and the June main (2026.8.0-rc1): without a session end-session sends the browser to log in first, with its query and next (goauthentik/authentik#24012); from 2026.8.0 it runs the flow (#23773)")
    void endSessionWithoutSessionBefore2026_5() {
        for (String release : List.of("2026.5.6", "2026.8.0-rc1")) {
            try (StandInHarness h = new StandInHarness(release)) {
                String slug = "e" + System.nanoTime();
                h.createClient(slug, h.providerRequest("e" + System.nanoTime(), CALLBACK));
                String location = h.get("/application/o/" + slug + "/end-session/", Map.of()).headers().firstValue("Location").orElseThrow();
                assertTrue(location.startsWith("/if/flow/default-authentication-flow/?next="), release + ": " + location);
            }
        }
        String current = newSlug();
        s.createClient(current, s.providerRequest("e" + System.nanoTime(), CALLBACK));
        String runs = s.get("/application/o/" + current + "/end-session/?state=s1", Map.of()).headers().firstValue("Location").orElseThrow();
        assertEquals("/if/flow/default-provider-invalidation-flow/?state=s1", runs, "2026.8.3: the flow runs, with the query");
        StandInHarness old = new StandInHarness("2026.2.0");
        try {
            String slug = "e" + System.nanoTime();
            old.createClient(slug, old.providerRequest("e" + System.nanoTime(), CALLBACK));
            HttpResponse<String> r = old.get("/application/o/" + slug + "/end-session/?post_logout_redirect_uri=x", Map.of());
            assertEquals(302, r.statusCode());
            // redirect_with_qs: the request's query first, then next (standin-audit D1/D6, policies/views.py:101-127)
            assertEquals("/if/flow/default-authentication-flow/?post_logout_redirect_uri=x&next=" + java.net.URLEncoder.encode("/application/o/" + slug
                    + "/end-session/?post_logout_redirect_uri=x", java.nio.charset.StandardCharsets.UTF_8), r.headers().firstValue("Location").orElseThrow());
        } finally {
            old.close();
        }
    }

    @Test
    @DisplayName("end_session.py (goauthentik @07b41fff, #22718): id_token_hint must verify; post_logout_redirect_uri counts only against logout-type URIs, "
            + "needs the hint, is ignored when the provider has none and is a 400 page when it matches none")
    void endSessionPostLogoutRedirect() {
        String post = "https://cloud.example.test/";
        String encoded = java.net.URLEncoder.encode(post, java.nio.charset.StandardCharsets.UTF_8);
        String onlyAuthorization = newSlug();
        s.createClient(onlyAuthorization, s.providerRequest("pl" + System.nanoTime(), CALLBACK, post));
        String c1 = s.login("akadmin", s.password);
        JsonNode ignored = invalidationFlow(s.get("/application/o/" + onlyAuthorization + "/end-session/?post_logout_redirect_uri=" + encoded,
                Map.of("Cookie", c1)), c1);
        assertEquals("ak-stage-session-end", ignored.path("component").asText(), "an authorization-type URI is not a logout one");
        assertEquals(400, s.get("/application/o/" + onlyAuthorization + "/end-session/?id_token_hint=a.b.c", Map.of()).statusCode(),
                "a hint that does not verify");

        String withLogout = newSlug();
        ObjectNode req = s.providerRequest("pl" + System.nanoTime(), CALLBACK);
        ((com.fasterxml.jackson.databind.node.ArrayNode) req.get("redirect_uris")).addObject().put("matching_mode", "strict").put("url", post)
                .put("redirect_uri_type", "logout");
        String clientId = s.createClient(withLogout, req).get("client_id").asText();
        String hint = tokens(clientId, code(clientId, CALLBACK, Map.of()), CALLBACK, null).get("id_token").asText();
        String path = "/application/o/" + withLogout + "/end-session/?state=s1&post_logout_redirect_uri=" + encoded;
        assertEquals(400, s.get(path, Map.of("Cookie", cookie)).statusCode(), "post_logout_redirect_uri without id_token_hint");
        JsonNode back = invalidationFlow(s.get(path + "&id_token_hint=" + hint, Map.of("Cookie", cookie)), cookie);
        assertEquals("xak-flow-redirect", back.path("component").asText(), back.toString());
        assertEquals(post + "?state=s1", back.path("to").asText());
        HttpResponse<String> other = s.get("/application/o/" + withLogout + "/end-session/?id_token_hint=" + hint + "&post_logout_redirect_uri="
                + java.net.URLEncoder.encode("https://evil.example/", java.nio.charset.StandardCharsets.UTF_8), Map.of());
        assertEquals(400, other.statusCode());
        assertTrue(other.body().contains("Bad Request"), other.body());
    }

    @Test
    @DisplayName("facts/authentik.md § OIDC behaviour (endpoints): revoke and introspect; a revoked refresh token is refused, other clients see nothing")
    void revokeAndIntrospect() {
        JsonNode p = s.createClient(newSlug(), s.providerRequest("ri" + System.nanoTime(), CALLBACK));
        JsonNode other = s.createClient(newSlug(), s.providerRequest("ro" + System.nanoTime(), CALLBACK));
        String clientId = p.get("client_id").asText();
        JsonNode t = tokens(clientId, code(clientId, CALLBACK, Map.of()), CALLBACK, null);
        String rt = t.get("refresh_token").asText();
        Map<String, String> ct = Map.of("Content-Type", "application/x-www-form-urlencoded");
        HttpResponse<String> foreign = s.send("POST", "/application/o/introspect/", null,
                StandInHarness.form(Map.of("client_id", other.get("client_id").asText(), "token", t.get("access_token").asText())), ct);
        assertFalse(s.json(foreign).get("active").asBoolean());
        HttpResponse<String> own = s.send("POST", "/application/o/introspect/", null,
                StandInHarness.form(Map.of("client_id", clientId, "token", t.get("access_token").asText())), ct);
        assertTrue(s.json(own).get("active").asBoolean(), own.body());
        assertEquals(200, s.send("POST", "/application/o/revoke/", null, StandInHarness.form(Map.of("client_id", clientId, "token", rt)), ct).statusCode());
        HttpResponse<String> refresh = s.tokenRequest(Map.of("grant_type", "refresh_token", "client_id", clientId, "refresh_token", rt));
        assertEquals("invalid_grant", s.json(refresh).get("error").asText());
    }

    @Test
    @DisplayName("authentik providers/oauth2/utils.py cors_allow: the token endpoint allows only the origins of the provider's redirect URIs")
    void tokenEndpointCorsFollowsRedirectUris() {
        JsonNode p = s.createClient(newSlug(), s.providerRequest("p" + System.nanoTime(), CALLBACK));
        String clientId = p.path("client_id").asText();
        String body = StandInHarness.form(Map.of("grant_type", "authorization_code", "client_id", clientId, "code", "none",
                "redirect_uri", CALLBACK));
        Map<String, String> form = Map.of("Content-Type", "application/x-www-form-urlencoded");

        HttpResponse<String> own = s.send("POST", "/application/o/token/", null, body,
                merge(form, Map.of("Origin", "https://cloud.example.test")));
        assertEquals("https://cloud.example.test", own.headers().firstValue("Access-Control-Allow-Origin").orElse(null));

        HttpResponse<String> foreign = s.send("POST", "/application/o/token/", null, body,
                merge(form, Map.of("Origin", "https://cloud.example.test.evil.example")));
        assertNull(foreign.headers().firstValue("Access-Control-Allow-Origin").orElse(null),
                "an origin that is not among the redirect URIs gets no CORS header");

        HttpResponse<String> preflight = s.send("OPTIONS", "/application/o/token/", null, "",
                Map.of("Origin", "https://anywhere.example", "Access-Control-Request-Headers", "content-type"));
        assertEquals(200, preflight.statusCode());
        assertEquals("https://anywhere.example", preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertEquals("content-type", preflight.headers().firstValue("Access-Control-Allow-Headers").orElse(null));
    }

    @Test
    @DisplayName("authentik views/provider.py:167 @version/2026.2.2: discovery is read cross-origin only from an origin of the provider's redirect URIs (no '*')")
    void discoveryCorsFollowsRedirectUris() {
        String slug = newSlug();
        s.createClient(slug, s.providerRequest("p" + System.nanoTime(), CALLBACK));
        String path = "/application/o/" + slug + "/.well-known/openid-configuration";

        HttpResponse<String> own = s.send("GET", path, null, null, Map.of("Origin", "https://cloud.example.test"));
        assertEquals(200, own.statusCode());
        assertEquals("https://cloud.example.test", own.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertEquals("Origin", own.headers().firstValue("Vary").orElse(null));
        assertEquals("true", own.headers().firstValue("Access-Control-Allow-Credentials").orElse(null));

        HttpResponse<String> foreign = s.send("GET", path, null, null, Map.of("Origin", "https://opencloud.other.test"));
        assertEquals(200, foreign.statusCode(), "the document is served; the browser refuses to hand it to the page");
        assertNull(foreign.headers().firstValue("Access-Control-Allow-Origin").orElse(null));

        HttpResponse<String> plain = s.send("GET", path, null, null, Map.of());
        assertNull(plain.headers().firstValue("Access-Control-Allow-Origin").orElse(null), "recorded: no CORS header without an Origin");
    }

    private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        Map<String, String> m = new HashMap<>(a);
        m.putAll(b);
        return m;
    }
}
