package io.github.akoc.deployment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeploymentLoaderTest {
    private final DeploymentLoader loader = new DeploymentLoader(Path.of("fixtures", "deployments"));

    @Test
    void bothGuideSetupsLoad() {
        assertEquals(List.of("web-desktop-mobile", "web-only"), loader.names());
        Deployment wdm = loader.load("web-desktop-mobile");
        assertEquals("https://authentik.company/", wdm.configuredIssuer());
        assertEquals(List.of("web", "desktop", "android", "ios"), wdm.providers().stream().map(Provider::platform).toList());
        assertTrue(wdm.providers().stream().allMatch(c -> c.issuerMode() == Provider.IssuerMode.GLOBAL));
        Deployment web = loader.load("web-only");
        assertEquals("https://authentik.company/application/o/" + web.webProvider().slug() + "/", web.configuredIssuer(),
                "web-only: OpenCloud's issuer is the application's own");
    }

    @Test
    void webfingerEnvNamesTheClientIdsOfTheProviders() {
        Deployment wdm = loader.load("web-desktop-mobile");
        for (Provider c : wdm.providers()) {
            assertEquals(c.clientId(), wdm.opencloud().env().get(c.webfingerEnvPrefix() + "ID"), c.platform());
        }
    }

    @Test
    void desktopRegexMatchesWholeLoopbackUrlsOnly() {
        Provider desktop = loader.load("web-desktop-mobile").provider("desktop").orElseThrow();
        assertTrue(desktop.redirectUris().stream().anyMatch(r -> r.matches("http://127.0.0.1:53682/")));
        assertTrue(desktop.redirectUris().stream().noneMatch(r -> r.matches("http://127.0.0.1.evil.example/")));
    }

    @Test
    void unknownSetupNamesTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loader.load("mobile-only"));
        assertTrue(e.getMessage().contains("unknown setup 'mobile-only'"), e.getMessage());
        assertTrue(e.getMessage().contains("web-desktop-mobile"), e.getMessage());
    }

    @Test
    void unreadableFixtureIsNamed(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("broken.yml"), "name: broken\nproviders: [ {platform: tv} ]\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DeploymentLoader(dir).load("broken"));
        assertTrue(e.getMessage().contains("broken.yml"), e.getMessage());
    }

    @Test
    void unknownPlatformIsRefused(@TempDir Path dir) throws IOException {
        String text = Files.readString(Path.of("fixtures/deployments/web-only.yml")).replace("platform: web", "platform: tv");
        Files.writeString(dir.resolve("tv.yml"), text);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DeploymentLoader(dir).load("tv"));
        assertTrue(e.getMessage().contains("platform must be one of"), e.getMessage());
    }
}
