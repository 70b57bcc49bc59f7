package io.github.akoc.standin.authentik;

import io.github.akoc.testing.SelfTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** facts/authentik.md § OIDC behaviour ("Issuer: ... built from the request"): scheme, host and mode. */
@SelfTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IssuersTest {
    private static final String CALLBACK = "https://cloud.example.test/oidc-callback.html";
    private StandInHarness trusting;
    private StandInHarness distrusting;

    @BeforeAll
    void start() {
        trusting = new StandInHarness("2026.8.3");
        // The loopback peer is not a trusted proxy here, so X-Forwarded-Proto must be ignored.
        distrusting = new StandInHarness("2026.8.3", Map.of("AUTHENTIK_LISTEN__TRUSTED_PROXY_CIDRS", "10.0.0.0/8"));
    }

    @AfterAll
    void stop() {
        trusting.close();
        distrusting.close();
    }

    private JsonNode discovery(StandInHarness s, String slug, String host) {
        StandInHarness.Raw r = s.raw("GET", "/application/o/" + slug + "/.well-known/openid-configuration",
                Map.of("Host", host, "X-Forwarded-Proto", "https"), null);
        assertEquals(200, r.status(), r.body());
        try {
            return StandInHarness.JSON.readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError(r.body(), e);
        }
    }

    @Test
    @DisplayName("facts/authentik.md § OIDC behaviour: per_provider issuer from X-Forwarded-Proto of a trusted proxy and Host (with port)")
    void perProviderFromTrustedProxy() {
        String slug = "iss" + System.nanoTime();
        trusting.createClient(slug, trusting.providerRequest("i" + System.nanoTime(), CALLBACK));
        JsonNode d = discovery(trusting, slug, "id.example.test:8443");
        assertEquals("https://id.example.test:8443/application/o/" + slug + "/", d.get("issuer").asText());
        assertEquals("https://id.example.test:8443/application/o/token/", d.get("token_endpoint").asText());
        assertEquals("https://id.example.test/application/o/" + slug + "/", discovery(trusting, slug, "id.example.test").get("issuer").asText());
    }

    @Test
    @DisplayName("facts/authentik.md § OIDC behaviour: X-Forwarded-Proto from an untrusted peer is ignored (issuer stays http)")
    void untrustedProxyIgnored() {
        String slug = "un" + System.nanoTime();
        distrusting.createClient(slug, distrusting.providerRequest("u" + System.nanoTime(), CALLBACK));
        assertEquals("http://id.example.test/application/o/" + slug + "/", discovery(distrusting, slug, "id.example.test").get("issuer").asText());
    }

    @Test
    @DisplayName("standin-audit D2: up to 2026.8.0-rc1 (the Go server) X-Forwarded-Proto is believed from any peer; run against the real rc1")
    void beforeTheRustServerForwardedProtoFromAnyPeer() {
        for (String release : java.util.List.of("2026.2.0", "2026.8.0-rc1")) {
            try (StandInHarness old = new StandInHarness(release, Map.of("AUTHENTIK_LISTEN__TRUSTED_PROXY_CIDRS", "10.0.0.0/8"))) {
                String slug = "old" + System.nanoTime();
                old.createClient(slug, old.providerRequest("o" + System.nanoTime(), CALLBACK));
                assertEquals("https://id.example.test/application/o/" + slug + "/", discovery(old, slug, "id.example.test").get("issuer").asText(), release);
            }
        }
    }

    @Test
    @DisplayName("standin-audit D2: X-Forwarded-Host counts from a trusted proxy only, in every release")
    void forwardedHostFromTrustedProxyOnly() {
        String slug = "fh" + System.nanoTime();
        trusting.createClient(slug, trusting.providerRequest("f" + System.nanoTime(), CALLBACK));
        distrusting.createClient(slug, distrusting.providerRequest("f" + System.nanoTime(), CALLBACK));
        Map<String, String> headers = Map.of("Host", "internal:9000", "X-Forwarded-Host", "id.example.test", "X-Forwarded-Proto", "https");
        String path = "/application/o/" + slug + "/.well-known/openid-configuration";
        assertEquals("https://id.example.test/application/o/" + slug + "/", issuerOf(trusting.raw("GET", path, headers, null)));
        assertEquals("http://internal:9000/application/o/" + slug + "/", issuerOf(distrusting.raw("GET", path, headers, null)));
    }

    private static String issuerOf(StandInHarness.Raw r) {
        try {
            return StandInHarness.JSON.readTree(r.body()).path("issuer").asText();
        } catch (Exception e) {
            throw new AssertionError(r.body(), e);
        }
    }

    @Test
    @DisplayName("facts/authentik.md § OIDC behaviour: global issuer is the root URL; jwks_uri and end_session stay per slug")
    void globalMode() {
        String slug = "gl" + System.nanoTime();
        ObjectNode req = trusting.providerRequest("g" + System.nanoTime(), CALLBACK);
        req.put("issuer_mode", "global");
        trusting.createClient(slug, req);
        JsonNode d = discovery(trusting, slug, "id.example.test");
        assertEquals("https://id.example.test/", d.get("issuer").asText());
        assertEquals("https://id.example.test/application/o/" + slug + "/jwks/", d.get("jwks_uri").asText());
        assertEquals("https://id.example.test/application/o/" + slug + "/end-session/", d.get("end_session_endpoint").asText());
        assertEquals("https://id.example.test/application/o/authorize/", d.get("authorization_endpoint").asText());
    }

    @Test
    @DisplayName("facts/authentik.md § OIDC behaviour: tokens carry the iss computed at token-request time, so a different host gives a different iss")
    void tokenIssuerFromTokenRequest() throws Exception {
        StandInHarness s = trusting;
        String slug = "tk" + System.nanoTime();
        JsonNode p = s.createClient(slug, s.providerRequest("t" + System.nanoTime(), CALLBACK));
        String cookie = s.login("akadmin", s.password);
        String clientId = p.get("client_id").asText();
        Map<String, String> q = new HashMap<>(Map.of("client_id", clientId, "redirect_uri", CALLBACK, "response_type", "code",
                "scope", "openid", "state", "s"));
        HttpResponse<String> auth = s.get("/application/o/authorize/?" + StandInHarness.form(q), Map.of("Cookie", cookie));
        String code = StandInHarness.query(auth.headers().firstValue("Location").orElseThrow()).get("code");
        StandInHarness.Raw token = s.raw("POST", "/application/o/token/", Map.of("Host", "other.example.test", "X-Forwarded-Proto", "https"),
                StandInHarness.form(Map.of("grant_type", "authorization_code", "client_id", clientId, "code", code, "redirect_uri", CALLBACK)));
        assertEquals(200, token.status(), token.body());
        SignedJWT id = SignedJWT.parse(StandInHarness.JSON.readTree(token.body()).get("id_token").asText());
        assertEquals("https://other.example.test/application/o/" + slug + "/", id.getJWTClaimsSet().getIssuer());
        assertTrue(token.headers().contains("Cache-Control: no-store") || token.headers().toLowerCase().contains("cache-control: no-store"));
    }
}
