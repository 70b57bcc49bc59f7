package io.github.akoc.stack.containers;

import io.github.akoc.deployment.Versions;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.builder.ImageFromDockerfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The self-test's local images (src/test/docker/NAME), built with Debian packages from a Debian base image: the
 * property {@code e2e.selftest.base} or the environment variable E2E_SELFTEST_BASE, default debian:bookworm (where
 * no registry is reachable, a locally made base such as local/debian:bookworm). Each has its own name (akoc-selftest/NAME), never a real image's
 * name, and is kept (deleteOnExit=false) so the build cache makes later runs fast.
 *
 * <p>They are used only when {@value #PROPERTY}=true (set by the selftest profile); a run against the real
 * images (the default {@code mvn verify}) never builds them, and the tests that exist only for them skip.
 */
public final class SelfTestImages {
    public static final String PROPERTY = "e2e.selftest.images";
    static final Path DOCKER = Path.of("src", "test", "docker");
    static final String BASE = base();

    static String base() {
        String p = System.getProperty("e2e.selftest.base");
        if (p == null || p.isBlank()) {
            p = System.getenv("E2E_SELFTEST_BASE");
        }
        return p == null || p.isBlank() ? "debian:bookworm" : p;
    }
    private static final Map<String, String> BUILT = new ConcurrentHashMap<>();
    private static final Map<String, String> IDS = new ConcurrentHashMap<>();

    private SelfTestImages() {
    }

    public static boolean wanted() {
        return Boolean.getBoolean(PROPERTY);
    }

    /** Skips the calling test unless this run uses the self-test images and their base image is at hand. */
    public static void assumeWanted() {
        Assumptions.assumeTrue(wanted(), "uses the locally built self-test images, which only -Pselftest ("
                + PROPERTY + "=true) builds; this run uses the real images");
        if (!present(BASE)) {
            try {
                Images.ensure(java.util.List.of(BASE), java.time.Duration.ofMinutes(5));
            } catch (IllegalStateException e) {
                Assumptions.abort("the self-test images are built FROM " + BASE + " (e2e.selftest.base / E2E_SELFTEST_BASE), which this "
                        + "Docker engine neither has nor can pull: " + e.getMessage());
            }
        }
    }

    private static boolean present(String image) {
        try {
            DockerClientFactory.instance().client().inspectImageCmd(image).exec();
            return true;
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            return false;
        }
    }

    /** Builds (or finds in the cache) akoc-selftest/NAME:TAG from src/test/docker/NAME and returns its name. */
    static synchronized String build(String name, String tag, Map<String, Path> extraFiles, Map<String, String> buildArgs) {
        String image = io.github.akoc.report.VersionKnowledge.SELF_TEST_IMAGES + name + ":" + tag;
        return BUILT.computeIfAbsent(image, i -> {
            long t0 = System.nanoTime();
            ImageFromDockerfile df = new ImageFromDockerfile(i, false).withFileFromPath(".", DOCKER.resolve(name));
            extraFiles.forEach((inContext, file) -> {
                if (!Files.isRegularFile(file)) {
                    throw new IllegalStateException("image " + i + " needs " + file + " (build it first)");
                }
                df.withFileFromPath(inContext, file);
            });
            df.withBuildArg("BASE_IMAGE", BASE);
            buildArgs.forEach(df::withBuildArg);
            String built = df.get();
            // stdout: the measurement belongs in the test report even without a logging backend
            System.out.printf("image %s ready in %d ms%n", built, (System.nanoTime() - t0) / 1_000_000);
            return built;
        });
    }

    static String build(String name, String tag, Map<String, Path> extraFiles) {
        return build(name, tag, extraFiles, Map.of());
    }

    static String build(String name) {
        return build(name, "latest", Map.of());
    }

    /**
     * The stand-ins image (target/standins.jar) acting as authentik {@code authentikVersion}: tagged
     * akoc-selftest/standins:AUTHENTIK_VERSION, and also :OPENCLOUD_VERSION because the same image serves as
     * OpenCloud; returns the repository name.
     */
    static String standins(String authentikVersion, String opencloudVersion) {
        Path jar = Path.of(System.getProperty("standins.jar", "target/standins.jar"));
        Path schemaDir = Path.of(System.getProperty("authentik.schema.dir", "target/authentik-schema"));
        Path bundleDir = Path.of(System.getProperty("oidc-client-ts.dir", "target/oidc-client-ts"));
        String built = build("standins", authentikVersion, Map.of(
                "standins.jar", jar,
                "authentik-schema.yml", io.github.akoc.standin.authentik.StandInConfig.schemaFor(schemaDir, authentikVersion),
                "oidc-client-ts.min.js", bundleDir.resolve("oidc-client-ts.min.js")),
                Map.of("AUTHENTIK_VERSION", authentikVersion));
        String repository = built.substring(0, built.lastIndexOf(':'));
        var docker = DockerClientFactory.instance().client();
        // (re)tag by id on every use: another build on a shared engine may have moved the tags meanwhile
        String id = IDS.computeIfAbsent(built, b -> docker.inspectImageCmd(b).exec().getId());
        docker.tagImageCmd(id, repository, authentikVersion).withForce().exec();
        docker.tagImageCmd(id, repository, opencloudVersion).withForce().exec();
        return repository;
    }

    /**
     * versions.properties (written into dir) with the self-test's images in place of the real ones, under the
     * very keys a user sets: authentik.image/version and opencloud.image/version name the stand-ins image, the
     * others the Debian-built images.
     */
    public static Versions versions(Path dir, String authentikVersion, String opencloudVersion) {
        String standins = standins(authentikVersion, opencloudVersion);
        return versions(dir, standins + ":" + authentikVersion, standins + ":" + opencloudVersion,
                "akoc-selftest/redis-not-needed:0");
    }

    static Versions versions(Path dir, String authentikImage, String opencloudImage, String redisImage) {
        Versions defaults = Versions.fromDefaultLocation();
        Map<String, String> v = new LinkedHashMap<>();
        v.put("authentik.image", authentikImage.substring(0, authentikImage.lastIndexOf(':')));
        v.put("authentik.version", authentikImage.substring(authentikImage.lastIndexOf(':') + 1));
        v.put("opencloud.image", opencloudImage.substring(0, opencloudImage.lastIndexOf(':')));
        v.put("opencloud.version", opencloudImage.substring(opencloudImage.lastIndexOf(':') + 1));
        v.put("opencloud.compose.ref", defaults.defaultOf("opencloud.compose.ref"));
        v.put("caddy.image", build("caddy"));
        v.put("postgres.image", build("postgres"));
        v.put("redis.image", redisImage);
        v.put("browser.image", build("browser"));
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("versions.properties");
            Files.writeString(file, v.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("\n")));
            return Versions.load(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the self-test's versions into " + dir, e);
        }
    }

    /**
     * The container stack with these versions and what the self-test swaps beyond them: opencloud-compose's
     * ldap-server (not pullable here) through an overlay, and every image required to be local.
     */
    public static ContainersStack.Builder stack(ContainersStack.Builder builder, Versions versions) {
        return builder.versions(versions)
                .extraComposeFile(Path.of("src", "test", "resources", "compose", "selftest-images.yml"))
                .extraComposeEnv("E2E_LDAP_IMAGE", build("ldap"))
                .imagesLocal(true);
    }
}
