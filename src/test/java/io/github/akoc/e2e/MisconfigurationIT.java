package io.github.akoc.e2e;

import io.github.akoc.check.Finding;
import io.github.akoc.provision.AuthentikVersion;
import io.github.akoc.report.DetectionMatrix;
import io.github.akoc.report.Report;
import io.github.akoc.deployment.Mutation;
import io.github.akoc.deployment.Deployment;
import io.github.akoc.deployment.Versions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The misconfiguration catalogue on the local stack: each mutation must turn exactly its expected findings
 * red, leave every other finding green, and explain itself. One stack per setup is reused: each mutation is
 * applied through the stack (restarting only what it touches) and provisioning, which writes every object's
 * whole desired state, so nothing of one mutation carries over into the next. The guide's setup is restored
 * once at the end; the detection matrix is written then too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MisconfigurationIT {
    private final Map<String, LocalRun> runs = new LinkedHashMap<>();
    private final List<DetectionMatrix.Row> matrix = new ArrayList<>();

    static List<Mutation> mutations() {
        return Mutation.load(Path.of(System.getProperty("fixtures.dir", "fixtures"), "mutations.yml"));
    }

    @BeforeAll
    void startStacks() {
        for (Mutation m : mutations()) {
            runs.computeIfAbsent(m.setup(), LocalRun::start);
        }
    }

    @AfterAll
    void stopStacks() {
        try {
            runs.values().forEach(LocalRun::restore);
        } finally {
            runs.values().forEach(LocalRun::close);
        }
        if (!matrix.isEmpty()) {
            DetectionMatrix.write(matrix, LocalRun.REPORT_DIR);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutations")
    void mutationTurnsExactlyItsChecksRed(Mutation mutation) {
        AuthentikVersion version = AuthentikVersion.parse(Versions.fromDefaultLocation().get("authentik.version"));
        assertTrue(mutation.minAuthentikVersion() == null || version.compareTo(AuthentikVersion.parse(mutation.minAuthentikVersion() + ".0")) >= 0,
                mutation.name() + " needs authentik " + mutation.minAuthentikVersion() + "+, the run uses " + version);
        LocalRun run = runs.get(mutation.setup());
        Deployment guide = run.setup();
        Report report = run.verify(mutation.applyTo(guide), "mutation-" + mutation.name());
        DetectionMatrix.Row row = DetectionMatrix.Row.of(mutation, report.findings());
        matrix.add(row);

        assertEquals(List.of(), row.missed(), mutation.name() + ": expected failures that did not happen");
        assertEquals(List.of(), row.falsePositives(), mutation.name() + ": failures that the mutation does not explain");
        report.findings().stream().filter(f -> f.status() == Finding.Status.FAIL)
                .forEach(f -> assertTrue(!f.remedy().isBlank() && !f.guideStep().isBlank(), "a failure explains itself: " + f));
        // Every other finding passes, except one that could not run because a failure above took its input
        // away (no tokens → nothing to present to OpenCloud); such a SKIP names the failed check it depends on.
        List<String> failedChecks = report.findings().stream().filter(f -> f.status() == Finding.Status.FAIL)
                .map(Finding::check).distinct().toList();
        report.findings().stream().filter(f -> f.status() == Finding.Status.SKIP).forEach(f -> assertTrue(
                failedChecks.stream().anyMatch(c -> f.actual().contains("(see " + c + ")")),
                mutation.name() + ": a skip that no failure explains: " + f));
    }
}
