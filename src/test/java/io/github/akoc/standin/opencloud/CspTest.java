package io.github.akoc.standin.opencloud;

import io.github.akoc.testing.SelfTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OpenCloud's CSP as services/proxy/pkg/middleware/security.go @85e63ca builds it. That the stand-in's header for
 * opencloud-compose's csp.yaml is the one OpenCloud 7.3.0 answered is held by RecordingsContractTest.
 */
@SelfTest
@DisplayName("OpenCloud 7.3.0 services/proxy/pkg/middleware/security.go: CSP")
class CspTest {
    @TempDir
    Path dir;

    @Test
    void withoutAFileTheBuiltInDirectivesAreSentSortedByName() {
        String h = Csp.header(Map.of());
        assertTrue(h.startsWith("child-src 'self'; connect-src 'self' blob: https://raw.githubusercontent.com/opencloud-eu/awesome-apps/ "
                + "https://update.opencloud.eu/; default-src 'none'"), h);
        assertTrue(h.endsWith("style-src 'self' 'unsafe-inline'"), h);
    }

    @Test
    void theFileIsMergedIntoTheBuiltInListsWithoutDuplicatesThenVariablesAreExpanded() throws Exception {
        Path f = Files.writeString(dir.resolve("csp.yaml"), """
                directives:
                  connect-src:
                    - '''self'''
                    - 'https://${IDP_DOMAIN|keycloak.opencloud.test}${TRAEFIK_PORT_HTTPS}/'
                  worker-src:
                    - "'self'"
                """);
        String with = Csp.header(Map.of("PROXY_CSP_CONFIG_FILE_LOCATION", f.toString(), "IDP_DOMAIN", "authentik.company"));
        assertTrue(with.contains("connect-src 'self' blob: https://raw.githubusercontent.com/opencloud-eu/awesome-apps/ "
                + "https://update.opencloud.eu/ https://authentik.company/;"), with);
        assertTrue(with.endsWith("worker-src 'self'"), with);
        String empty = Csp.header(Map.of("PROXY_CSP_CONFIG_FILE_LOCATION", f.toString(), "IDP_DOMAIN", ""));
        assertTrue(empty.contains(" https://keycloak.opencloud.test/;"), "an empty variable takes the default: " + empty);
        assertEquals("https://a:8443/x", Csp.expand("https://${H}${P}/x", Map.of("H", "a", "P", ":8443")));
        assertEquals("https:///", Csp.expand("https://${UNSET}/", Map.of()), "no default: empty");
    }

    @Test
    void anOverrideFileReplacesTheBuiltInDirectives() throws Exception {
        Path f = Files.writeString(dir.resolve("override.yaml"), "directives:\n  default-src:\n    - \"'self'\"\n");
        assertEquals("default-src 'self'", Csp.header(Map.of("PROXY_CSP_CONFIG_FILE_OVERRIDE_LOCATION", f.toString(),
                "PROXY_CSP_CONFIG_FILE_LOCATION", "/not/read")));
    }

    @Test
    void aFileThatCannotBeReadStopsOpenCloudNamingTheVariable() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Csp.header(Map.of("PROXY_CSP_CONFIG_FILE_LOCATION", dir.resolve("missing.yaml").toString())));
        assertTrue(e.getMessage().startsWith("PROXY_CSP_CONFIG_FILE_LOCATION="), e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }
}
