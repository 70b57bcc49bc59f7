package io.github.akoc.standin.opencloud;

import io.github.akoc.testing.SelfTest;

import io.github.akoc.world.NameMappingProxy;
import io.github.akoc.world.TestCa;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static io.github.akoc.standin.opencloud.WebFingerTest.env;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stand-in takes only OpenCloud's env vars and refuses values OpenCloud (or Go) would refuse. */
@SelfTest
@DisplayName("facts/opencloud.md § opencloud-compose (env the opencloud service gets)")
class OpenCloudEnvTest {
    @TempDir
    Path dir;

    private static void refused(String variable, Map<String, String> env) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OpenCloudStandIn.start(env).close());
        assertTrue(e.getMessage().contains(variable), e.getMessage());
    }

    @Test
    void invalidValuesAreRefusedNamingTheVariable() throws Exception {
        refused("OC_INSECURE", env("OC_INSECURE", "yes"));
        refused("PROXY_AUTOPROVISION_ACCOUNTS", env("PROXY_AUTOPROVISION_ACCOUNTS", ""));
        refused("GRAPH_ASSIGN_DEFAULT_USER_ROLE", env("GRAPH_ASSIGN_DEFAULT_USER_ROLE", "on"));
        refused("PROXY_OIDC_REWRITE_WELLKNOWN", env("PROXY_OIDC_REWRITE_WELLKNOWN", "ja"));
        refused("PROXY_OIDC_SKIP_USER_INFO", env("PROXY_OIDC_SKIP_USER_INFO", "2"));
        refused("PROXY_ROLE_ASSIGNMENT_DRIVER", env("PROXY_ROLE_ASSIGNMENT_DRIVER", "ldap"));
        refused("PROXY_HTTP_ADDR", env("PROXY_HTTP_ADDR", "9200"));
        refused("PROXY_HTTP_ADDR", env("PROXY_HTTP_ADDR", "127.0.0.1:99999"));
        refused("OC_URL", env("OC_URL", "cloud.opencloud.test"));
        refused("OC_OIDC_ISSUER", env("OC_OIDC_ISSUER", "ftp://authentik.company/"));
        refused("SSL_CERT_FILE", env("SSL_CERT_FILE", dir.resolve("absent.pem").toString()));
        Path notPem = Files.writeString(dir.resolve("not.pem"), "not a certificate");
        refused("SSL_CERT_FILE", env("SSL_CERT_FILE", notPem.toString()));
        refused("HTTPS_PROXY", env("HTTPS_PROXY", "socks5://127.0.0.1:1080"));
        refused("PROXY_USER_OIDC_CLAIM", env("PROXY_USER_OIDC_CLAIM", ""));
    }

    @Test
    void goBooleanSpellingsAndUnrelatedVariablesAreAccepted() throws Exception {
        try (OpenCloudStandIn oc = OpenCloudStandIn.start(env("OC_INSECURE", "FALSE", "PROXY_AUTOPROVISION_ACCOUNTS", "1",
                "OC_LDAP_URI", "ldaps://ldap-server:1636", "OC_EXCLUDE_RUN_SERVICES", "idm,idp"))) {
            assertEquals(200, StandInClient.get(oc, "/status.php").statusCode());
        }
    }

    @Test
    void startsQuicklyOnAFreeLoopbackPortAndStopsTwice() throws Exception {
        Instant t0 = Instant.now();
        OpenCloudStandIn oc = OpenCloudStandIn.start(env());
        assertTrue(Duration.between(t0, Instant.now()).compareTo(Duration.ofSeconds(3)) < 0, "start within 3 s");
        assertTrue(oc.port() > 0);
        oc.close();
        oc.close();
    }

    @Test
    void aTakenPortIsAClearStartupError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> OpenCloudStandIn.start(env("PROXY_HTTP_ADDR", "127.0.0.1:" + taken.getLocalPort())));
            assertTrue(e.getMessage().contains("PROXY_HTTP_ADDR"), e.getMessage());
        }
    }

    @Test
    void issuerCallsGoThroughHttpsProxy() throws Exception {
        TestCa ca = TestCa.create();
        Path caPem = ca.writeCertificate(dir.resolve("ca.pem"));
        try (TestIssuer issuer = new TestIssuer(ca, "authentik.company");
             NameMappingProxy proxy = new NameMappingProxy(Map.of("authentik.company", issuer.address()))) {
            Map<String, String> base = env("OC_OIDC_ISSUER", issuer.issuer(), "SSL_CERT_FILE", caPem.toString(),
                    "PROXY_AUTOPROVISION_ACCOUNTS", "true", "PROXY_USER_OIDC_CLAIM", "sub",
                    "PROXY_AUTOPROVISION_CLAIM_USERNAME", "sub");
            String token = issuer.sign(issuer.claims("alice").build());
            Map<String, String> viaProxy = new java.util.HashMap<>(base);
            viaProxy.put("HTTPS_PROXY", "http://127.0.0.1:" + proxy.port());
            try (OpenCloudStandIn oc = OpenCloudStandIn.start(viaProxy)) {
                assertEquals(200, StandInClient.get(oc, "/graph/v1.0/me", StandInClient.bearer(token)).statusCode());
            }
            // NO_PROXY for the issuer's name: a direct connection to authentik.company, which does not resolve here
            viaProxy.put("NO_PROXY", "authentik.company");
            try (OpenCloudStandIn oc = OpenCloudStandIn.start(viaProxy)) {
                assertEquals(401, StandInClient.get(oc, "/graph/v1.0/me", StandInClient.bearer(token)).statusCode());
            }
        }
    }
}
