package io.github.akoc.e2e;

import io.github.akoc.check.Finding;
import io.github.akoc.report.Report;
import io.github.akoc.stack.containers.SelfTestImages;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Steadiness: the self-test of both setups run again and again on an unchanged deployment, where every run must give
 * the same verdict (no FAIL, no DEPENDENT), so any other outcome is a fault of the suite or its stack, not of the
 * deployment. Prints and writes (target/soak.md) the failures by cause. Opt in: mvn verify -Pselftest,soak
 * [-De2e.soak.local=20] [-De2e.soak.containers=10]; the container part needs a Docker engine.
 */
@Tag("soak")
class SoakIT {
    @Test
    void theGuidesDeploymentGivesTheSameVerdictEveryTime() throws IOException {
        Map<String, List<String>> causes = new TreeMap<>();
        StringBuilder md = new StringBuilder("# Soak\n\n");
        int local = Integer.getInteger("e2e.soak.local", 20);
        int containers = DockerClientFactory.instance().isDockerAvailable() && SelfTestImages.wanted()
                ? Integer.getInteger("e2e.soak.containers", 10) : 0;
        md.append(soak("local", local, LocalRun::start, causes));
        md.append(containers > 0 ? soak("containers", containers, ContainersRun::start, causes)
                : "- containers: not run (no Docker engine, or not -Pselftest)\n");
        md.append("\n## Failures by cause\n\n");
        causes.forEach((cause, runs) -> md.append("- ").append(runs.size()).append("× ").append(cause).append(" (").append(String.join(", ", runs)).append(")\n"));
        if (causes.isEmpty()) {
            md.append("none\n");
        }
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "soak.md"), md);
        System.out.println(md);
        assertEquals(Map.of(), causes, "runs of the guide's deployment that did not verify it; see target/soak.md");
    }

    private static String soak(String stack, int times, Function<String, StackRun> start, Map<String, List<String>> causes) {
        int passed = 0;
        long t0 = System.nanoTime();
        for (int i = 1; i <= times; i++) {
            boolean ok = true;
            for (String setup : List.of("web-only", "web-desktop-mobile")) {
                String run = stack + " " + setup + " #" + i;
                try (StackRun r = start.apply(setup)) {
                    Report report = r.verify();
                    for (Finding f : report.findings()) {
                        if (f.status() == Finding.Status.FAIL || f.status() == Finding.Status.DEPENDENT) {
                            causes.computeIfAbsent(cause(f), k -> new ArrayList<>()).add(run);
                            ok = false;
                        }
                    }
                } catch (RuntimeException e) {
                    causes.computeIfAbsent(e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()), k -> new ArrayList<>()).add(run);
                    ok = false;
                }
            }
            passed += ok ? 1 : 0;
        }
        return "- " + stack + ": " + passed + "/" + times + " runs of both setups verified the guide's deployment ("
                + (System.nanoTime() - t0) / 1_000_000_000 + " s)\n";
    }

    /** A finding's check and the first words of what it saw, without the values that differ per run (ports, ids). */
    static String cause(Finding f) {
        String actual = firstLine(f.actual()).replaceAll("[0-9a-f]{16,}|\\b\\d{4,5}\\b", "…");
        return f.status() + " " + f.check() + ": " + (actual.length() > 160 ? actual.substring(0, 160) + "…" : actual);
    }

    private static String firstLine(String s) {
        String t = String.valueOf(s);
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }
}
