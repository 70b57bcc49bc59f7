package io.github.akoc.stack.containers;

import org.testcontainers.images.builder.ImageFromDockerfile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;

/**
 * The self-test's local images (src/test/docker/NAME), built FROM local/debian:bookworm with Debian packages
 * because no registry is reachable here. Each has its own name (akoc-selftest/NAME), never a real image's
 * name, and is kept (deleteOnExit=false) so the build cache makes later runs fast.
 */
final class SelfTestImages {
    static final Path DOCKER = Path.of("src", "test", "docker");
    private static final Map<String, String> BUILT = new ConcurrentHashMap<>();

    private SelfTestImages() {
    }

    /** Builds (or finds in the cache) akoc-selftest/NAME:TAG from src/test/docker/NAME and returns its name. */
    static synchronized String build(String name, String tag, Map<String, Path> extraFiles) {
        String image = "akoc-selftest/" + name + ":" + tag;
        return BUILT.computeIfAbsent(image, i -> {
            long t0 = System.nanoTime();
            ImageFromDockerfile df = new ImageFromDockerfile(i, false).withFileFromPath(".", DOCKER.resolve(name));
            extraFiles.forEach((inContext, file) -> {
                if (!Files.isRegularFile(file)) {
                    throw new IllegalStateException("image " + i + " needs " + file + " (build it first)");
                }
                df.withFileFromPath(inContext, file);
            });
            String built = df.get();
            // stdout: the measurement belongs in the test report even without a logging backend
            System.out.printf("image %s ready in %d ms%n", built, (System.nanoTime() - t0) / 1_000_000);
            return built;
        });
    }

    static String build(String name) {
        return build(name, "latest", Map.of());
    }
}
