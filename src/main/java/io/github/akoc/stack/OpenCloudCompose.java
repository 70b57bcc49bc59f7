package io.github.akoc.stack;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where opencloud-compose's files are ({@code docker-compose.yml}, {@code idm/...}) and where the
 * project's own overlays are ({@code compose/custom/...}): a setup's composeFiles name files of both.
 */
public final class OpenCloudCompose {

    private final Path upstream;
    private final Path project;

    public OpenCloudCompose(Path upstream, Path projectComposeDir) {
        this.upstream = upstream;
        this.project = projectComposeDir;
    }

    /**
     * The opencloud-compose checkout of {@link OpenCloudComposeCheckout#locate} for the pinned ref of
     * fixtures/versions.properties; the overlays from projectDir/compose.
     */
    public static OpenCloudCompose locate(Path projectDir) {
        String ref = io.github.akoc.deployment.Versions.fromDefaultLocation().get("opencloud.compose.ref");
        OpenCloudComposeCheckout checkout = OpenCloudComposeCheckout.locate(ref, projectDir.resolve("target"));
        return new OpenCloudCompose(checkout.dir(), projectDir.resolve("compose").toAbsolutePath().normalize());
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
