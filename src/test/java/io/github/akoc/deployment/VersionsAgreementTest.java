package io.github.akoc.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** fixtures/versions.properties holds the defaults; the workflow matrix and the README must name the same. */
class VersionsAgreementTest {
    private final Versions versions = Versions.load(Path.of("fixtures/versions.properties"));

    private JsonNode workflow() throws IOException {
        return DeploymentLoader.YAML.readTree(Path.of(".github/workflows/verify.yml").toFile());
    }

    @Test
    void workflowMatrixCoversTheDefaultAndTheNewestAuthentikRelease() throws IOException {
        List<String> authentik = new ArrayList<>();
        workflow().at("/jobs/verify/strategy/matrix/authentik").forEach(v -> authentik.add(v.asText()));
        assertEquals(List.of(versions.defaultOf("authentik.version"), versions.defaultOf("authentik.newest.version")), authentik);
        assertEquals(false, workflow().at("/jobs/verify/strategy/fail-fast").asBoolean(true), "fail-fast must be off");
    }

    @Test
    void workflowMatrixUsesTheDefaultOpenCloudImagesAndComposeRefs() throws IOException {
        List<String> pairs = new ArrayList<>();
        workflow().at("/jobs/verify/strategy/matrix/opencloud").forEach(o -> pairs.add(
                o.get("image").asText() + ":" + o.get("version").asText() + "@" + o.get("compose-ref").asText()));
        assertEquals(List.of(
                versions.defaultOf("opencloud.image") + ":" + versions.defaultOf("opencloud.version") + "@" + versions.defaultOf("opencloud.compose.ref"),
                versions.defaultOf("opencloud.image") + ":" + versions.defaultOf("opencloud.newest.version") + "@" + versions.defaultOf("opencloud.compose.ref"),
                versions.defaultOf("opencloud.stable.image") + ":" + versions.defaultOf("opencloud.stable.version") + "@" + versions.defaultOf("opencloud.stable.compose.ref")),
                pairs);
    }

    @Test
    void readmeNamesEveryDefaultImageWithItsTag() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        for (String image : List.of("authentik", "opencloud", "opencloud.stable")) {
            String named = versions.defaultOf(image + ".image") + ":" + versions.defaultOf(image + ".version");
            assertTrue(readme.contains(named), "README.md must name " + named);
        }
        for (String key : List.of("caddy.image", "postgres.image", "browser.image")) {
            assertTrue(readme.contains(versions.defaultOf(key)), "README.md must name " + versions.defaultOf(key));
        }
    }

    @Test
    void workflowRunsOnlyCommandsAndPathsThatExist() throws IOException {
        String text = Files.readString(Path.of(".github/workflows/verify.yml"));
        Matcher scripts = Pattern.compile("bash (\\S+)").matcher(text);
        while (scripts.find()) {
            assertTrue(Files.isRegularFile(Path.of(scripts.group(1))), "workflow runs " + scripts.group(1) + ", which does not exist");
        }
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher profiles = Pattern.compile("-P(\\w+)").matcher(text + Files.readString(Path.of(".ci/run")));
        while (profiles.find()) {
            assertTrue(pom.contains("<id>" + profiles.group(1) + "</id>"), "profile " + profiles.group(1) + " is not in pom.xml");
        }
    }

    @Test
    void overrideBySystemPropertyWins() {
        System.setProperty("authentik.version", "2024.12.3");
        try {
            assertEquals("2024.12.3", versions.get("authentik.version"));
            assertTrue(!versions.defaultOf("authentik.version").equals("2024.12.3"), "the default stays the file's");
        } finally {
            System.clearProperty("authentik.version");
        }
    }
}
