package io.github.akoc.provision;

import io.github.akoc.testing.SelfTest;

import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.akoc.deployment.Provider;
import io.github.akoc.deployment.Deployment;
import io.github.akoc.deployment.DeploymentLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 7: every request body provisioning sends validates against the schema.yml of each release we
 * cover, for both setups; and the validator does refuse what the release does not know.
 */
@SelfTest
class RequestContractTest {
    static Stream<Arguments> releasesAndSetups() {
        return AuthentikSchema.RELEASES.stream().flatMap(r -> DeploymentLoader.fromDefaultLocation().names().stream()
                .map(s -> Arguments.of(r, s)));
    }

    static AuthentikObjects objects(Deployment setup) {
        Map<String, String> scopes = new LinkedHashMap<>();
        Map<String, String> keys = new LinkedHashMap<>();
        for (Provider c : setup.providers()) {
            c.scopes().forEach(s -> scopes.put(s, UUID.randomUUID().toString()));
            String key = ProviderRequest.signingKeyName(setup, c);
            if (key != null) {
                keys.put(key, UUID.randomUUID().toString());
            }
        }
        return new AuthentikObjects(UUID.randomUUID().toString(), UUID.randomUUID().toString(), scopes, keys);
    }

    private static void assertValid(String release, String method, String path, ObjectNode body) {
        ValidationReport report = AuthentikSchema.validate(release, method, path, body.toString());
        assertFalse(report.hasErrors(), () -> method + " /api/v3/" + path + " on " + release + " with " + body
                + " is refused by the schema:" + AuthentikSchema.describe(report));
    }

    @ParameterizedTest(name = "{0} {1}: provider and application requests")
    @MethodSource("releasesAndSetups")
    void providerAndApplicationRequestsMatchTheSchema(String release, String setupName) {
        AuthentikVersion version = AuthentikVersion.parse(release);
        Deployment setup = DeploymentLoader.fromDefaultLocation().load(setupName);
        AuthentikObjects objects = objects(setup);
        for (Provider c : setup.providers()) {
            ObjectNode provider = ProviderRequest.build(version, setup, c, objects);
            assertValid(release, "POST", "providers/oauth2/", provider);
            assertValid(release, "PUT", "providers/oauth2/42/", provider);
            ObjectNode app = ApplicationRequest.build(version, c, 42);
            assertValid(release, "POST", "core/applications/", app);
            assertValid(release, "PUT", "core/applications/" + c.slug() + "/", app);
        }
    }

    @ParameterizedTest(name = "{0} {1}: user and set_password requests")
    @MethodSource("releasesAndSetups")
    void userRequestsMatchTheSchema(String release, String setupName) {
        AuthentikVersion version = AuthentikVersion.parse(release);
        assertValid(release, "POST", "core/users/", UserRequest.build(version, Provisioner.DEFAULT_USERNAME));
        assertValid(release, "PUT", "core/users/7/", UserRequest.build(version, Provisioner.DEFAULT_USERNAME));
        assertValid(release, "POST", "core/users/7/set_password/", UserRequest.setPassword("s3cret-" + setupName));
    }

    @ParameterizedTest(name = "{0}: a provider with no signing key ('none') and no grant types is still valid")
    @MethodSource("releases")
    void misconfigurationShapesAreValidRequests(String release) {
        AuthentikVersion version = AuthentikVersion.parse(release);
        Deployment setup = DeploymentLoader.fromDefaultLocation().load("web-desktop-mobile");
        Provider desktop = setup.provider("desktop").orElseThrow();
        Provider mutated = new Provider(desktop.platform(), desktop.clientId(), desktop.slug(), desktop.clientType(),
                desktop.issuerMode(), desktop.scopes(), desktop.redirectUris(), ProviderRequest.NO_SIGNING_KEY, List.of(), null, null);
        ObjectNode body = ProviderRequest.build(version, setup, mutated, objects(setup));
        assertTrue(body.get("signing_key").isNull());
        assertTrue(body.get("encryption_key").isNull(), "sent as null, so a PUT clears a key an earlier run set");
        assertEquals(version.grantTypes(), body.has("grant_types"));
        if (version.grantTypes()) {
            assertEquals(0, body.get("grant_types").size(), "an explicit empty grant type list is sent as []");
        }
        assertValid(release, "POST", "providers/oauth2/", body);
    }

    static Stream<String> releases() {
        return AuthentikSchema.RELEASES.stream();
    }

    @Test
    void aFieldTheReleaseDoesNotKnowIsRefused() {
        Deployment setup = DeploymentLoader.fromDefaultLocation().load("web-desktop-mobile");
        // a 2026.5 body (with grant_types) sent to 2025.10.4, which has no such field
        ObjectNode body = ProviderRequest.build(AuthentikVersion.parse("2026.5.6"), setup, setup.webProvider(), objects(setup));
        ValidationReport report = AuthentikSchema.validate("2025.10.4", "POST", "providers/oauth2/", body.toString());
        assertTrue(report.hasErrors(), "grant_types must be refused by 2025.10.4's schema");
        assertTrue(AuthentikSchema.describe(report).contains("grant_types"), AuthentikSchema.describe(report));
        // and the same body without the 2026.5 fields passes, so it was those (grant_types; redirect_uri_type too)
        body.remove("grant_types");
        body.withArray("redirect_uris").forEach(u -> ((ObjectNode) u).remove("redirect_uri_type"));
        assertFalse(AuthentikSchema.validate("2025.10.4", "POST", "providers/oauth2/", body.toString()).hasErrors());
    }

    @Test
    void aMissingRequiredFieldIsRefused() {
        Deployment setup = DeploymentLoader.fromDefaultLocation().load("web-only");
        ObjectNode body = ProviderRequest.build(AuthentikVersion.parse("2026.8.3"), setup, setup.webProvider(), objects(setup));
        body.remove("invalidation_flow");
        ValidationReport report = AuthentikSchema.validate("2026.8.3", "POST", "providers/oauth2/", body.toString());
        assertTrue(report.hasErrors(), "a provider without invalidation_flow must be refused");
        assertTrue(AuthentikSchema.describe(report).contains("invalidation_flow"), AuthentikSchema.describe(report));
    }

    @Test
    void aListOfRedirectUrisIsRefusedBeforeTheCveFix() {
        Deployment setup = DeploymentLoader.fromDefaultLocation().load("web-only");
        ObjectNode body = ProviderRequest.build(AuthentikVersion.parse("2024.12.3"), setup, setup.webProvider(), objects(setup));
        assertTrue(body.get("redirect_uris").isArray());
        assertTrue(AuthentikSchema.validate("2024.8.3", "POST", "providers/oauth2/", body.toString()).hasErrors(),
                "2024.8.3 takes redirect_uris as one string");
    }

    @ParameterizedTest(name = "{0}: a Post Logout redirect URI is sent with redirect_uri_type logout, or refused before 2026.5")
    @MethodSource("releases")
    void aPostLogoutRedirectUriNeeds2026_5(String release) {
        AuthentikVersion version = AuthentikVersion.parse(release);
        Deployment setup = DeploymentLoader.fromDefaultLocation().load("web-only");
        Provider web = setup.webProvider();
        List<io.github.akoc.deployment.RedirectUri> uris = new java.util.ArrayList<>(web.redirectUris());
        uris.add(new io.github.akoc.deployment.RedirectUri(io.github.akoc.deployment.RedirectUri.MatchingMode.STRICT,
                "https://opencloud.company/", io.github.akoc.deployment.RedirectUri.Type.LOGOUT));
        Provider withLogout = new Provider(web.platform(), web.clientId(), web.slug(), web.clientType(), web.issuerMode(), web.scopes(),
                uris, web.signingKey(), web.grantTypes(), web.subMode(), web.encryptionKey());
        if (!version.redirectUriTypes()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ProviderRequest.build(version, setup, withLogout, objects(setup)));
            assertTrue(e.getMessage().contains("2026.5") && e.getMessage().contains(web.clientId()), e.getMessage());
            return;
        }
        ObjectNode body = ProviderRequest.build(version, setup, withLogout, objects(setup));
        com.fasterxml.jackson.databind.JsonNode sent = body.get("redirect_uris");
        assertEquals("logout", sent.get(sent.size() - 1).get("redirect_uri_type").asText());
        // sent although it is the API's default: authentik answers every URI with its type (recorded 2026.8.0-rc1), so
        // only a request that names it agrees with what is stored
        assertEquals("authorization", sent.get(0).path("redirect_uri_type").asText(), sent.toString());
        assertValid(release, "POST", "providers/oauth2/", body);
    }
}
