package io.github.akoc.report;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.akoc.check.Finding;
import io.github.akoc.deployment.Mutation;
import io.github.akoc.world.HttpResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Which misconfigurations the suite catches: per mutation (with its source and guide step), the root failures
 * expected and those that happened with the remedy each gave, the findings that followed from them
 * (DEPENDENT), and the difference either way. Written as detection-matrix.json and .md beside the reports.
 */
public final class DetectionMatrix {
    private DetectionMatrix() {
    }

    /** A root failure and the remedy it gave. */
    public record Root(String finding, String remedy) {
    }

    public record Row(String mutation, String setup, String source, String guideStep, List<String> expected,
                      List<Root> roots, List<String> dependent, boolean detected, List<String> falsePositives,
                      List<String> missed) {

        /**
         * Matches a mutation's expected root failures ("check/subject", "check/*", or "check" for a check with one
         * finding) against the root failures (FAIL) of its run; DEPENDENT findings are listed, not counted.
         */
        public static Row of(Mutation m, List<Finding> findings) {
            List<Finding> failedFindings = findings.stream().filter(f -> f.status() == Finding.Status.FAIL).toList();
            List<Root> roots = failedFindings.stream().map(f -> new Root(f.key(), f.remedy())).toList();
            List<String> dependent = findings.stream().filter(f -> f.status() == Finding.Status.DEPENDENT)
                    .map(f -> f.key() + " ← " + f.dependsOn()).toList();
            List<String> falsePositives = failedFindings.stream()
                    .filter(f -> m.expected().stream().noneMatch(e -> covers(e, f))).map(Finding::key).toList();
            List<String> missed = m.expected().stream().filter(e -> !satisfied(e, findings)).toList();
            return new Row(m.name(), m.setup(), m.source(), m.guideStep(), m.expected(), roots, dependent,
                    missed.isEmpty() && !roots.isEmpty(), falsePositives, missed);
        }

        private static boolean covers(String expected, Finding f) {
            if (expected.endsWith("/*")) {
                return f.check().equals(expected.substring(0, expected.length() - 2));
            }
            return expected.contains("/") ? expected.equals(f.key()) : expected.equals(f.check());
        }

        /** Every finding the entry names exists and is a root failure ("check/*": all of that check's findings). */
        private static boolean satisfied(String expected, List<Finding> findings) {
            List<Finding> named = findings.stream().filter(f -> covers(expected, f)).toList();
            return !named.isEmpty() && named.stream().allMatch(f -> f.status() == Finding.Status.FAIL);
        }
    }

    private static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }

    public static void write(List<Row> rows, Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("detection-matrix.json"),
                    HttpResult.JSON.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
            StringBuilder md = new StringBuilder("# Detection matrix\n\n")
                    .append("| mutation | setup | source | guide step | detected | expected root failures | actual root failures and remedies "
                            + "| dependent findings | false positives | missed |\n|---|---|---|---|---|---|---|---|---|---|\n");
            for (Row r : rows) {
                md.append("| ").append(r.mutation()).append(" | ").append(r.setup()).append(" | ").append(cell(r.source()))
                        .append(" | ").append(cell(r.guideStep())).append(" | ")
                        .append(r.detected() ? "yes" : "**no**").append(" | ").append(String.join("<br>", r.expected()))
                        .append(" | ").append(String.join("<br>", r.roots().stream().map(x -> "`" + x.finding() + "`: " + cell(x.remedy())).toList()))
                        .append(" | ").append(r.dependent().isEmpty() ? "–" : String.join("<br>", r.dependent()))
                        .append(" | ").append(r.falsePositives().isEmpty() ? "0" : String.join("<br>", r.falsePositives()))
                        .append(" | ").append(r.missed().isEmpty() ? "0" : String.join("<br>", r.missed())).append(" |\n");
            }
            long detected = rows.stream().filter(Row::detected).count();
            long fp = rows.stream().mapToLong(r -> r.falsePositives().size()).sum();
            md.append("\n").append(detected).append(" of ").append(rows.size()).append(" mutations detected, ")
                    .append(fp).append(" false positives.\n");
            Files.writeString(dir.resolve("detection-matrix.md"), md.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the detection matrix into " + dir, e);
        }
    }
}
