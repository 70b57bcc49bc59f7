package io.github.akoc.stack.local;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Finds the local programs the stack runs (caddy, chromium, chromedriver) and asks them their version. */
final class Binaries {
    private Binaries() {
    }

    /**
     * The executable named by the system property (default {@code fallback}); a bare name is looked up on
     * PATH. Missing -> IllegalStateException "NAME not found (looked for ...): HINT".
     */
    static Path require(String property, String fallback, String what, String hint) {
        String configured = System.getProperty(property, fallback);
        List<Path> tried = new ArrayList<>();
        if (configured.contains(File.separator)) {
            tried.add(Path.of(configured));
        } else {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    tried.add(Path.of(dir, configured));
                }
            }
        }
        for (Path p : tried) {
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p.toAbsolutePath();
            }
        }
        throw new IllegalStateException(what + " not found (looked for " + (tried.isEmpty() ? configured : tried)
                + "): " + hint);
    }

    /** First line of `binary args...` output, for the report; a failure becomes the text "unknown (...)". */
    static String version(Path binary, String... args) {
        List<String> cmd = new ArrayList<>(List.of(binary.toString()));
        cmd.addAll(List.of(args));
        try {
            // stdout only: Debian's chromium wrapper prints shell noise on stderr.
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "unknown (" + binary + " " + String.join(" ", args) + " did not answer in 10 s)";
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return out.lines().findFirst().orElse("unknown (no output)");
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown (interrupted)";
        }
    }
}
