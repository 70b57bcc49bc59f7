package io.github.akoc.world;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InParallelTest {
    @Test
    void workGoesSideBySideAndResultsKeepTheInputsOrder() {
        // each task waits for all the others: run one after the other, none would get past the latch
        CountDownLatch allStarted = new CountDownLatch(InParallel.WIDTH);
        List<Integer> inputs = List.of(1, 2, 3, 4);
        List<String> out = InParallel.map(inputs, i -> {
            allStarted.countDown();
            try {
                assertTrue(allStarted.await(10, TimeUnit.SECONDS), "task " + i + " ran alone");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return "r" + i;
        });
        assertEquals(List.of("r1", "r2", "r3", "r4"), out);
    }

    @Test
    void aFailureIsRethrownAsItWasThrown() {
        IllegalArgumentException thrown = new IllegalArgumentException("client 2 broke");
        IllegalArgumentException seen = assertThrows(IllegalArgumentException.class, () -> InParallel.map(List.of(1, 2, 3), i -> {
            if (i == 2) {
                throw thrown;
            }
            return i;
        }));
        assertSame(thrown, seen);
    }
}
