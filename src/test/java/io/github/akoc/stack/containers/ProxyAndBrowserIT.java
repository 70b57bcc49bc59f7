package io.github.akoc.stack.containers;

import io.github.akoc.testing.SelfTest;

import io.github.akoc.deployment.Deployment;
import io.github.akoc.deployment.DeploymentLoader;
import io.github.akoc.world.TestCa;
import io.github.akoc.world.World;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebDriver;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.utility.DockerImageName;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pieces of the container stack on their own, with the self-test's local images: the guide's Caddyfile in
 * CaddyContainer in front of a trivial upstream (TLS from the test CA, discovery rewrite, X-Forwarded-Proto,
 * reload in place), PostgreSQL accepting the configured login, and the browser container trusting the CA
 * through its SPKI flag only. Self-test images only (-Pselftest).
 */
@SelfTest
@Testcontainers(disabledWithoutDocker = true)
class ProxyAndBrowserIT {
    static Deployment setup;
    static Network network;
    static GenericContainer<?> upstream;
    static CaddyContainer caddy;
    static BrowserContainer browser;
    static TestCa ca;
    static World world;
    static String template;

    @BeforeAll
    static void start() throws Exception {
        SelfTestImages.assumeWanted();
        setup = DeploymentLoader.fromDefaultLocation().load("web-only");
        template = Files.readString(Path.of("compose", "Caddyfile"));
        network = Network.newNetwork();
        ca = TestCa.create();
        String slug = setup.authentik().discoverySlug();
        upstream = new GenericContainer<>(DockerImageName.parse(SelfTestImages.build("placeholder")))
                .withCommand("server").withNetwork(network).withNetworkAliases(ContainersStack.AUTHENTIK_ALIAS)
                .withCopyToContainer(Transferable.of("discovery of " + slug),
                        "/srv/authentik/application/o/" + slug + "/.well-known/openid-configuration")
                .withExposedPorts(AuthentikContainer.HTTP_PORT);
        caddy = new CaddyContainer(DockerImageName.parse(SelfTestImages.build("caddy")))
                .withSite(setup.proxy().edit(template))
                .withCertificate(ca.issue(setup.authentik().host()), ca)
                .withPlaceholder("AUTHENTIK_HOST", setup.authentik().host())
                .withPlaceholder("DISCOVERY_SLUG", slug)
                .withPlaceholder("AUTHENTIK_UPSTREAM", ContainersStack.AUTHENTIK_ALIAS + ":" + AuthentikContainer.HTTP_PORT)
                .withNetwork(network).withNetworkAliases(setup.authentik().host());
        browser = new BrowserContainer(DockerImageName.parse(SelfTestImages.build("browser"))).withNetwork(network);
        Startables.deepStart(upstream, caddy, browser).join();
        world = new World(Map.of(setup.authentik().host(),
                new InetSocketAddress(caddy.getHost(), caddy.getMappedPort(CaddyContainer.HTTPS_PORT))),
                ca.sslContext(), ca.spkiSha256());
    }

    @AfterAll
    static void stop() {
        if (world != null) {
            world.close();
        }
        for (var c : java.util.Arrays.asList(browser, caddy, upstream)) { // nulls when the start was skipped
            if (c != null) {
                c.stop();
            }
        }
        if (network != null) {
            network.close();
        }
    }

    static HttpResponse<String> get(String path) throws Exception {
        return world.http().send(HttpRequest.newBuilder(URI.create(setup.authentik().baseUrl() + path.substring(1)))
                .timeout(World.REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theGuidesProxyServesAuthentikByItsPublicName() throws Exception {
        HttpResponse<String> ready = get("/-/health/ready/");
        assertEquals(200, ready.statusCode());
        assertEquals("ready", ready.body());

        HttpResponse<String> discovery = get("/.well-known/openid-configuration");
        assertEquals(200, discovery.statusCode(), "the root discovery is rewritten to the application's");
        assertEquals("discovery of " + setup.authentik().discoverySlug(), discovery.body());

        String forwarded = get("/cgi-bin/forwarded").body();
        assertTrue(forwarded.contains("proto=https "), forwarded);
        assertTrue(forwarded.contains("host=" + setup.authentik().host()), forwarded);
    }

    @Test
    void aReloadAppliesAChangedProxyRuleInPlace() throws Exception {
        int port = caddy.getMappedPort(CaddyContainer.HTTPS_PORT);
        Deployment.Proxy without = new Deployment.Proxy(setup.proxy().rewriteDiscovery(), null, List.of(),
                // Caddy sends X-Forwarded-Proto by itself, so only stripping it is observable
                Map.of("header_up X-Forwarded-Proto https", "header_up -X-Forwarded-Proto"));
        try {
            caddy.reload(without.edit(template));
            var fresh = world.newHttpClient(null);
            String forwarded = fresh.send(HttpRequest.newBuilder(URI.create(setup.authentik().baseUrl() + "cgi-bin/forwarded"))
                    .timeout(World.REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString()).body();
            String pooled = get("/cgi-bin/forwarded").body();
            System.out.println("after reload: fresh connection -> " + forwarded.strip() + "; pooled connection -> " + pooled.strip());
            assertTrue(forwarded.contains("proto= "), "the header is gone after the reload: " + forwarded);
            assertTrue(pooled.contains("proto= "), "a pooled connection sees the new rule too: " + pooled);
            assertEquals(port, caddy.getMappedPort(CaddyContainer.HTTPS_PORT));
        } finally {
            caddy.reload(setup.proxy().edit(template));
        }
        assertTrue(get("/cgi-bin/forwarded").body().contains("proto=https "));
    }

    @Test
    void theBrowserInTheNetworkTrustsTheTestCaThroughItsFlag() {
        WebDriver trusting = browser.newDriver(world.chromiumFlags(), world.chromiumPrefs());
        try {
            trusting.get(setup.authentik().baseUrl() + "-/health/ready/");
            // ">ready<": Chromium's certificate error page contains "ready" in its text too
            assertTrue(trusting.getPageSource().contains(">ready<"), trusting.getPageSource());
        } finally {
            trusting.quit();
        }
        WebDriver plain = browser.newDriver(List.of(), java.util.Map.of());
        try {
            plain.get(setup.authentik().baseUrl() + "-/health/ready/");
            assertFalse(plain.getPageSource().contains(">ready<"), "without the CA's SPKI flag the page must not load");
        } catch (org.openqa.selenium.WebDriverException expected) {
            // chromedriver reports the certificate error as a navigation failure: the page did not load
        } finally {
            plain.quit();
        }
    }

    @Test
    void postgresAcceptsTheConfiguredLogin() throws Exception {
        try (GenericContainer<?> pg = new GenericContainer<>(DockerImageName.parse(SelfTestImages.build("postgres")))
                .withEnv("POSTGRES_DB", "authentik").withEnv("POSTGRES_USER", "authentik")
                .withEnv("POSTGRES_PASSWORD", "pw-" + ContainersStack.secret())
                .withExposedPorts(5432)
                .waitingFor(org.testcontainers.containers.wait.strategy.Wait
                        .forSuccessfulCommand("pg_isready -h 127.0.0.1 -p 5432 -U authentik -d authentik"))) {
            long t0 = System.nanoTime();
            pg.start();
            System.out.printf("postgres ready in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            String pw = pg.getEnvMap().get("POSTGRES_PASSWORD");
            var ok = pg.execInContainer("psql", "postgresql://authentik:" + pw + "@127.0.0.1:5432/authentik",
                    "-tAc", "select current_database()");
            assertEquals("authentik", ok.getStdout().strip(), ok.getStderr());
            var bad = pg.execInContainer("psql", "postgresql://authentik:wrong@127.0.0.1:5432/authentik", "-tAc", "select 1");
            assertTrue(bad.getExitCode() != 0, "a wrong password is refused");
        }
    }
}
