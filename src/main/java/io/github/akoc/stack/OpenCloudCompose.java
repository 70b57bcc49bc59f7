package io.github.akoc.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where opencloud-compose's files are ({@code docker-compose.yml}, {@code idm/...}) and where the
 * project's own overlays are ({@code compose/custom/...}): a setup's composeFiles name files of both.
 */
public final class OpenCloudCompose {
    public static final String DIR_PROPERTY = "opencloud.compose.dir";

    private final Path upstream;
    private final Path project;

    public OpenCloudCompose(Path upstream, Path projectComposeDir) {
        this.upstream = upstream;
        this.project = projectComposeDir;
    }

    /**
     * -Dopencloud.compose.dir, else ../shared/upstream/opencloud-compose (a data-only snapshot beside the
     * project), else target/opencloud-compose, all relative to projectDir; the overlays from projectDir/compose.
     */
    public static OpenCloudCompose locate(Path projectDir) {
        List<Path> tried = new ArrayList<>();
        String property = System.getProperty(DIR_PROPERTY);
        List<Path> candidates = property != null && !property.isBlank() ? List.of(projectDir.resolve(property))
                : List.of(projectDir.resolve("../shared/upstream/opencloud-compose"), projectDir.resolve("target/opencloud-compose"));
        for (Path c : candidates) {
            Path abs = c.toAbsolutePath().normalize();
            tried.add(abs);
            if (Files.isRegularFile(abs.resolve("docker-compose.yml"))) {
                return new OpenCloudCompose(abs, projectDir.resolve("compose").toAbsolutePath().normalize());
            }
        }
        throw new IllegalArgumentException("opencloud-compose not found (looked for docker-compose.yml in " + tried
                + "): pass -D" + DIR_PROPERTY + "=... pointing at a checkout of opencloud-compose");
    }

    public Path upstreamDir() {
        return upstream;
    }

    public Path projectComposeDir() {
        return project;
    }

    /** A composeFiles entry: opencloud-compose's file if it has it, else the project's overlay. */
    public Path file(String composeFile) {
        Path inUpstream = upstream.resolve(composeFile);
        if (Files.isRegularFile(inUpstream)) {
            return inUpstream;
        }
        Path inProject = project.resolve(composeFile);
        if (Files.isRegularFile(inProject)) {
            return inProject;
        }
        throw new IllegalArgumentException("compose file '" + composeFile + "' is in neither " + upstream + " nor "
                + project + ": expected a file of opencloud-compose or a project overlay");
    }
}
