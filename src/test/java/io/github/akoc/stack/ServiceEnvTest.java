package io.github.akoc.stack;

import io.github.akoc.deployment.Deployment;
import io.github.akoc.deployment.DeploymentLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The environment compose gives OpenCloud, computed from opencloud-compose's own files: those come from
 * -Dopencloud.compose.dir or a download of the pinned ref, so this is a test of command 2, not one of the unit tests
 * command 1 runs with nothing but Java and Maven.
 */
@io.github.akoc.testing.SelfTest
class ServiceEnvTest {
    private final Deployment setup = DeploymentLoader.fromDefaultLocation().load("web-desktop-mobile");
    private final OpenCloudCompose compose = OpenCloudCompose.locate(Path.of(""));

    @Test
    void webDesktopMobileGetsTheGuidesEnvironment() {
        Map<String, String> env = ServiceEnv.opencloud(setup, compose);
        assertEquals("https://authentik.company/", env.get("OC_OIDC_ISSUER"));
        assertEquals("https://opencloud.company", env.get("OC_URL"), "no TRAEFIK_PORT_HTTPS: no port suffix");
        assertEquals("default", env.get("PROXY_ROLE_ASSIGNMENT_DRIVER"), "the roles overlay wins over external-idp.yml");
        assertEquals("true", env.get("GRAPH_ASSIGN_DEFAULT_USER_ROLE"));
        assertEquals("OpenCloudDesktop", env.get("WEBFINGER_DESKTOP_OIDC_CLIENT_ID"));
        assertEquals("openid profile email offline_access", env.get("WEBFINGER_IOS_OIDC_CLIENT_SCOPES"));
        assertEquals("web", env.get("OC_OIDC_CLIENT_ID"));
        assertEquals("authentik.company", env.get("IDP_DOMAIN"));
        assertEquals("idm,idp", env.get("OC_EXCLUDE_RUN_SERVICES"));
        assertEquals("false", env.get("PROXY_TLS"));
        assertEquals("", env.get("OC_ADD_RUN_SERVICES"), "unset START_ADDITIONAL_SERVICES is empty");
        assertEquals("info", env.get("OC_LOG_LEVEL"));
    }

    @Test
    void theFilesComposeMountsAreFoundByTheirPathInTheContainerAndALaterMountReplacesAnEarlierOne() {
        Map<String, Path> files = ServiceEnv.boundFiles(ServiceEnv.OPENCLOUD, setup, compose);
        assertEquals(compose.upstreamDir().resolve("config/opencloud/csp.yaml").toAbsolutePath(), files.get("/etc/opencloud/csp.yaml"));
        assertFalse(files.containsKey("/etc/opencloud"), "a named volume is no file: " + files);
        Deployment mutated = withOpenCloud(List.of("docker-compose.yml", "idm/external-idp.yml", "custom/authentik-roles.yml",
                "mutations/csp-frame-src-without-idp.yml"), setup.opencloud().env());
        assertEquals(compose.projectComposeDir().resolve("mutations/csp-frame-src-without-idp.yaml").toAbsolutePath(),
                ServiceEnv.boundFiles(ServiceEnv.OPENCLOUD, mutated, compose).get("/etc/opencloud/csp.yaml"));
    }

    @Test
    void extraHostsOfTheOverlaysAreTheContainersHostsFile() {
        assertEquals(Map.of(), ServiceEnv.extraHosts(ServiceEnv.OPENCLOUD, setup, compose), "the guide's deployment maps no name");
        Deployment elsewhere = withOpenCloud(List.of("docker-compose.yml", "idm/external-idp.yml", "custom/authentik-roles.yml",
                "mutations/issuer-host-elsewhere.yml"), setup.opencloud().env());
        assertEquals(Map.of("authentik.company", "127.0.0.1"), ServiceEnv.extraHosts(ServiceEnv.OPENCLOUD, elsewhere, compose));
        // and the audience overlay hands .env's value on, while the stand-in in the guide's env reads it
        assertEquals("web,OpenCloudDesktop,OpenCloudAndroid,OpenCloudIOS", ServiceEnv.opencloud(setup, compose).get("PROXY_OIDC_AUDIENCES"));
    }

    @Test
    void withoutTheOverlayTheDriverIsOidc() {
        Deployment noOverlay = withOpenCloud(List.of("docker-compose.yml", "idm/external-idp.yml"), setup.opencloud().env());
        Map<String, String> env = ServiceEnv.opencloud(noOverlay, compose);
        assertEquals("oidc", env.get("PROXY_ROLE_ASSIGNMENT_DRIVER"));
        assertEquals("false", env.get("GRAPH_ASSIGN_DEFAULT_USER_ROLE"));
    }

    @Test
    void composeFileOrderDecides() {
        Deployment overlayFirst = withOpenCloud(List.of("custom/authentik-roles.yml", "docker-compose.yml", "idm/external-idp.yml"),
                setup.opencloud().env());
        assertEquals("oidc", ServiceEnv.opencloud(overlayFirst, compose).get("PROXY_ROLE_ASSIGNMENT_DRIVER"));
    }

    @Test
    void dotEnvValuesFlowThroughInterpolation() {
        Map<String, String> dotEnv = new java.util.HashMap<>(setup.opencloud().env());
        dotEnv.put("TRAEFIK_PORT_HTTPS", "9443");
        dotEnv.remove("WEBFINGER_ANDROID_OIDC_CLIENT_ID");
        Map<String, String> env = ServiceEnv.opencloud(withOpenCloud(setup.opencloud().composeFiles(), dotEnv), compose);
        assertEquals("https://opencloud.company:9443", env.get("OC_URL"));
        assertEquals("OpenCloudAndroid", env.get("WEBFINGER_ANDROID_OIDC_CLIENT_ID"), "external-idp.yml's default");
    }

    @Test
    void unknownComposeFileIsNamed() {
        Deployment bad = withOpenCloud(List.of("docker-compose.yml", "custom/nope.yml"), setup.opencloud().env());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServiceEnv.opencloud(bad, compose));
        assertTrue(e.getMessage().contains("custom/nope.yml"), e.getMessage());
    }

    @Test
    void missingComposeDirNamesPathsAndProperty() {
        String before = System.getProperty(OpenCloudComposeCheckout.DIR_PROPERTY);
        System.setProperty(OpenCloudComposeCheckout.DIR_PROPERTY, "/nonexistent/opencloud-compose");
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OpenCloudCompose.locate(Path.of("")));
            assertTrue(e.getMessage().contains("/nonexistent/opencloud-compose"), e.getMessage());
            assertTrue(e.getMessage().contains("-Dopencloud.compose.dir="), e.getMessage());
        } finally {
            if (before == null) {
                System.clearProperty(OpenCloudComposeCheckout.DIR_PROPERTY);
            } else {
                System.setProperty(OpenCloudComposeCheckout.DIR_PROPERTY, before);
            }
        }
        assertFalse(compose.upstreamDir().toString().isEmpty());
    }

    private Deployment withOpenCloud(List<String> files, Map<String, String> env) {
        return new Deployment(setup.name(), setup.authentik(), setup.providers(),
                new Deployment.OpenCloud(setup.opencloud().host(), files, env), setup.proxy());
    }
}
