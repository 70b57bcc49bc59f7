package io.github.akoc.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.github.akoc.provision.AuthentikVersion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the real systems answered, one folder per authentik build they were run with
 * (fixtures/recorded/authentik-VERSION/: manifest.yml, runs/, reports/, detection-matrix.json, known-differences.yml).
 */
public final class RecordedBuilds {
    private RecordedBuilds() {
    }

    /** One recorded build: its folder, its manifest, the authentik and OpenCloud releases it ran, the stand-in's mode for it. */
    public record Build(Path dir, JsonNode manifest, AuthentikVersion authentik, String opencloud, String standInVersion) {
        public Path matrix() {
            return dir.resolve("detection-matrix.json");
        }

        @Override
        public String toString() {
            return dir.getFileName().toString();
        }
    }

    public static Path root() {
        return Path.of(System.getProperty("fixtures.dir", "fixtures"), "recorded");
    }

    /** Every recorded build, oldest first. */
    public static List<Build> all() {
        try (Stream<Path> dirs = Files.list(root())) {
            List<Build> out = dirs.filter(d -> Files.isRegularFile(d.resolve("manifest.yml"))).map(RecordedBuilds::read)
                    .sorted(Comparator.comparing(Build::authentik)).toList();
            if (out.isEmpty()) {
                throw new IllegalStateException("no recorded build under " + root() + ": expected folders authentik-VERSION/ with a manifest.yml");
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root(), e);
        }
    }

    /**
     * The build a run on authentik {@code version} is held against: the newest recorded one of the same or an older
     * release line (year and month), or the oldest when the run is older than every recording.
     */
    public static Build nearest(String version) {
        AuthentikVersion v = AuthentikVersion.parse(version);
        List<Build> all = all();
        return all.stream().filter(b -> b.authentik().compareTo(new AuthentikVersion(v.year(), v.month(), Integer.MAX_VALUE)) <= 0)
                .reduce((a, b) -> b).orElse(all.get(0));
    }

    private static Build read(Path dir) {
        Path file = dir.resolve("manifest.yml");
        try {
            JsonNode m = new YAMLMapper().readTree(file.toFile());
            String authentik = m.path("authentikVersion").asText("");
            String standIn = m.path("standInAuthentikVersion").asText("");
            String opencloud = m.path("opencloudVersion").asText("");
            if (authentik.isBlank() || standIn.isBlank() || opencloud.isBlank()) {
                throw new IllegalArgumentException(file + ": expected authentikVersion and opencloudVersion (the releases recorded) "
                        + "and standInAuthentikVersion (the stand-in's mode for them)");
            }
            return new Build(dir, m, AuthentikVersion.parse(authentik), opencloud, standIn);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
