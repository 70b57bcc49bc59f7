package io.github.akoc.stack.containers;

import io.github.akoc.testing.SelfTest;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.akoc.deployment.Deployment;
import io.github.akoc.deployment.DeploymentLoader;
import io.github.akoc.world.TestCa;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * `docker compose config` over opencloud-compose's files, our overlay and each setup's .env, so a broken
 * overlay or .env fails here, before anything starts. Needs only the compose CLI, no engine.
 */
@SelfTest
class OpenCloudComposeConfigTest {
    private static final TestCa CA = TestCa.create();
    static final Path COMPOSE = Path.of("compose");
    static final String REF = io.github.akoc.deployment.Versions.fromDefaultLocation().get("opencloud.compose.ref");

    @BeforeAll
    static void composeCli() {
        boolean works;
        try {
            OpenCloudCompose.run(List.of("docker", "compose", "version"), null, java.time.Duration.ofSeconds(20));
            works = true;
        } catch (RuntimeException e) {
            works = false;
        }
        assumeTrue(works, "`docker compose version` does not work here: the compose CLI (v2) is not installed");
    }

    static List<String> setups() {
        return DeploymentLoader.fromDefaultLocation().names();
    }

    static OpenCloudCompose prepare(Path dir, Deployment setup) {
        return OpenCloudCompose.prepare(dir, io.github.akoc.stack.OpenCloudComposeCheckout.locate(REF, Path.of("target")).dir(), COMPOSE,
                setup, CA, CA.issue(setup.opencloud().host()),
                Map.of("OC_DOCKER_IMAGE", "example/opencloud", "OC_DOCKER_TAG", "1.2.3",
                        "E2E_NETWORK", "e2e-config-test", "E2E_CADDY_IMAGE", "example/caddy:2"),
                List.of(), java.time.Duration.ofMinutes(1), null);
    }

    static JsonNode config(OpenCloudCompose c) throws Exception {
        return io.github.akoc.deployment.DeploymentLoader.YAML.readTree(c.config());
    }

    @ParameterizedTest
    @MethodSource("setups")
    void overlayAndEnvResolve(String name, @TempDir Path dir) throws Exception {
        Deployment setup = DeploymentLoader.fromDefaultLocation().load(name);
        JsonNode cfg = config(prepare(dir, setup));
        JsonNode services = cfg.path("services");

        JsonNode oc = services.path("opencloud");
        assertEquals("example/opencloud:1.2.3", oc.path("image").asText());
        JsonNode env = oc.path("environment");
        assertEquals(setup.configuredIssuer(), env.path("OC_OIDC_ISSUER").asText());
        assertEquals("/etc/ssl/e2e/ca.crt", env.path("SSL_CERT_FILE").asText());
        assertEquals("false", env.path("OC_INSECURE").asText(), "the test CA is trusted, not everything");
        assertEquals("https://" + setup.opencloud().host(), env.path("OC_URL").asText());
        for (Map.Entry<String, String> e : setup.opencloud().env().entrySet()) {
            if (env.has(e.getKey())) {
                assertEquals(e.getValue(), env.path(e.getKey()).asText(), e.getKey() + " from the setup's .env");
            }
        }

        JsonNode ingress = services.path(OpenCloudCompose.INGRESS_SERVICE);
        assertEquals("example/caddy:2", ingress.path("image").asText());
        List<String> aliases = new ArrayList<>();
        ingress.path("networks").path("opencloud-net").path("aliases").forEach(a -> aliases.add(a.asText()));
        assertEquals(List.of(setup.opencloud().host()), aliases);

        for (String s : List.of("opencloud", "ldap-server", OpenCloudCompose.INGRESS_SERVICE)) {
            assertTrue(services.has(s), s + " is a service");
            for (JsonNode p : services.path(s).path("ports")) {
                assertFalse(p.has("published") && !p.path("published").asText().isEmpty(),
                        s + " publishes a fixed host port: " + p);
            }
        }
        JsonNode net = cfg.path("networks").path("opencloud-net");
        assertTrue(net.path("external").asBoolean(), "opencloud-net is the suite's network: " + net);
        assertEquals("e2e-config-test", net.path("name").asText());
    }

    @Test
    void rolesOverlayDecidesTheRoleDriver(@TempDir Path with, @TempDir Path without) throws Exception {
        Deployment setup = DeploymentLoader.fromDefaultLocation().load("web-only");
        assumeTrue(setup.opencloud().composeFiles().contains("custom/authentik-roles.yml"));
        JsonNode on = config(prepare(with, setup)).path("services").path("opencloud").path("environment");
        assertEquals("default", on.path("PROXY_ROLE_ASSIGNMENT_DRIVER").asText());

        List<String> files = new ArrayList<>(setup.opencloud().composeFiles());
        files.remove("custom/authentik-roles.yml");
        Deployment dropped = new Deployment(setup.name(), setup.authentik(), setup.providers(),
                new Deployment.OpenCloud(setup.opencloud().host(), files, setup.opencloud().env()), setup.proxy());
        JsonNode off = config(prepare(without, dropped)).path("services").path("opencloud").path("environment");
        assertEquals("oidc", off.path("PROXY_ROLE_ASSIGNMENT_DRIVER").asText(), "opencloud-compose's default");
    }

    @Test
    void aMissingComposeFileIsNamed(@TempDir Path dir) {
        Deployment setup = DeploymentLoader.fromDefaultLocation().load("web-only");
        Deployment broken = new Deployment(setup.name(), setup.authentik(), setup.providers(),
                new Deployment.OpenCloud(setup.opencloud().host(), List.of("docker-compose.yml", "custom/nope.yml"),
                        setup.opencloud().env()), setup.proxy());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> prepare(dir, broken).files());
        assertTrue(e.getMessage().contains("custom/nope.yml"), e.getMessage());
    }

    @Test
    void anUnsetOverlayVariableFailsConfig(@TempDir Path dir) {
        Deployment setup = DeploymentLoader.fromDefaultLocation().load("web-only");
        OpenCloudCompose c = OpenCloudCompose.prepare(dir, io.github.akoc.stack.OpenCloudComposeCheckout.locate(REF, Path.of("target")).dir(), COMPOSE, setup,
                CA, CA.issue(setup.opencloud().host()), Map.of("E2E_CADDY_IMAGE", "example/caddy:2"), List.of(), java.time.Duration.ofMinutes(1), null);
        IllegalStateException e = assertThrows(IllegalStateException.class, c::config);
        assertTrue(e.getMessage().contains("E2E_NETWORK"), e.getMessage());
    }
}
