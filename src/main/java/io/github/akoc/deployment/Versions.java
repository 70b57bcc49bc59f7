package io.github.akoc.deployment;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The default image names and versions (fixtures/versions.properties, the one place that holds them),
 * each overridable by a system property of the same name (-Dauthentik.version=2026.5.6) so that a bug
 * can be reproduced against any release.
 */
public final class Versions {
    private final Properties defaults;

    private Versions(Properties defaults) {
        this.defaults = defaults;
    }

    public static Versions load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException("versions file " + file.toAbsolutePath() + " cannot be read: " + e.getMessage(), e);
        }
        return new Versions(p);
    }

    /** fixtures/versions.properties beside the setups (-Dfixtures.dir moves both). */
    public static Versions fromDefaultLocation() {
        return load(Path.of(System.getProperty("fixtures.dir", "fixtures"), "versions.properties"));
    }

    /** The system property of that name when set and not empty, else the default. */
    public String get(String key) {
        String override = System.getProperty(key);
        if (override != null && !override.isBlank()) {
            return override;
        }
        String value = defaults.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("no version named '" + key + "': expected one of " + defaults.stringPropertyNames());
        }
        return value;
    }

    /** The default alone, ignoring overrides (what the pom, workflow and README must agree with). */
    public String defaultOf(String key) {
        return get(key, defaults);
    }

    private static String get(String key, Properties p) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException("no version named '" + key + "' in versions.properties");
        }
        return v;
    }
}
