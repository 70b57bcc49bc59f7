package io.github.akoc.stack.local;

import io.github.akoc.testing.SelfTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.akoc.deployment.Deployment;
import io.github.akoc.deployment.DeploymentLoader;
import io.github.akoc.world.Http;
import io.github.akoc.world.HttpResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local stack with probes behind the real Caddy: what reaches authentik and OpenCloud, and how. */
@SelfTest
class LocalStackTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Deployment SETUP = DeploymentLoader.fromDefaultLocation().load("web-desktop-mobile");

    @TempDir
    static Path runDir;
    private static ProbeServices probes;
    private static LocalStack stack;

    @BeforeAll
    static void start() {
        probes = new ProbeServices();
        stack = LocalStack.start(SETUP, probes, runDir.resolve("shared"), "2026.8.3");
        System.out.println("LocalStack start timings (ms): " + stack.startTimings());
        System.out.println("versions: " + stack.versions());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private static JsonNode get(LocalStack s, String url) {
        HttpResult r = Http.get(s.world().http(), url, Map.of());
        assertEquals(200, r.status(), url + " -> " + r.body());
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError(url + " did not answer JSON: " + r.body(), e);
        }
    }

    @Test
    void rootDiscoveryIsRewrittenToTheApplicationsDiscovery() {
        JsonNode seen = get(stack, "https://authentik.company/.well-known/openid-configuration");
        assertEquals("authentik", seen.get("service").asText());
        assertEquals("/application/o/" + SETUP.authentik().discoverySlug() + "/.well-known/openid-configuration",
                seen.get("path").asText());
        assertEquals("authentik.company", seen.get("host").asText());
        assertEquals("https", seen.get("forwardedProto").asText());
    }

    @Test
    void otherAuthentikPathsPassUnchanged() {
        JsonNode seen = get(stack, "https://authentik.company/application/o/authorize/");
        assertEquals("authentik", seen.get("service").asText());
        assertEquals("/application/o/authorize/", seen.get("path").asText());
        assertEquals("https", seen.get("forwardedProto").asText());
    }

    @Test
    void opencloudIsServedOnTheSamePort() {
        JsonNode seen = get(stack, "https://opencloud.company/status.php");
        assertEquals("opencloud", seen.get("service").asText());
        assertEquals("/status.php", seen.get("path").asText());
        assertEquals("opencloud.company", seen.get("host").asText());
        assertEquals(stack.world().names().get("authentik.company"), stack.world().names().get("opencloud.company"));
    }

    @Test
    void servicesGetTheirEnvironment() {
        Map<String, String> oc = probes.opencloudEnvs.get(0);
        assertEquals("default", oc.get("PROXY_ROLE_ASSIGNMENT_DRIVER"));
        assertEquals("https://authentik.company/", oc.get("OC_OIDC_ISSUER"));
        assertEquals("http://127.0.0.1:" + stack.world().proxyPort(), oc.get("HTTPS_PROXY"));
        assertEquals(stack.caCertificate().toString(), oc.get("SSL_CERT_FILE"));
        Map<String, String> ak = probes.authentikEnvs.get(0);
        assertEquals(stack.adminToken().orElseThrow(), ak.get("AUTHENTIK_BOOTSTRAP_TOKEN"));
        assertEquals("2026.8.3", ak.get("STANDIN_AUTHENTIK_VERSION"));
        assertTrue(ak.get("AUTHENTIK_SECRET_KEY").length() >= 50);
    }

    @Test
    void secretsAreRandomPerRun() {
        assertNotEquals(SecretsOfRun.generate().bootstrapToken(), stack.adminToken().orElseThrow());
    }

    @Test
    void theTestCaIsTrustedAndTheDefaultJvmTrustIsNot() throws Exception {
        assertEquals(200, Http.get(stack.world().http(), "https://opencloud.company/", Map.of()).status());
        HttpClient defaultTrust = HttpClient.newBuilder()
                .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", stack.world().proxyPort()))).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create("https://opencloud.company/")).timeout(java.time.Duration.ofSeconds(10)).build();
        IOException e = assertThrows(IOException.class, () -> defaultTrust.send(req, HttpResponse.BodyHandlers.ofString()));
        assertInstanceOf(SSLHandshakeException.class, e, e.toString());
    }

    @Test
    void chromiumSeesTheNamesAndTrustsTheCa() throws Exception {
        WebDriver browser = stack.newBrowser();
        try {
            browser.get("https://opencloud.company/");
            String text = browser.findElement(By.tagName("body")).getText();
            assertTrue(text.startsWith("{"), "the probe's JSON, not an error page: " + text);
            JsonNode seen = JSON.readTree(text);
            assertEquals("opencloud", seen.get("service").asText());
            assertEquals("opencloud.company", seen.get("host").asText());
            assertEquals("/", seen.get("path").asText());
        } finally {
            browser.quit();
        }
    }

    @Test
    void proxyMutationRestartsCaddyAndOpenCloudButNotAuthentik(@TempDir Path dir) {
        ProbeServices own = new ProbeServices();
        try (LocalStack s = LocalStack.start(SETUP, own, dir, "2026.8.3")) {
            ProcessHandle caddyBefore = s.caddy().process();
            ProbeServices.Probe firstOpenCloud = own.started.get(1);
            s.reconfigure(withDropLines(List.of("rewrite @discovery")));

            assertFalse(caddyBefore.isAlive(), "the old Caddy was stopped");
            assertTrue(firstOpenCloud.stopped.get(), "OpenCloud restarted: it caches what it read through the old proxy");
            assertEquals(3, own.started.size(), "authentik was not restarted");
            assertFalse(own.started.get(0).stopped.get(), "authentik kept running");
            JsonNode seen = get(s, "https://authentik.company/.well-known/openid-configuration");
            assertEquals("/.well-known/openid-configuration", seen.get("path").asText());
            assertEquals("opencloud.company", get(s, "https://opencloud.company/status.php").get("host").asText());
            System.out.println("reconfigure timings (ms): " + s.startTimings());
        }
    }

    @Test
    void envChangeRestartsOpenCloudAndCaddyFollows(@TempDir Path dir) {
        ProbeServices own = new ProbeServices();
        try (LocalStack s = LocalStack.start(SETUP, own, dir, "2026.8.3")) {
            ProbeServices.Probe firstOpenCloud = own.started.get(1);
            Map<String, String> env = new HashMap<>(SETUP.opencloud().env());
            env.put("WEBFINGER_DESKTOP_OIDC_CLIENT_ID", "SomethingElse");
            s.reconfigure(new Deployment(SETUP.name(), SETUP.authentik(), SETUP.providers(),
                    new Deployment.OpenCloud(SETUP.opencloud().host(), SETUP.opencloud().composeFiles(), env), SETUP.proxy()));

            assertTrue(firstOpenCloud.stopped.get());
            assertEquals(3, own.started.size(), "only OpenCloud was started again");
            assertEquals("SomethingElse", own.opencloudEnvs.get(1).get("WEBFINGER_DESKTOP_OIDC_CLIENT_ID"));
            assertEquals("opencloud", get(s, "https://opencloud.company/status.php").get("service").asText());

            s.reconfigure(s.setup());
            assertEquals(3, own.started.size(), "an unchanged setup restarts nothing");
        }
    }

    @Test
    void closeStopsEverythingAndIsSafeTwice(@TempDir Path dir) {
        ProbeServices own = new ProbeServices();
        LocalStack s = LocalStack.start(SETUP, own, dir, "2026.8.3");
        ProcessHandle caddy = s.caddy().process();
        assertTrue(caddy.isAlive());
        s.close();
        assertFalse(caddy.isAlive(), "no caddy process left");
        assertTrue(own.started.stream().allMatch(p -> p.stopped.get()), "both probes stopped");
        s.close();
    }

    @Test
    void aFailedStartStopsWhatAlreadyRuns(@TempDir Path dir) {
        ProbeServices own = new ProbeServices() {
            @Override
            public synchronized Running startOpenCloud(Map<String, String> env) {
                throw new IllegalStateException("opencloud refused to start");
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> LocalStack.start(SETUP, own, dir, "2026.8.3"));
        assertEquals("opencloud refused to start", e.getMessage());
        assertEquals(1, own.started.size());
        assertTrue(own.started.get(0).stopped.get(), "authentik probe stopped after the failed start");
    }

    @Test
    void aCaddyfileThatCaddyRefusesFailsWithCaddysLogAndStopsTheServices(@TempDir Path dir) {
        ProbeServices own = new ProbeServices();
        // Dropping the reverse_proxy line leaves a stray header_up and brace: Caddy refuses to adapt the file.
        Deployment broken = withDropLines(List.of("reverse_proxy {$AUTHENTIK_UPSTREAM}"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> LocalStack.start(broken, own, dir, "2026.8.3"));
        assertTrue(e.getMessage().contains("Caddy exited") && e.getMessage().contains("caddy.log"), e.getMessage());
        assertTrue(e.getMessage().contains("Caddyfile.guide"), "Caddy's own error names the file: " + e.getMessage());
        assertTrue(own.started.stream().allMatch(p -> p.stopped.get()), "both probes stopped");
    }

    @Test
    void missingCaddyFailsBeforeAnythingStarts(@TempDir Path dir) {
        ProbeServices own = new ProbeServices();
        String before = System.getProperty(Caddy.BINARY_PROPERTY);
        System.setProperty(Caddy.BINARY_PROPERTY, "/nonexistent/caddy");
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> LocalStack.start(SETUP, own, dir, "2026.8.3"));
            assertTrue(e.getMessage().startsWith("caddy not found (looked for [/nonexistent/caddy])"), e.getMessage());
            assertTrue(e.getMessage().contains("apt-get install caddy") && e.getMessage().contains("-Dcaddy.binary=PATH"), e.getMessage());
            assertTrue(own.started.isEmpty() && own.authentikEnvs.isEmpty(), "nothing was started");
        } finally {
            if (before == null) {
                System.clearProperty(Caddy.BINARY_PROPERTY);
            } else {
                System.setProperty(Caddy.BINARY_PROPERTY, before);
            }
        }
    }

    @Test
    void missingChromedriverIsNamed() {
        String before = System.getProperty(LocalBrowser.CHROMEDRIVER_PROPERTY);
        System.setProperty(LocalBrowser.CHROMEDRIVER_PROPERTY, "/nonexistent/chromedriver");
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, LocalBrowser::locate);
            assertTrue(e.getMessage().startsWith("chromedriver not found (looked for [/nonexistent/chromedriver])"), e.getMessage());
            assertTrue(e.getMessage().contains("apt-get install chromium chromium-driver"), e.getMessage());
        } finally {
            if (before == null) {
                System.clearProperty(LocalBrowser.CHROMEDRIVER_PROPERTY);
            } else {
                System.setProperty(LocalBrowser.CHROMEDRIVER_PROPERTY, before);
            }
        }
    }

    private static Deployment withDropLines(List<String> dropLines) {
        return new Deployment(SETUP.name(), SETUP.authentik(), SETUP.providers(), SETUP.opencloud(),
                new Deployment.Proxy(SETUP.proxy().rewriteDiscovery(), SETUP.proxy().forwardedProto(), dropLines, null));
    }
}
