package io.github.akoc.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The benchmark's table: the phases every report of a run measured (its own timing, not a timed test), per run of
 * the benchmark (fresh, reused), the guide's setups per stack and the catalogue total and per mutation. Reads the
 * report JSONs the runs left under DIR/RUN/ and writes DIR/benchmark.md. src/build/benchmark.sh makes the runs.
 */
public final class Benchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Benchmark() {
    }

    /** One report's phases. */
    record Row(String run, String stack, String name, Map<String, Long> phases) {
        long total() {
            return phases.values().stream().mapToLong(Long::longValue).sum();
        }

        boolean mutation() {
            return name.startsWith("mutation-");
        }
    }

    /** The catalogue's wall time on one stack: its stacks' start and guide runs, then its mutations (side by side on lanes). */
    record CatalogueWall(String run, String stack, int mutations, int lanes, long stacksMillis, long mutationsMillis) {
    }

    private static final String CATALOGUE_WALL = "-catalogue-wall.json";

    /** Written by the catalogue beside its reports (DIR/STACK-catalogue-wall.json), read back by {@link #walls}. */
    public static void writeCatalogueWall(Path dir, String stack, int mutations, int lanes, long stacksMillis, long mutationsMillis) {
        try {
            Files.createDirectories(dir);
            JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(stack + CATALOGUE_WALL).toFile(), Map.of("catalogueOn", stack,
                    "mutations", mutations, "lanes", lanes, "stacksMillis", stacksMillis, "mutationsMillis", mutationsMillis));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the catalogue's wall time under " + dir, e);
        }
    }

    static List<CatalogueWall> walls(Path dir) {
        List<CatalogueWall> out = new ArrayList<>();
        try (Stream<Path> runs = Files.list(dir)) {
            for (Path run : runs.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> files = Files.list(run)) {
                    for (Path f : files.filter(p -> p.getFileName().toString().endsWith(CATALOGUE_WALL)).sorted().toList()) {
                        JsonNode n = JSON.readTree(f.toFile());
                        out.add(new CatalogueWall(run.getFileName().toString(), n.path("catalogueOn").asText(), n.path("mutations").asInt(),
                                n.path("lanes").asInt(), n.path("stacksMillis").asLong(), n.path("mutationsMillis").asLong()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the catalogue's wall times under " + dir, e);
        }
        return out;
    }

    static List<Row> read(Path dir) {
        List<Row> rows = new ArrayList<>();
        try (Stream<Path> runs = Files.list(dir)) {
            for (Path run : runs.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> reports = Files.list(run)) {
                    for (Path r : reports.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                        JsonNode n = JSON.readTree(r.toFile());
                        if (!n.has("timings") || !n.has("stack")) {
                            continue; // a detection matrix or another file beside the reports
                        }
                        Map<String, Long> phases = new LinkedHashMap<>();
                        n.path("timings").fields().forEachRemaining(e -> phases.put(e.getKey(), e.getValue().asLong()));
                        String stack = n.path("stack").asText();
                        String file = r.getFileName().toString();
                        String name = file.substring(stack.length() + 1, file.length() - ".json".length());
                        rows.add(new Row(run.getFileName().toString(), stack, name, phases));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the benchmark's reports under " + dir, e);
        }
        return rows;
    }

    static String table(List<Row> rows, String machine) {
        return table(rows, List.of(), machine);
    }

    static String table(List<Row> rows, List<CatalogueWall> walls, String machine) {
        StringBuilder md = new StringBuilder("# Benchmark\n\n").append(machine).append("\n\n");
        md.append("Phases in seconds, from each report's own timings.\n\n## The guide's setups\n\n");
        List<Row> setups = rows.stream().filter(r -> !r.mutation()).toList();
        Set<String> phases = new LinkedHashSet<>();
        setups.forEach(r -> phases.addAll(r.phases().keySet()));
        md.append("| run | stack | setup | ").append(String.join(" | ", phases)).append(" | total |\n|---|---|---|")
                .append("---|".repeat(phases.size() + 1)).append("\n");
        Map<String, Long> perRunStack = new LinkedHashMap<>();
        for (Row r : setups) {
            md.append("| ").append(r.run()).append(" | ").append(r.stack()).append(" | ").append(r.name()).append(" | ");
            for (String p : phases) {
                md.append(r.phases().containsKey(p) ? seconds(r.phases().get(p)) : "").append(" | ");
            }
            md.append(seconds(r.total())).append(" |\n");
            perRunStack.merge(r.run() + " " + r.stack(), r.total(), Long::sum);
        }
        md.append("\nBoth setups together: ");
        perRunStack.forEach((k, v) -> md.append(k).append(" ").append(seconds(v)).append(" s; "));
        md.setLength(md.length() - 2);
        md.append("\n\n## The catalogue\n\n");
        Map<String, List<Row>> catalogues = new LinkedHashMap<>();
        rows.stream().filter(Row::mutation).forEach(r -> catalogues.computeIfAbsent(r.run() + " " + r.stack(), k -> new ArrayList<>()).add(r));
        if (catalogues.isEmpty()) {
            md.append("(no catalogue in these runs)\n");
        }
        catalogues.forEach((k, list) -> {
            long sum = list.stream().mapToLong(Row::total).sum();
            Row slowest = list.stream().max(Comparator.comparingLong(Row::total)).orElseThrow();
            md.append("- ").append(k).append(": ").append(list.size()).append(" mutations, ").append(seconds(sum))
                    .append(" s of phases, ").append(seconds(sum / list.size())).append(" s per mutation on average, slowest ")
                    .append(slowest.name().substring("mutation-".length())).append(" ").append(seconds(slowest.total())).append(" s\n");
            Map<String, Long> byPhase = new LinkedHashMap<>();
            list.forEach(r -> r.phases().forEach((p, ms) -> byPhase.merge(p, ms, Long::sum)));
            md.append("  - by phase:");
            byPhase.forEach((p, ms) -> md.append(" ").append(p).append(" ").append(seconds(ms)).append(" s,"));
            md.setLength(md.length() - 1);
            md.append("\n");
        });
        walls.forEach(w -> md.append("- ").append(w.run()).append(" ").append(w.stack()).append(": the ").append(w.mutations())
                .append(" mutations took ").append(seconds(w.mutationsMillis())).append(" s of wall time on ").append(w.lanes())
                .append(w.lanes() == 1 ? " stack" : " stacks side by side").append(" per setup (before them: ")
                .append(seconds(w.stacksMillis())).append(" s to start the stacks and run the guide's deployments)\n"));
        md.append("\n| run | stack | mutation | total | phases |\n|---|---|---|---|---|\n");
        catalogues.values().forEach(list -> list.stream().sorted(Comparator.comparingLong(Row::total).reversed()).forEach(r ->
                md.append("| ").append(r.run()).append(" | ").append(r.stack()).append(" | ").append(r.name().substring("mutation-".length()))
                        .append(" | ").append(seconds(r.total())).append(" | ").append(r.phases()).append(" |\n")));
        return md.toString();
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f", millis / 1000.0);
    }

    /** args: the benchmark's directory (runs below it), then a line describing the machine. */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: Benchmark DIR MACHINE (DIR holds one folder of report JSONs per run)");
        }
        Path dir = Path.of(args[0]);
        List<Row> rows = read(dir);
        if (rows.isEmpty()) {
            throw new IllegalStateException("no report JSONs under " + dir + "/<run>/: expected the runs of src/build/benchmark.sh");
        }
        Path out = dir.resolve("benchmark.md");
        Files.writeString(out, table(rows, walls(dir), args[1]));
        System.out.println("benchmark table: " + out);
    }
}
