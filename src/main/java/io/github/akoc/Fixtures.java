package io.github.akoc;

import io.github.akoc.deployment.DeploymentLoader;
import io.github.akoc.deployment.Mutation;
import io.github.akoc.expectation.ClientProfile;
import io.github.akoc.expectation.GuideRequirements;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The project's fixtures/ folder: the guide's deployments (deployments/), the guide's requirements
 * (guide.yml) and the client profiles (clients/), the misconfiguration catalogue (mutations.yml). Read from
 * -Dfixtures.dir, from fixtures/ of the working directory, or, in the verify jar, from its resources.
 */
public final class Fixtures {
    public static final List<String> SETUPS = List.of("web-only", "web-desktop-mobile");
    private final Path dir;

    public Fixtures(Path dir) {
        this.dir = dir;
    }

    /** -Dfixtures.dir, else fixtures/ of the working directory. */
    public static Fixtures fromDefaultLocation() {
        return new Fixtures(Path.of(System.getProperty("fixtures.dir", "fixtures")));
    }

    /** The fixtures the verify jar carries (copied from fixtures/ at build time) in a temporary folder. */
    public static Fixtures fromJar() {
        List<String> files = new ArrayList<>(List.of("guide.yml", "mutations.yml", "versions.properties"));
        SETUPS.forEach(s -> files.add("deployments/" + s + ".yml"));
        ClientProfile.PLATFORMS.forEach(p -> files.add("clients/" + p + ".yml"));
        try {
            Path tmp = Files.createTempDirectory("akoc-fixtures");
            tmp.toFile().deleteOnExit();
            for (String name : files) {
                try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
                    if (in == null) {
                        throw new IllegalStateException("the jar lacks fixtures/" + name + ": rebuild it with mvn package");
                    }
                    Path f = tmp.resolve(name);
                    Files.createDirectories(f.getParent());
                    Files.copy(in, f);
                    f.toFile().deleteOnExit();
                    f.getParent().toFile().deleteOnExit();
                }
            }
            return new Fixtures(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the jar's fixtures", e);
        }
    }

    public Path dir() {
        return dir;
    }

    public DeploymentLoader deployments() {
        return new DeploymentLoader(dir.resolve("deployments"));
    }

    public GuideRequirements guide() {
        return GuideRequirements.load(dir);
    }

    public List<Mutation> mutations() {
        return Mutation.load(dir.resolve("mutations.yml"));
    }
}
