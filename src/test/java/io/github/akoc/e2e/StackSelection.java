package io.github.akoc.e2e;

import org.junit.jupiter.api.Assumptions;

import java.util.Arrays;
import java.util.List;

/**
 * Which stacks the end-to-end tests run on: -De2e.stack, a comma-separated list of {@code containers} and
 * {@code local}. The pom sets it: {@code containers} by default (the real images), {@code local,containers}
 * with -Pselftest (stand-ins in process, and the container stack with the locally built self-test images).
 */
public final class StackSelection {
    static final List<String> KNOWN = List.of("containers", "local");

    private StackSelection() {
    }

    public static List<String> selected() {
        List<String> stacks = Arrays.stream(System.getProperty("e2e.stack", "local").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        for (String s : stacks) {
            if (!KNOWN.contains(s)) {
                throw new IllegalArgumentException("-De2e.stack=" + System.getProperty("e2e.stack")
                        + ": expected a comma-separated list of " + KNOWN + ", got '" + s + "'");
            }
        }
        return stacks;
    }

    /** Skips the calling test unless this run asked for the stack. */
    public static void assume(String stack) {
        List<String> selected = selected();
        Assumptions.assumeTrue(selected.contains(stack), "the " + stack + " stack's tests run only when e2e.stack names it"
                + (stack.equals("local") ? " (-Pselftest)" : " (the default, and -Pselftest)")
                + "; this run asked for e2e.stack=" + String.join(",", selected));
    }
}
