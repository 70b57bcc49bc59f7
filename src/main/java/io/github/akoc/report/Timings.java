package io.github.akoc.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Measures the phases of a run: {@code try (var p = timings.phase("provision")) { ... }}. A phase that throws
 * is still recorded, so a report of a failed run shows where the time went. Phases keep their order.
 */
public final class Timings {
    /** Every phase is printed as it starts and ends, so a person watching a long run sees where it is. */
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("e2e");
    private final Map<String, Long> millis = Collections.synchronizedMap(new LinkedHashMap<>());
    private java.util.function.Consumer<String> onStart = name -> { };

    /** Told the name of each phase as it starts, before its work (a test injects a fault at a phase with it). */
    public Timings onPhaseStart(java.util.function.Consumer<String> listener) {
        this.onStart = listener;
        return this;
    }

    /** Timings that begin with phases measured elsewhere (a stack started before the run). */
    public static Timings startingWith(Map<String, Long> earlier) {
        Timings t = new Timings();
        t.millis.putAll(earlier);
        return t;
    }

    public Phase phase(String name) {
        LOG.info("phase {}: started", name);
        onStart.accept(name);
        return new Phase(name, System.nanoTime());
    }

    /** A span measured elsewhere (time spent waiting inside other phases), named for what it was. */
    public void record(String name, long ms) {
        LOG.warn("{}: {}", name, String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0));
        millis.merge(name, ms, Long::sum);
    }

    public Map<String, Long> asMap() {
        synchronized (millis) {
            return new LinkedHashMap<>(millis);
        }
    }

    public final class Phase implements AutoCloseable {
        private final String name;
        private final long start;

        private Phase(String name, long start) {
            this.name = name;
            this.start = start;
        }

        @Override
        public void close() {
            long ms = (System.nanoTime() - start) / 1_000_000;
            millis.merge(name, ms, Long::sum);
            LOG.info("phase {}: ended after {}", name, String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0));
        }
    }
}
