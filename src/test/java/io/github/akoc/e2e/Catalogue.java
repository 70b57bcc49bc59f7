package io.github.akoc.e2e;


import io.github.akoc.check.Finding;
import io.github.akoc.report.Benchmark;
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
    /** Every stack started, per setup; a mutation borrows one of its setup's stacks from {@link #idle} for its run. */
    private final Map<String, List<StackRun>> runs = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.BlockingQueue<StackRun>> idle = new LinkedHashMap<>();
    /** Per setup, the findings that SKIP on the guide's own deployment (not applicable there). */
    private final Map<String, java.util.Set<String>> baselineSkips = new LinkedHashMap<>();
    private final List<DetectionMatrix.Row> matrix = java.util.Collections.synchronizedList(new ArrayList<>());
    /** When the stacks began to start, the first mutation began and the last one ended (System.nanoTime), for the wall time. */
    private long stacksStarted;
    private final java.util.concurrent.atomic.AtomicLong firstMutation = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong lastMutation = new java.util.concurrent.atomic.AtomicLong();

    /** Starts a stack of one setup (the guide's deployment); lane 1, 2, … when a setup has several. */
    abstract StackRun start(String setup, int lane);

    /**
     * How many stacks of one setup may run mutations side by side. One: each mutation waits for the one before.
     * A second stack pays for its start and guide run (about one mutation's time) from a few mutations on.
     */
    int lanes(int mutationsOfSetup) {
        return 1;
    }

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
        Map<String, Long> perSetup = mutations().stream()
                .collect(java.util.stream.Collectors.groupingBy(Mutation::setup, LinkedHashMap::new, java.util.stream.Collectors.counting()));
        stacksStarted = System.nanoTime();
        perSetup.forEach((setup, count) -> {
            int lanes = Math.max(1, lanes(count.intValue()));
            // a setup's stacks start side by side; each one started is kept at once, so @AfterAll stops it whatever fails
            List<java.util.concurrent.CompletableFuture<Report>> guides = new ArrayList<>();
            var starters = java.util.concurrent.Executors.newFixedThreadPool(lanes);
            for (int lane = 1; lane <= lanes; lane++) {
                int l = lane;
                guides.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    StackRun run = start(setup, l);
                    runs.computeIfAbsent(setup, s -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(run);
                    return run.verify();
                }, starters));
            }
            starters.shutdown();
            java.util.concurrent.CompletableFuture.allOf(guides.toArray(java.util.concurrent.CompletableFuture[]::new))
                    .exceptionally(t -> null).join();
            for (var g : guides) {
                Report guide;
                try {
                    guide = g.join();
                } catch (java.util.concurrent.CompletionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : e;
                }
                List<Finding> notPassing = guide.findings().stream()
                        .filter(f -> f.status() == Finding.Status.FAIL || f.status() == Finding.Status.DEPENDENT).toList();
                assertEquals(List.of(), notPassing, setup + ": the guide's own deployment must pass before a mutation means anything");
                java.util.Set<String> skips = guide.findings().stream().filter(f -> f.status() == Finding.Status.SKIP)
                        .map(Finding::key).collect(java.util.stream.Collectors.toSet());
                java.util.Set<String> earlier = baselineSkips.putIfAbsent(setup, skips);
                assertEquals(earlier == null ? skips : earlier, skips, setup + ": every stack of a setup skips the same on the guide's deployment");
            }
            idle.put(setup, new java.util.concurrent.LinkedBlockingQueue<>(runs.get(setup)));
        });
    }

    @AfterAll
    void stopStacks() {
        List<StackRun> all = runs.values().stream().flatMap(List::stream).toList();
        try {
            all.forEach(StackRun::restore);
        } finally {
            all.forEach(StackRun::close);
        }
        if (!matrix.isEmpty()) {
            List<String> order = mutations().stream().map(Mutation::name).toList();
            List<DetectionMatrix.Row> rows = new ArrayList<>(matrix);
            rows.sort(java.util.Comparator.comparingInt(r -> order.indexOf(r.mutation())));
            DetectionMatrix.write(rows, LocalRun.REPORT_DIR.resolve(matrixDir()));
            Benchmark.writeCatalogueWall(LocalRun.REPORT_DIR, matrixDir(), rows.size(),
                    runs.values().stream().mapToInt(List::size).max().orElse(1),
                    (firstMutation.get() - stacksStarted) / 1_000_000, (lastMutation.get() - firstMutation.get()) / 1_000_000);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutations")
    // mutations go side by side as far as their setup has idle stacks (junit-platform.properties: at most two at once)
    @org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
    void mutationTurnsExactlyItsChecksRed(Mutation mutation) throws InterruptedException {
        Versions versions = Versions.fromDefaultLocation();
        java.util.Optional<String> notApplicable = mutation.notApplicable(versions.get("authentik.version"), versions.get("opencloud.version"));
        org.junit.jupiter.api.Assumptions.assumeTrue(notApplicable.isEmpty(), notApplicable.orElse(""));
        java.util.concurrent.BlockingQueue<StackRun> stacks = idle.get(mutation.setup());
        StackRun run = stacks.take();
        firstMutation.compareAndSet(0, System.nanoTime());
        Report report;
        try {
            report = run.verify(mutation.applyTo(run.setup()), "mutation-" + mutation.name());
        } finally {
            lastMutation.accumulateAndGet(System.nanoTime(), Math::max);
            stacks.add(run);
        }
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
