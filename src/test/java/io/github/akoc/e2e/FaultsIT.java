package io.github.akoc.e2e;

import io.github.akoc.check.Finding;
import io.github.akoc.report.Report;
import io.github.akoc.stack.containers.ContainersStack;
import io.github.akoc.stack.containers.SelfTestImages;
import io.github.akoc.testing.SelfTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.junit.jupiter.Testcontainers;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults while a verification runs, on the container self-test stack (web-only): each ends in a bounded, logged wait
 * that then verifies, or in findings that say what failed; never a hang, never a green report that did not verify.
 * The stand-ins restart in seconds where the real systems take a minute; the waits are the same code.
 */
@SelfTest
@Testcontainers(disabledWithoutDocker = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class FaultsIT {
    /** Far above what any of these takes; a verification that hangs fails here instead of stalling the build. */
    private static final Duration BOUND = Duration.ofMinutes(4);
    private ContainersRun run;

    @BeforeAll
    void start() {
        SelfTestImages.assumeWanted();
        run = ContainersRun.start("web-only");
    }

    @AfterAll
    void close() {
        if (run != null) {
            run.close();
        }
    }

    private ContainersStack stack() {
        return (ContainersStack) run.stack();
    }

    private static void docker(String action, String containerId) {
        var client = DockerClientFactory.instance().client();
        switch (action) {
            case "restart" -> client.restartContainerCmd(containerId).withtTimeout(5).exec();
            case "stop" -> client.stopContainerCmd(containerId).withTimeout(0).exec(); // stopped by hand: no restart policy brings it back
            case "start" -> client.startContainerCmd(containerId).exec();
            default -> throw new IllegalArgumentException(action);
        }
    }

    private static List<String> notPassing(Report report) {
        return report.findings().stream().filter(f -> f.status() == Finding.Status.FAIL || f.status() == Finding.Status.DEPENDENT)
                .map(f -> f.status() + " " + f.key() + ": " + f.actual()).toList();
    }

    /** authentik's server and worker restarted just before the run: provisioning waits for it (bounded) and the run verifies. */
    @Test
    @org.junit.jupiter.api.Order(1)
    void authentikRestartedBeforeTheRunIsWaitedFor() {
        Report report = assertTimeoutPreemptively(BOUND, () -> run.verify(phase -> {
            if (phase.equals("provision")) {
                docker("restart", stack().container("authentik-server").orElseThrow().getContainerId());
                docker("restart", stack().container("authentik-worker").orElseThrow().getContainerId());
            }
        }));
        assertEquals(List.of(), notPassing(report), "after the restart the run verified the deployment");
        assertTrue(report.findings().stream().anyMatch(f -> f.check().equals("token.per-client") && f.status() == Finding.Status.PASS));
    }

    /** OpenCloud gone once the tokens are there: every OpenCloud check fails saying so, the run ends, the report is written. */
    @Test
    @org.junit.jupiter.api.Order(2)
    void openCloudGoneBeforeTheChecksFailsItsChecks() {
        String opencloud = stack().opencloud().service("opencloud").orElseThrow().getContainerId();
        try {
            Report report = assertTimeoutPreemptively(BOUND, () -> run.verify(phase -> {
                if (phase.equals("checks")) {
                    docker("stop", opencloud);
                }
            }));
            List<String> failed = notPassing(report);
            assertFalse(failed.isEmpty(), "a run with OpenCloud gone is not green");
            for (String check : List.of("opencloud.web-config", "opencloud.accepts-tokens", "webfinger.web-client")) {
                assertTrue(report.findings().stream().anyMatch(f -> f.check().equals(check) && f.status() == Finding.Status.FAIL
                        && f.actual().contains("502")), check + " fails, naming the proxy's 502: " + failed);
            }
            // what authentik alone answers is still verified
            assertTrue(report.findings().stream().anyMatch(f -> f.check().equals("discovery.shared-issuer") && f.status() == Finding.Status.PASS));
        } finally {
            docker("start", opencloud);
        }
    }

    /**
     * OpenCloud restarted as the browser login starts: the run ends within its bound, and either verifies (OpenCloud was
     * back before the browser asked) or its login fails at once naming what the browser got; never a hang, never green
     * with a failure in it.
     */
    @Test
    @org.junit.jupiter.api.Order(3)
    void openCloudRestartedAsTheLoginStartsEndsInAVerdict() {
        String opencloud = stack().opencloud().service("opencloud").orElseThrow().getContainerId();
        Report report = assertTimeoutPreemptively(BOUND, () -> run.verify(phase -> {
            if (phase.equals("login")) {
                docker("restart", opencloud);
            }
        }));
        Finding login = report.findings().stream().filter(f -> f.check().equals("browser.web-login")).findFirst().orElseThrow();
        if (login.status() == Finding.Status.PASS) {
            assertEquals(List.of(), notPassing(report), "a login that passed after the restart verified the rest too");
        } else {
            assertEquals(Finding.Status.FAIL, login.status(), login.toString());
            assertTrue(login.actual().contains("could not load") || login.actual().contains("error page") || login.actual().contains("502"),
                    "the failed login names what the browser got: " + login.actual());
            assertFalse(login.actual().contains("TimeoutException"), "ended by what the page showed, not the 60 s bound: " + login.actual());
        }
    }
}
