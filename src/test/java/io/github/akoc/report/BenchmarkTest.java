package io.github.akoc.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchmarkTest {
    @Test
    void tabulatesThePhasesOfEveryRunAndSumsTheCatalogue(@TempDir Path dir) throws Exception {
        report(dir.resolve("fresh"), "local", "web-only", "{\"stack\":1000,\"provision\":2000,\"login\":1500}");
        report(dir.resolve("fresh"), "local", "mutation-a", "{\"provision\":1000,\"login\":2000}");
        report(dir.resolve("fresh"), "local", "mutation-b", "{\"provision\":1000,\"login\":8000}");
        report(dir.resolve("reused"), "containers", "web-only", "{\"stack\":4000,\"provision\":500}");
        Files.writeString(dir.resolve("fresh").resolve("detection-matrix.json"), "[]");

        List<Benchmark.Row> rows = Benchmark.read(dir);
        assertEquals(4, rows.size(), rows.toString());
        String md = Benchmark.table(rows, "2 cores");
        assertTrue(md.contains("| fresh | local | web-only | 1.0 | 2.0 | 1.5 | 4.5 |"), md);
        assertTrue(md.contains("| reused | containers | web-only | 4.0 | 0.5 |  | 4.5 |"), md);
        assertTrue(md.contains("- fresh local: 2 mutations, 12.0 s of phases, 6.0 s per mutation on average, slowest b 9.0 s"), md);
        assertTrue(md.contains("by phase: provision 2.0 s, login 10.0 s"), md);
    }

    @Test
    void quotesTheCatalogueWallTimeItsRunWroteBesideTheReports(@TempDir Path dir) throws Exception {
        report(dir.resolve("fresh"), "local", "mutation-a", "{\"login\":2000}");
        Benchmark.writeCatalogueWall(dir.resolve("fresh"), "local", 25, 2, 14_200, 131_500);

        List<Benchmark.CatalogueWall> walls = Benchmark.walls(dir);
        assertEquals(List.of(new Benchmark.CatalogueWall("fresh", "local", 25, 2, 14_200, 131_500)), walls);
        String md = Benchmark.table(Benchmark.read(dir), walls, "2 cores");
        assertTrue(md.contains("- fresh local: the 25 mutations took 131.5 s of wall time on 2 stacks side by side per setup "
                + "(before them: 14.2 s to start the stacks and run the guide's deployments)"), md);
    }

    private static void report(Path run, String stack, String name, String timings) throws Exception {
        Files.createDirectories(run);
        Files.writeString(run.resolve(stack + "-" + name + ".json"), "{\"stack\":\"" + stack + "\",\"findings\":[],\"timings\":" + timings + "}");
    }
}
