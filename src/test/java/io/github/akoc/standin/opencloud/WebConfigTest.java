package io.github.akoc.standin.opencloud;

import io.github.akoc.testing.SelfTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.akoc.world.TestCa;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static io.github.akoc.standin.opencloud.WebFingerTest.ISSUER;
import static io.github.akoc.standin.opencloud.WebFingerTest.OC_URL;
import static io.github.akoc.standin.opencloud.WebFingerTest.env;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** facts/opencloud.md § Endpoints a verifier can call (unauthenticated) and § Web UI. */
@SelfTest
@DisplayName("facts/opencloud.md § Endpoints a verifier can call, § Web UI")
class WebConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void configJsonNamesServerAuthorityAndWebClient() throws Exception {
        try (OpenCloudStandIn oc = OpenCloudStandIn.start(env("OC_OIDC_CLIENT_ID", "web",
                "OC_OIDC_CLIENT_SCOPES", "openid profile email", "WEBFINGER_WEB_OIDC_CLIENT_ID", "not-for-config-json"))) {
            HttpResponse<String> r = StandInClient.get(oc, "/config.json");
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            JsonNode c = JSON.readTree(r.body());
            assertEquals(OC_URL, c.path("server").asText());
            JsonNode oidc = c.path("openIdConnect");
            assertEquals(ISSUER, oidc.path("authority").asText());
            assertEquals("web", oidc.path("client_id").asText(), "config.json does not read WEBFINGER_*");
            assertEquals("openid profile email", oidc.path("scope").asText());
            assertEquals("code", oidc.path("response_type").asText());
            assertEquals("https://authentik.company/application/o/opencloud/.well-known/openid-configuration",
                    oidc.path("metadata_url").asText());
        }
    }

    @Test
    void emptyWebClientIdIsLeftOutOfConfigJson() throws Exception {
        try (OpenCloudStandIn oc = OpenCloudStandIn.start(env("OC_OIDC_CLIENT_ID", ""))) {
            JsonNode oidc = JSON.readTree(StandInClient.get(oc, "/config.json").body()).path("openIdConnect");
            assertTrue(oidc.path("client_id").isMissingNode(), oidc.toString());
        }
    }

    @Test
    void statusPhpSaysInstalledOpenCloud() throws Exception {
        java.util.Map<String, String> env = new java.util.HashMap<>(env());
        env.put("STANDIN_OPENCLOUD_VERSION", "9.2.0");
        try (OpenCloudStandIn oc = OpenCloudStandIn.start(env)) {
            JsonNode s = JSON.readTree(StandInClient.get(oc, "/status.php").body());
            assertTrue(s.path("installed").asBoolean());
            assertEquals("OpenCloud", s.path("productname").asText());
            // as the real 7.3.0 answered: the release in productversion, legacy constants in version
            assertEquals("9.2.0", s.path("productversion").asText());
            assertEquals("0.1.0.0", s.path("version").asText());
            assertEquals("OpenCloud stand-in 9.2.0", oc.version());
        }
    }

    @Test
    void webPagesAndTheRealOidcClientTsAreServedWithTheirContentTypes() throws Exception {
        try (OpenCloudStandIn oc = OpenCloudStandIn.start(env())) {
            for (String page : new String[]{"/", "/index.html", "/oidc-callback.html", "/oidc-silent-redirect.html"}) {
                HttpResponse<String> r = StandInClient.get(oc, page);
                assertEquals(200, r.statusCode(), page);
                assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), page);
                assertTrue(r.body().contains("/js/oidc-client-ts.min.js"), page);
            }
            HttpResponse<String> lib = StandInClient.get(oc, WebPage.OIDC_CLIENT_TS_PATH);
            assertTrue(lib.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
            assertTrue(lib.body().contains("UserManager"), "the real oidc-client-ts bundle");
            String app = StandInClient.get(oc, "/js/opencloud-web.js").body();
            assertTrue(app.contains("OIDC configuration could not be loaded via webfinger"));
            assertTrue(app.contains("platform=web"));
            assertFalse(app.contains("code_challenge"), "PKCE is left to oidc-client-ts");
        }
    }

    @Test
    void unknownPathsAndOtherMethodsAreRefused() throws Exception {
        try (OpenCloudStandIn oc = OpenCloudStandIn.start(env())) {
            assertEquals(404, StandInClient.get(oc, "/nothing-here").statusCode());
            assertEquals(502, StandInClient.get(oc, "/.well-known/openid-configuration").statusCode(),
                    "no relay without PROXY_OIDC_REWRITE_WELLKNOWN=true: the built-in IdP's route, which does not run");
        }
    }

    @Test
    void wellKnownIsRelayedFromTheIssuerWhenRewriteIsOn() throws Exception {
        TestCa ca = TestCa.create();
        try (TestIssuer issuer = new TestIssuer(ca);
             OpenCloudStandIn oc = OpenCloudStandIn.start(env("OC_OIDC_ISSUER", issuer.issuer(),
                     "SSL_CERT_FILE", ca.writeCertificate(dir.resolve("ca.pem")).toString(),
                     "PROXY_OIDC_REWRITE_WELLKNOWN", "true"))) {
            HttpResponse<String> r = StandInClient.get(oc, "/.well-known/openid-configuration");
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(issuer.issuer(), JSON.readTree(r.body()).path("issuer").asText());
        }
    }

    @Test
    void wellKnownIsAnEmpty500WhenTheIssuerCannotBeReached() throws Exception {
        try (OpenCloudStandIn oc = OpenCloudStandIn.start(env("OC_OIDC_ISSUER", "https://127.0.0.1:1/",
                "PROXY_OIDC_REWRITE_WELLKNOWN", "true"))) {
            HttpResponse<String> r = StandInClient.get(oc, "/.well-known/openid-configuration");
            assertEquals(500, r.statusCode(), "oidc_well-known.go:19-27 @85e63ca2");
            assertEquals("", r.body());
        }
    }

    @Test
    void webPageRefusesToStartWithoutTheOidcClientTsBundle() {
        String before = System.getProperty("oidc-client-ts.dir");
        System.setProperty("oidc-client-ts.dir", dir.resolve("missing").toString());
        try {
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> OpenCloudStandIn.start(env()));
            assertTrue(e.getMessage().contains("fetch-upstream.sh"), e.getMessage());
        } finally {
            if (before == null) {
                System.clearProperty("oidc-client-ts.dir");
            } else {
                System.setProperty("oidc-client-ts.dir", before);
            }
        }
    }

}
