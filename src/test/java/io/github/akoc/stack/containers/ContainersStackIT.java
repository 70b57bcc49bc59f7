package io.github.akoc.stack.containers;

import io.github.akoc.testing.SelfTest;

import io.github.akoc.deployment.Deployment;
import io.github.akoc.deployment.DeploymentLoader;
import io.github.akoc.deployment.Versions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.junit.jupiter.Testcontainers;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the container stack does beyond one verification (that is e2e.ContainersVerificationIT), with the
 * placeholder image (busybox httpd) for authentik and OpenCloud and the Debian-built self-test images: only
 * the test CA is trusted inside the network, reconfigure recreates OpenCloud alone, close and a failed start
 * leave nothing behind (logs written), Redis for older releases, fail-fast on a missing image. Self-test
 * images only (-Pselftest).
 */
@SelfTest
@Testcontainers(disabledWithoutDocker = true)
class ContainersStackIT {

    @BeforeEach
    void onlyWithSelfTestImages() {
        SelfTestImages.assumeWanted();
    }

    static Versions selfTestVersions(Path dir, String authentikImage, String opencloudImage) {
        return SelfTestImages.versions(dir, authentikImage, opencloudImage, "akoc-selftest/redis-not-needed:0");
    }

    static ContainersStack.Builder selfTestStack(Deployment setup, Path tmp, String authentikImage, String opencloudImage) {
        return selfTestStack(setup, tmp, selfTestVersions(tmp, authentikImage, opencloudImage));
    }

    static ContainersStack.Builder selfTestStack(Deployment setup, Path tmp, Versions versions) {
        return SelfTestImages.stack(ContainersStack.builder(setup), versions)
                .opencloudComposeDir(io.github.akoc.stack.OpenCloudComposeCheckout.locate(Versions.fromDefaultLocation().get("opencloud.compose.ref"), Path.of("target")).dir())
                .workDir(tmp.resolve("run"))
                .reportDir(tmp.resolve("report"));
    }

    static HttpResponse<String> get(ContainersStack stack, String url) throws Exception {
        return stack.world().http().send(HttpRequest.newBuilder(URI.create(url)).timeout(
                io.github.akoc.world.World.REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void caTrustReconfigureAndClose(@TempDir Path tmp) throws Exception {
        Deployment setup = DeploymentLoader.fromDefaultLocation().load("web-only");
        // the placeholder acts as authentik 2026.8.3 (no Redis) and as OpenCloud; its tag says which version
        String placeholder = SelfTestImages.build("placeholder");
        String authentik = "akoc-selftest/placeholder:2026.8.3";
        DockerClientFactory.instance().client().tagImageCmd(placeholder, "akoc-selftest/placeholder", "2026.8.3").exec();
        long t0 = System.nanoTime();
        String project;
        try (ContainersStack stack = selfTestStack(setup, tmp, authentik, placeholder).start()) {
            System.out.printf("container stack started in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            // inside the compose network, OpenCloud reaches the IdP by its public name with the mounted CA only
            var oc = stack.opencloud().service("opencloud").orElseThrow();
            var inside = oc.execInContainer("sh", "-c",
                    "wget -q -O- --ca-certificate=\"$SSL_CERT_FILE\" https://" + setup.authentik().host() + "/-/health/ready/");
            assertEquals("ready", inside.getStdout(), inside.getStderr());
            var untrusted = oc.execInContainer("sh", "-c",
                    "wget -q -O- --ca-certificate=/etc/ssl/certs/ca-certificates.crt https://" + setup.authentik().host() + "/");
            assertNotEquals(0, untrusted.getExitCode(), "the public CAs do not vouch for the test certificate");

            assertEquals(authentik, stack.versions().get("authentik"));
            assertTrue(stack.adminToken().orElseThrow().length() >= 32);
            assertEquals(stack.adminToken().orElseThrow(),
                    stack.container("authentik-worker").orElseThrow().getEnvMap().get("AUTHENTIK_BOOTSTRAP_TOKEN"));

            // reconfigure: a .env change recreates OpenCloud only; the ingress and its mapped port stay
            int ingressPort = stack.opencloud().ingressPort();
            Map<String, String> env = new LinkedHashMap<>(setup.opencloud().env());
            env.put("WEBFINGER_WEB_OIDC_CLIENT_ID", "changed-web");
            Deployment changed = new Deployment(setup.name(), setup.authentik(), setup.providers(),
                    new Deployment.OpenCloud(setup.opencloud().host(), setup.opencloud().composeFiles(), env), setup.proxy());
            stack.reconfigure(changed);
            assertEquals("changed-web", stack.opencloud().serviceEnv("opencloud").get("WEBFINGER_WEB_OIDC_CLIENT_ID"));
            assertEquals(ingressPort, stack.opencloud().ingressPort());
            assertEquals(200, get(stack, setup.opencloud().baseUrl() + "/status.php").statusCode());
            project = stack.opencloud().project();
            stack.writeLogs();
            assertTrue(Files.exists(tmp.resolve("report/logs/containers-" + setup.name() + "/opencloud-ingress.log")));
            assertTrue(Files.exists(tmp.resolve("report/logs/containers-" + setup.name() + "/authentik-server.log")));
        }
        var left = DockerClientFactory.instance().client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("com.docker.compose.project", project)).exec();
        assertEquals(0, left.size(), "close() removes the compose project's containers");
    }

    @Test
    void aFailedStartWritesEveryLogAndStopsEverything(@TempDir Path tmp) throws Exception {
        Deployment setup = DeploymentLoader.fromDefaultLocation().load("web-only");
        String placeholder = SelfTestImages.build("placeholder");
        DockerClientFactory.instance().client().tagImageCmd(placeholder, "akoc-selftest/placeholder", "2026.8.3").exec();
        var docker = DockerClientFactory.instance().client();
        var before = docker.listContainersCmd().withShowAll(true).exec().stream().map(c -> c.getId()).toList();
        // authentik cannot be ready within a millisecond: the start fails after everything was created
        RuntimeException e = assertThrows(RuntimeException.class, () -> selfTestStack(setup, tmp,
                "akoc-selftest/placeholder:2026.8.3", placeholder)
                .authentikStartupTimeout(java.time.Duration.ofMillis(1)).start().close());
        System.out.println("failed start: " + e);
        Path logs = tmp.resolve("report/logs/containers-web-only");
        for (String name : java.util.List.of("authentik-server", "authentik-worker", "postgresql", "authentik-proxy",
                "browser", "opencloud", "ldap-server", "opencloud-ingress")) {
            assertTrue(Files.exists(logs.resolve(name + ".log")), name + ".log written; have "
                    + (Files.exists(logs) ? java.util.Arrays.toString(logs.toFile().list()) : "none"));
        }
        // only containers of stacks (Testcontainers' or compose's): the engine may be shared with other builds
        var after = docker.listContainersCmd().withShowAll(true).exec().stream()
                .filter(c -> c.getLabels() != null && (c.getLabels().containsKey("org.testcontainers")
                        || c.getLabels().containsKey("com.docker.compose.project")))
                .map(c -> c.getId()).filter(id -> !before.contains(id)).toList();
        assertEquals(java.util.List.of(), after, "no container of the failed stack is left");
    }

    @Test
    void releasesBefore2025_10GetRedis(@TempDir Path tmp) throws Exception {
        Deployment setup = DeploymentLoader.fromDefaultLocation().load("web-only");
        String placeholder = SelfTestImages.build("placeholder");
        DockerClientFactory.instance().client().tagImageCmd(placeholder, "akoc-selftest/placeholder", "2025.8.4").exec();
        Versions v = SelfTestImages.versions(tmp, "akoc-selftest/placeholder:2025.8.4", placeholder, SelfTestImages.build("redis"));
        try (ContainersStack stack = selfTestStack(setup, tmp, v).start()) {
            var worker = stack.container("authentik-worker").orElseThrow();
            assertEquals(ContainersStack.REDIS_ALIAS, worker.getEnvMap().get("AUTHENTIK_REDIS__HOST"));
            var ping = worker.execInContainer("sh", "-c",
                    "printf 'PING\\r\\n' | busybox nc -w 2 " + ContainersStack.REDIS_ALIAS + " 6379");
            assertTrue(ping.getStdout().contains("+PONG"), "Redis answers the worker: " + ping);
            assertTrue(stack.versions().containsKey("redis"));
        }
    }

    /**
     * A kept stack (-De2e.reuse=true) is taken up by a run of the same authentik image only: another release would migrate
     * (or, from 2026.8, refuse) the kept database, so the kept stack is removed whole and started over. And
     * {@link KeptStack#remove} leaves nothing of it: Testcontainers' containers, the compose project (opencloud, ingress,
     * ldap-server) with its volumes, the network, the state. A setup name of its own keeps a user's kept stacks out of it.
     */
    @Test
    void aKeptStackIsTakenUpBySameReleaseOnlyAndRemovedWhole(@TempDir Path tmp) throws Exception {
        Deployment guide = DeploymentLoader.fromDefaultLocation().load("web-only");
        Deployment setup = new Deployment("kept-stack-it", guide.authentik(), guide.providers(), guide.opencloud(), guide.proxy());
        KeptStack kept = KeptStack.of(setup.name());
        kept.remove();
        String placeholder = SelfTestImages.build("placeholder");
        var docker = DockerClientFactory.instance().client();
        docker.tagImageCmd(placeholder, "akoc-selftest/placeholder", "2026.8.3").exec();
        docker.tagImageCmd(placeholder, "akoc-selftest/placeholder", "2026.8.4").exec();
        try {
            String first;
            try (ContainersStack stack = selfTestStack(setup, tmp, "akoc-selftest/placeholder:2026.8.3", placeholder).reuse(true).start()) {
                first = stack.container("authentik-server").orElseThrow().getContainerId();
            }
            java.util.List<String> left = kept.remains();
            for (String part : java.util.List.of("container", "network akoc-e2e-kept-stack-it", "state ")) {
                assertTrue(left.stream().anyMatch(r -> r.startsWith(part)), "kept after close: " + part + " in " + left);
            }
            assertTrue(left.stream().anyMatch(r -> r.contains("akoc-e2e-kept-stack-it-opencloud")), "the compose project is kept: " + left);

            try (ContainersStack stack = selfTestStack(setup, tmp, "akoc-selftest/placeholder:2026.8.4", placeholder).reuse(true).start()) {
                assertNotEquals(first, stack.container("authentik-server").orElseThrow().getContainerId());
            }
            assertTrue(docker.listContainersCmd().withShowAll(true).exec().stream().noneMatch(c -> c.getId().equals(first)),
                    "the stack kept for 2026.8.3 is gone before 2026.8.4 starts");
            assertTrue(Files.readString(Path.of("target", "e2e-reuse", setup.name(), "state.properties"))
                    .contains("authentikImage=akoc-selftest/placeholder\\:2026.8.4"));
        } finally {
            java.util.List<String> removed = kept.remove();
            assertTrue(removed.size() >= 5, "removed: " + removed);
        }
        assertEquals(java.util.List.of(), kept.remains(), "nothing of the kept stack is left");
    }

    @Test
    void aMissingImageFailsFastWithItsName() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ContainersStack.requireLocalImages(java.util.List.of("akoc-selftest/does-not-exist:1")));
        assertTrue(e.getMessage().contains("akoc-selftest/does-not-exist:1"), e.getMessage());
    }
}
