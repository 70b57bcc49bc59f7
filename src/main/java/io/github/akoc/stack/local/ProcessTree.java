package io.github.akoc.stack.local;

import java.util.concurrent.TimeUnit;

/** Stops a process we started together with its descendants: politely first, then forcibly. */
final class ProcessTree {
    private ProcessTree() {
    }

    static void stop(ProcessHandle root, String what) {
        var descendants = root.descendants().toList();
        descendants.forEach(ProcessHandle::destroy);
        root.destroy();
        try {
            root.onExit().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            root.destroyForcibly();
        }
        for (ProcessHandle d : descendants) {
            if (d.isAlive()) {
                d.destroyForcibly();
            }
        }
        if (root.isAlive()) {
            try {
                root.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(what + " (pid " + root.pid() + ") did not stop within 10 s", e);
            }
        }
    }
}
