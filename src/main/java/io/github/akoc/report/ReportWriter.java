package io.github.akoc.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.akoc.check.Finding;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a {@link Report} twice: {@code <stack>-<setup>.json} for machines (a fixed shape, built field by
 * field so that a renamed record component cannot change it) and {@code <stack>-<setup>.md} for people:
 * where the result came from, a summary, every finding, failures explained, timings, versions, evidence.
 */
public final class ReportWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Pattern EVIDENCE = Pattern.compile("(screenshot|page source|console log) ([^;\\s]+)");

    private ReportWriter() {
    }

    /** Writes both files into dir (created if needed) and returns the Markdown file. */
    public static Path write(Report report, Path dir) {
        String base = report.stack() + "-" + report.setup();
        try {
            Files.createDirectories(dir);
            // read from the fixtures once for both files
            Map<String, String> known = VersionKnowledge.forReport(report.versions());
            Files.writeString(dir.resolve(base + ".json"), JSON.writeValueAsString(json(report, known)));
            Path md = dir.resolve(base + ".md");
            Files.writeString(md, markdown(report, dir, known));
            return md;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report " + base + " into " + dir.toAbsolutePath(), e);
        }
    }

    static ObjectNode json(Report r, Map<String, String> known) {
        ObjectNode root = JSON.createObjectNode();
        root.put("stack", r.stack());
        root.put("setup", r.setup());
        ObjectNode clients = root.putObject("clients");
        r.clients().forEach(clients::put);
        ObjectNode versions = root.putObject("versions");
        r.versions().forEach(versions::put);
        ObjectNode knownAs = root.putObject("knownAs");
        known.forEach(knownAs::put);
        ArrayNode findings = root.putArray("findings");
        for (Finding f : r.findings()) {
            ObjectNode o = findings.addObject();
            o.put("check", f.check());
            o.put("subject", f.subject());
            o.put("status", f.status().name());
            o.put("expected", nz(f.expected()));
            o.put("actual", nz(f.actual()));
            o.put("guideStep", nz(f.guideStep()));
            o.put("remedy", nz(f.remedy()));
            if (f.dependsOn() != null) {
                o.put("dependsOn", f.dependsOn());
            }
        }
        ObjectNode timings = root.putObject("timings");
        r.timings().forEach(timings::put);
        return root;
    }

    static String markdown(Report r, Path dir, Map<String, String> known) {
        StringBuilder md = new StringBuilder();
        md.append("# Verification of setup `").append(r.setup()).append("`\n\n");
        md.append("Stack: **").append(r.stack()).append("**");
        if ("local".equals(r.stack())) {
            md.append(" (ran against in-process stand-ins for authentik and OpenCloud, not the real images)");
        } else if ("containers".equals(r.stack())) {
            md.append(" (ran against the container images listed under Versions)");
        } else if ("external".equals(r.stack())) {
            md.append(" (ran against an existing deployment)");
        }
        md.append("\n\n");
        known.values().forEach(k -> md.append("- ").append(k).append("\n"));
        md.append("\n");
        md.append("**").append(r.count(Finding.Status.PASS)).append(" passed, ")
                .append(r.count(Finding.Status.FAIL)).append(" failed (root causes), ")
                .append(r.count(Finding.Status.DEPENDENT)).append(" dependent on those, ")
                .append(r.count(Finding.Status.WARN)).append(" warnings, ")
                .append(r.count(Finding.Status.SKIP)).append(" skipped**\n\n");
        matrix(r, md);
        List<Finding> failed = r.findings().stream().filter(f -> f.status() == Finding.Status.FAIL).toList();
        if (!failed.isEmpty()) {
            md.append("\n## Root failures and their remedies\n");
            for (Finding f : failed) {
                md.append("\n### `").append(f.check()).append("` — ").append(f.subject()).append("\n\n");
                md.append("- remedy: **").append(nz(f.remedy())).append("**\n");
                md.append("- guide step: ").append(nz(f.guideStep())).append("\n");
                md.append("- expected: ").append(nz(f.expected())).append("\n");
                md.append("- actual: ").append(nz(f.actual())).append("\n");
                Matcher m = EVIDENCE.matcher(nz(f.actual()));
                while (m.find()) {
                    md.append("- ").append(m.group(1)).append(": [").append(Path.of(m.group(2)).getFileName())
                            .append("](").append(link(dir, m.group(2))).append(")\n");
                }
                List<String> following = r.findings().stream().filter(d -> f.key().equals(d.dependsOn())).map(Finding::key).toList();
                if (!following.isEmpty()) {
                    md.append("- findings that follow from it (DEPENDENT): ").append(String.join(", ", following)).append("\n");
                }
            }
        }
        List<Finding> warned = r.findings().stream().filter(f -> f.status() == Finding.Status.WARN).toList();
        if (!warned.isEmpty()) {
            md.append("\n## Warnings (hardening beyond the guide; they do not fail the build unless asked)\n\n");
            warned.forEach(f -> md.append("- `").append(f.key()).append("`: ").append(nz(f.actual())).append(" Remedy: ")
                    .append(nz(f.remedy())).append("\n"));
        }
        md.append("\n## Findings\n\n| status | check | subject | actual |\n|---|---|---|---|\n");
        for (Finding f : r.findings()) {
            md.append("| ").append(f.status()).append(f.dependsOn() != null ? " ← `" + f.dependsOn() + "`" : "").append(" | `")
                    .append(f.check()).append("` | ").append(cell(f.subject()))
                    .append(" | ").append(cell(f.actual())).append(" |\n");
        }
        md.append("\n## Timings\n\n| phase | ms |\n|---|---:|\n");
        r.timings().forEach((phase, ms) -> md.append("| ").append(cell(phase)).append(" | ").append(ms).append(" |\n"));
        md.append("\n## Versions\n\n| component | version |\n|---|---|\n");
        r.versions().forEach((k, v) -> md.append("| ").append(cell(k)).append(" | ").append(cell(v)).append(" |\n"));
        return md.toString();
    }

    static final Map<Finding.Status, String> MARKS = Map.of(Finding.Status.PASS, "✓", Finding.Status.FAIL, "✗",
            Finding.Status.WARN, "!", Finding.Status.DEPENDENT, "↳", Finding.Status.SKIP, "–");

    /**
     * Checks × clients, one mark a cell (✓ pass, ✗ root failure, ! warning, ↳ dependent, – skip): findings about a
     * client (by client id or platform) go in its column, findings about the deployment as a whole in the last.
     */
    static void matrix(Report r, StringBuilder md) {
        List<String> platforms = List.copyOf(r.clients().keySet());
        md.append("| check |");
        platforms.forEach(p -> md.append(' ').append(r.clients().get(p)).append(" |"));
        md.append(" deployment |\n|---|");
        platforms.forEach(p -> md.append("---|"));
        md.append("---|\n");
        Map<String, Map<String, String>> rows = new java.util.LinkedHashMap<>();
        for (Finding f : r.findings()) {
            String column = "deployment";
            for (String p : platforms) {
                if (f.subject().equals(p) || f.subject().equals(r.clients().get(p))) {
                    column = p;
                }
            }
            rows.computeIfAbsent(f.check(), k -> new java.util.LinkedHashMap<>()).merge(column, MARKS.get(f.status()), String::concat);
        }
        rows.forEach((check, cells) -> {
            md.append("| `").append(check).append("` |");
            platforms.forEach(p -> md.append(' ').append(cells.getOrDefault(p, "")).append(" |"));
            md.append(' ').append(cells.getOrDefault("deployment", "")).append(" |\n");
        });
        md.append("\n✓ pass · ✗ root failure · ! warning · ↳ dependent on a root failure · – skipped\n");
    }

    private static String link(Path dir, String file) {
        Path p = Path.of(file);
        try {
            return p.isAbsolute() ? dir.toAbsolutePath().relativize(p).toString() : file;
        } catch (IllegalArgumentException e) {
            return p.toUri().toString();
        }
    }

    private static String cell(String s) {
        return nz(s).replace("|", "\\|").replace("\n", " ");
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** For callers that want the JSON without files (the CLI prints it). */
    public static String toJson(Report r) {
        try {
            return JSON.writeValueAsString(json(r, VersionKnowledge.forReport(r.versions())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
