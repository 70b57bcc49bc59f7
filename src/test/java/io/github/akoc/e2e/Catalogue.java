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
 * The misconfiguration catalogue on one kind of stack: each mutation of the deployment (the expectation stays the
 * guide's) must cause exactly its expected root failures, every other finding passes, follows from them
 * (DEPENDENT) or skips as on the guide's own deployment, and every failure explains itself. One stack per setup is reused: each mutation is
 * applied through the stack (restarting only what it touches) and provisioning, which writes every object's
 * whole desired state, so nothing of one mutation carries over into the next. The guide's setup is restored
 * once at the end; the detection matrix is written then too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class Catalogue {
    private final Map<String, StackRun> runs = new LinkedHashMap<>();
    /** Per setup, the findings that SKIP on the guide's own deployment (not applicable there). */
    private final Map<String, java.util.Set<String>> baselineSkips = new LinkedHashMap<>();
    private final List<DetectionMatrix.Row> matrix = new ArrayList<>();

    /** Starts the stack of one setup (the guide's deployment). */
    abstract StackRun start(String setup);

    /** Where under target/e2e-report the detection matrix of this stack goes. */
    abstract String matrixDir();

    /** What else a mutation's row must agree with on this stack (the local stack: what the real systems found). */
    void compareWithReality(DetectionMatrix.Row row) {
    }

    /** The catalogue, or the mutations -De2e.mutations=NAME,... names (to reproduce one misconfiguration). */
    static List<Mutation> mutations() {
        List<Mutation> all = Mutation.load(Path.of(System.getProperty("fixtures.dir", "fixtures"), "mutations.yml"));
        String only = System.getProperty("e2e.mutations", "").strip();
        if (only.isEmpty()) {
            return all;
        }
        List<String> names = java.util.Arrays.stream(only.split(",")).map(String::strip).filter(n -> !n.isEmpty()).toList();
        List<String> known = all.stream().map(Mutation::name).toList();
        List<String> unknown = names.stream().filter(n -> !known.contains(n)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("-De2e.mutations: no mutation named " + unknown + " in fixtures/mutations.yml; expected some of " + known);
        }
        return all.stream().filter(m -> names.contains(m.name())).toList();
    }

    @BeforeAll
    void startStacks() {
        for (Mutation m : mutations()) {
            runs.computeIfAbsent(m.setup(), setup -> {
                StackRun run = start(setup);
                Report guide = run.verify();
                List<Finding> notPassing = guide.findings().stream()
                        .filter(f -> f.status() == Finding.Status.FAIL || f.status() == Finding.Status.DEPENDENT).toList();
                assertEquals(List.of(), notPassing, setup + ": the guide's own deployment must pass before a mutation means anything");
                baselineSkips.put(setup, guide.findings().stream().filter(f -> f.status() == Finding.Status.SKIP)
                        .map(Finding::key).collect(java.util.stream.Collectors.toSet()));
                return run;
            });
        }
    }

    @AfterAll
    void stopStacks() {
        try {
            runs.values().forEach(StackRun::restore);
        } finally {
            runs.values().forEach(StackRun::close);
        }
        if (!matrix.isEmpty()) {
            DetectionMatrix.write(matrix, LocalRun.REPORT_DIR.resolve(matrixDir()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutations")
    void mutationTurnsExactlyItsChecksRed(Mutation mutation) {
        AuthentikVersion version = AuthentikVersion.parse(Versions.fromDefaultLocation().get("authentik.version"));
        org.junit.jupiter.api.Assumptions.assumeTrue(mutation.minAuthentikVersion() == null
                        || version.compareTo(AuthentikVersion.parse(mutation.minAuthentikVersion() + ".0")) >= 0,
                mutation.name() + " is about authentik " + mutation.minAuthentikVersion() + "+; this run uses " + version);
        StackRun run = runs.get(mutation.setup());
        Deployment guide = run.setup();
        Report report = run.verify(mutation.applyTo(guide), "mutation-" + mutation.name());
        DetectionMatrix.Row row = DetectionMatrix.Row.of(mutation, report.findings());
        matrix.add(row);

        assertEquals(List.of(), row.missed(), mutation.name() + ": expected root failures that did not happen");
        compareWithReality(row);
        assertEquals(List.of(), row.falsePositives(), mutation.name() + ": root failures that the mutation does not explain");
        report.findings().stream().filter(f -> f.status() == Finding.Status.FAIL)
                .forEach(f -> assertTrue(!f.remedy().isBlank() && !f.guideStep().isBlank(), "a failure explains itself: " + f));
        // Every other finding passes, follows from a root failure (DEPENDENT, blamed on one), or skips as it does
        // on the guide's own deployment.
        List<String> roots = report.findings().stream().filter(f -> f.status() == Finding.Status.FAIL).map(Finding::key).toList();
        for (Finding f : report.findings()) {
            switch (f.status()) {
                case DEPENDENT -> assertTrue(roots.contains(f.dependsOn()), mutation.name() + ": blamed on no root failure: " + f);
                case SKIP -> assertTrue(baselineSkips.get(mutation.setup()).contains(f.key()),
                        mutation.name() + ": a skip the guide's deployment does not have: " + f);
                case WARN -> assertTrue(!f.remedy().isBlank(), "a warning explains itself: " + f);
                default -> {
                }
            }
        }
    }
}
