package io.github.akoc.world;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Independent network work side by side: each client's login and probes wait on authentik, not on the CPU, so a few at
 * once take about the time of the slowest instead of the sum. Results keep the order of the inputs; the first failure
 * is rethrown as it was thrown.
 */
public final class InParallel {
    /** At most this many at once: the apps' sessions against one authentik, on a machine of two cores. */
    static final int WIDTH = 4;

    private InParallel() {
    }

    public static <T, R> List<R> map(List<T> inputs, Function<T, R> work) {
        if (inputs.size() < 2) {
            return inputs.stream().map(work).toList();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(WIDTH, inputs.size()), r -> {
            Thread t = new Thread(r, "akoc-parallel");
            t.setDaemon(true);
            return t;
        });
        try {
            List<CompletableFuture<R>> futures = new ArrayList<>();
            for (T input : inputs) {
                futures.add(CompletableFuture.supplyAsync(() -> work.apply(input), pool));
            }
            List<R> out = new ArrayList<>();
            for (CompletableFuture<R> f : futures) {
                try {
                    out.add(f.join());
                } catch (CompletionException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    if (e.getCause() instanceof Error err) {
                        throw err;
                    }
                    throw e;
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
