package io.github.akoc.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.akoc.check.Checks;
import io.github.akoc.check.Finding;
import io.github.akoc.report.Report;
import io.github.akoc.deployment.Versions;
import io.github.akoc.stack.containers.SelfTestImages;
import io.github.akoc.world.HttpResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.DockerClientFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each guide setup on the container stack, verified top to bottom: provision, browser login, tokens, every
 * check, report. By default with the real images (fixtures/versions.properties, -D overrides): this is the
 * verification users run. With -Pselftest ({@code e2e.selftest.images=true}) the same stack gets the locally
 * built images through the same image properties: the stand-ins image as authentik and OpenCloud, Debian-built
 * Caddy, PostgreSQL and Chromium; that proves the container wiring, not the real images.
 */
class ContainersVerificationIT {
    static final Path REPORT_DIR = Path.of("target", "e2e-report");
    /** Provisioning waits this long for authentik's blueprint objects (the worker creates them after start). */
    static final Duration READINESS = Duration.ofMinutes(5);

    /**
     * Without a Docker engine the verification against the real images (command 1) cannot verify anything: that
     * is a failure there, never a skip; the project's own tests (command 2) skip it, saying why.
     */
    @BeforeAll
    static void dockerEngine() {
        StackSelection.assume("containers");
        boolean available = DockerClientFactory.instance().isDockerAvailable();
        String why = "no Docker engine is reachable (DOCKER_HOST=" + System.getenv().getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock") + ")";
        if (SelfTestImages.wanted()) {
            Assumptions.assumeTrue(available, why + ": the container self-test is skipped; the other tests of command 2 still run");
        } else {
            assertTrue(available, why + ": the verification against the real images cannot run; start Docker, "
                    + "or run the project's own tests with mvn verify -Pselftest");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"web-only", "web-desktop-mobile"})
    void guideConfigurationPassesEveryCheck(String setupName) throws Exception {
        try (ContainersRun run = ContainersRun.start(setupName)) {
            Report report = run.verify();
            Versions versions = run.versions();
            String authentikVersion = run.authentikVersion();
            System.out.printf("containers %s: %s%n", setupName, report.timings());

            List<String> failed = new java.util.ArrayList<>(LocalRun.keys(report, Finding.Status.FAIL));
            failed.addAll(LocalRun.keys(report, Finding.Status.DEPENDENT));
            if (Boolean.getBoolean("e2e.failOnWarn")) { // hardening findings fail the build only when asked
                failed.addAll(LocalRun.keys(report, Finding.Status.WARN));
            }
            assertEquals(List.of(), failed, "failed findings on the guide's configuration (report: " + REPORT_DIR.resolve(
                    "containers-" + setupName + ".md").toAbsolutePath() + ")");
            assertEquals(List.of(), LocalRun.keys(report, Finding.Status.SKIP), "skipped findings on the guide's configuration");
            Set<String> checked = report.findings().stream().map(Finding::check).collect(Collectors.toSet());
            assertEquals(LocalRun.checksFor(setupName), checked, "every catalogue check that applies to the setup ran");

            // the images that ran are the ones the properties named (the self-test's own, never the real names)
            String authentikImage = versions.get("authentik.image") + ":" + authentikVersion;
            assertEquals(authentikImage, report.versions().get("authentik"));
            assertEquals(versions.get("opencloud.image") + ":" + versions.get("opencloud.version"),
                    report.versions().get("opencloud"));

            Path json = REPORT_DIR.resolve("containers-" + setupName + ".json");
            JsonNode written = HttpResult.JSON.readTree(Files.readString(json));
            assertEquals("containers", written.get("stack").asText());
            assertEquals(setupName, written.get("setup").asText());
            assertEquals(report.findings().size(), written.get("findings").size());
            for (String phase : List.of("stack", "provision", "login", "tokens", "checks")) {
                assertTrue(written.get("timings").has(phase), "timing of phase " + phase + " in " + json);
            }
            assertTrue(Files.isRegularFile(REPORT_DIR.resolve("containers-" + setupName + ".md")));

            theVerifyCommandFindsTheSame(run, report);
        }
    }

    /**
     * The verify command, run as an operator runs it against this running deployment (public names through --resolve,
     * the stack's CA, the test user), gives every finding the suite's own run gave, except the foreign-token probe,
     * which the command never creates in a live authentik and so skips.
     */
    private static void theVerifyCommandFindsTheSame(ContainersRun run, Report report) throws Exception {
        io.github.akoc.deployment.Deployment setup = run.setup();
        io.github.akoc.provision.Provisioned user = run.restore();
        io.github.akoc.stack.containers.ContainersStack stack = (io.github.akoc.stack.containers.ContainersStack) run.stack();
        Path password = Files.createTempFile("verify-password", ".txt");
        try {
            Files.writeString(password, user.password() + "\n");
            List<String> args = new java.util.ArrayList<>(List.of("verify", "--setup", setup.name(), "--opencloud", setup.opencloud().baseUrl(),
                    "--issuer", setup.opencloud().env().get("IDP_ISSUER_URL"), "--ca-cert", stack.caCertificate().toString(),
                    "--user", user.username(), "--password-file", password.toString(),
                    "--report", REPORT_DIR.resolve("verify-command").toString()));
            for (String name : List.of(setup.authentik().host(), setup.opencloud().host())) {
                java.net.InetSocketAddress a = stack.world().names().get(name);
                args.addAll(List.of("--resolve", name + "=" + a.getHostString() + ":" + a.getPort()));
            }
            java.io.StringWriter out = new java.io.StringWriter();
            java.io.StringWriter err = new java.io.StringWriter();
            int exit = io.github.akoc.cli.Main.run(new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true), args.toArray(String[]::new));
            java.util.Map<String, String> command = new java.util.TreeMap<>();
            for (String line : out.toString().lines().toList()) {
                String[] p = line.split(" +", 3);
                if (p.length == 3 && Set.of("PASS", "FAIL", "WARN", "SKIP", "DEPENDENT").contains(p[0])) {
                    command.put(p[1] + "/" + p[2].split(": ", 2)[0], p[0]);
                }
            }
            java.util.Map<String, String> suite = new java.util.TreeMap<>();
            report.findings().forEach(f -> suite.put(f.key(), f.status().name()));
            suite.replaceAll((key, status) -> key.startsWith(io.github.akoc.check.OpenCloudRejectsForeignTokenCheck.ID + "/") ? "SKIP" : status);
            String seen = "verify command (exit " + exit + "):\n" + out + err;
            assertEquals(suite, command, seen);
            assertEquals(0, exit, seen);
        } finally {
            Files.deleteIfExists(password);
        }
    }
}
