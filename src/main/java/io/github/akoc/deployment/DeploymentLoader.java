package io.github.akoc.deployment;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Reads the setups of fixtures/ (or -Dfixtures.dir) and refuses a setup that does not hold together. */
public final class DeploymentLoader {
    public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private final Path dir;

    public DeploymentLoader(Path dir) {
        this.dir = dir;
    }

    /** fixtures/ of the project, or the folder named by -Dfixtures.dir. */
    public static DeploymentLoader fromDefaultLocation() {
        return new DeploymentLoader(Path.of(System.getProperty("fixtures.dir", "fixtures"), "deployments"));
    }

    public Path dir() {
        return dir;
    }

    public List<String> names() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yml") && !n.startsWith("mutations"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("fixtures folder " + dir.toAbsolutePath() + " cannot be read: " + e.getMessage(), e);
        }
    }

    public Deployment load(String name) {
        Path file = dir.resolve(name + ".yml");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("unknown setup '" + name + "': expected one of " + names()
                    + " (files in " + dir.toAbsolutePath() + ")");
        }
        Deployment setup;
        try {
            setup = YAML.readValue(file.toFile(), Deployment.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("fixture " + file + " is not a valid setup: " + e.getMessage(), e);
        }
        validate(setup, file);
        return setup;
    }

    static void validate(Deployment s, Object source) {
        require(s.name() != null && s.authentik() != null && s.opencloud() != null && s.proxy() != null
                && s.providers() != null && !s.providers().isEmpty(), source, "name, authentik, providers, opencloud and proxy are required");
        require(s.configuredIssuer() != null && s.configuredIssuer().startsWith("https://"), source,
                "opencloud.env.IDP_ISSUER_URL must be an https URL, got " + s.configuredIssuer());
        for (Provider c : s.providers()) {
            require(Provider.PLATFORMS.contains(c.platform()), source,
                    "provider " + c.clientId() + ": platform must be one of " + Provider.PLATFORMS + ", got " + c.platform());
            require(c.clientId() != null && c.slug() != null && c.clientType() != null && c.issuerMode() != null
                    && !c.redirectUris().isEmpty() && c.scopes().contains("openid"), source,
                    "provider " + c.platform() + ": clientId, slug, clientType, issuerMode, redirectUris and the openid scope are required");
        }
        require(s.providers().stream().map(Provider::platform).distinct().count() == s.providers().size(), source,
                "each platform may appear once");
    }

    private static void require(boolean ok, Object source, String what) {
        if (!ok) {
            throw new IllegalArgumentException("fixture " + source + ": " + what);
        }
    }
}
