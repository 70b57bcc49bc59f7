package io.github.akoc.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.akoc.deployment.Provider;
import io.github.akoc.deployment.Deployment;
import io.github.akoc.deployment.DeploymentLoader;
import io.github.akoc.testing.SelfTest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Against a scripted admin API that validates every request with the release's schema.yml (fetched by npm: command 2). */
@SelfTest
class ProvisionerTest {
    private static final String KEY = "authentik Self-signed Certificate";
    private final String token = "tok-" + UUID.randomUUID();

    private Provisioner provisioner(ScriptedAdminApi admin, String token, Duration timeout) {
        return new Provisioner(new AuthentikApi(HttpClient.newHttpClient(), admin.base(), token), timeout,
                Duration.ofMillis(50), Provisioner.DEFAULT_USERNAME);
    }

    private static Map<Object, String> snapshot(ScriptedAdminApi admin) {
        Map<Object, String> s = new TreeMap<>(Map.of());
        admin.users.forEach((k, v) -> s.put("user " + k, v.toString()));
        admin.providers.forEach((k, v) -> s.put("provider " + k, v.toString()));
        admin.applications.forEach((k, v) -> s.put("application " + k, v.toString()));
        return s;
    }

    @Test
    void provisionsEveryClientAndASecondRunCreatesNothingAndChangesNothing() throws Exception {
        Deployment setup = DeploymentLoader.fromDefaultLocation().load("web-desktop-mobile");
        try (ScriptedAdminApi admin = new ScriptedAdminApi("2026.8.3", token, 3, List.of(KEY))) {
            Provisioned first = provisioner(admin, token, Duration.ofSeconds(30)).provision(setup, AuthentikVersion.parse("2026.8.3"));
            int probes = io.github.akoc.expectation.ForeignApplication.PROBES.size();
            assertEquals(4 + probes, admin.providers.size(), "the four clients and the suite's probe applications");
            assertEquals(4 + probes, admin.applications.size());
            assertEquals(1, admin.users.size());
            for (var probe : io.github.akoc.expectation.ForeignApplication.PROBES) {
                JsonNode app = admin.applications.get(probe.slug());
                ObjectNode p = admin.providers.get(app.path("provider").asInt());
                assertEquals(probe.issuerMode().apiValue(), p.path("issuer_mode").asText());
                assertEquals(admin.keyPairs.get(KEY).path("pk").asText(), p.path("signing_key").asText(), "the setup's key");
                assertFalse(first.providers().containsKey(probe.clientId()), "a probe is not the deployment's");
            }
            for (Provider c : setup.providers()) {
                ObjectNode p = admin.providers.get(first.providers().get(c.clientId()));
                assertEquals(c.clientId(), p.path("client_id").asText());
                assertEquals("global", p.path("issuer_mode").asText());
                assertEquals("[\"authorization_code\",\"refresh_token\"]", p.path("grant_types").toString());
                assertEquals(admin.keyPairs.get(KEY).path("pk").asText(), p.path("signing_key").asText());
                assertEquals(c.scopes().size(), p.path("property_mappings").size());
                JsonNode app = admin.applications.get(c.slug());
                assertEquals(first.providers().get(c.clientId()).intValue(), app.path("provider").asInt());
                assertEquals(c.slug(), first.applications().get(c.clientId()));
            }
            assertFalse(first.toString().contains(first.password()), "the password is not printed");
            Map<Object, String> afterFirst = snapshot(admin);
            int before = admin.requests.size();

            Provisioned second = provisioner(admin, token, Duration.ofSeconds(30)).provision(setup, AuthentikVersion.parse("2026.8.3"));
            List<String> secondRun = admin.requests.subList(before, admin.requests.size());
            assertTrue(secondRun.stream().noneMatch(r -> r.equals("POST providers/oauth2/") || r.equals("POST core/applications/")
                    || r.equals("POST core/users/")), "second run created something: " + secondRun);
            assertTrue(secondRun.stream().noneMatch(r -> r.startsWith("PUT providers/") || r.startsWith("PUT core/applications/")),
                    "providers and applications that agree are left alone: " + secondRun);
            assertEquals(afterFirst, snapshot(admin));
            assertEquals(first.providers(), second.providers());
            assertNotEquals(first.password(), second.password(), "passwords are random per run");
            assertTrue(secondRun.stream().noneMatch(r -> r.startsWith("PUT core/users/")), "an agreeing user is left alone: " + secondRun);

            // a user and a provider changed by hand are put back
            admin.users.values().iterator().next().put("is_active", false);
            admin.providers.get(first.providers().get("web")).put("issuer_mode", "per_provider");
            int beforeThird = admin.requests.size();
            provisioner(admin, token, Duration.ofSeconds(30)).provision(setup, AuthentikVersion.parse("2026.8.3"));
            List<String> thirdRun = admin.requests.subList(beforeThird, admin.requests.size());
            assertTrue(thirdRun.stream().anyMatch(r -> r.startsWith("PUT core/users/")));
            assertTrue(admin.users.values().iterator().next().path("is_active").asBoolean());
            assertEquals(List.of("PUT providers/oauth2/" + first.providers().get("web") + "/"),
                    thirdRun.stream().filter(r -> r.startsWith("PUT providers/")).toList());
            assertEquals("global", admin.providers.get(first.providers().get("web")).path("issuer_mode").asText());
        }
    }

    @Test
    void provisionsTheOldShapeOn2024_8_3() throws Exception {
        Deployment setup = DeploymentLoader.fromDefaultLocation().load("web-desktop-mobile");
        try (ScriptedAdminApi admin = new ScriptedAdminApi("2024.8.3", token, 0, List.of(KEY))) {
            Provisioned p = provisioner(admin, token, Duration.ofSeconds(10)).provision(setup, AuthentikVersion.parse("2024.8.3"));
            ObjectNode desktop = admin.providers.get(p.providers().get("OpenCloudDesktop"));
            assertEquals("http://127.0.0.1(:[0-9]+)?(/.*)?\nhttp://localhost(:[0-9]+)?(/.*)?", desktop.path("redirect_uris").asText());
            assertFalse(desktop.has("grant_types"));
            assertFalse(desktop.has("refresh_token_threshold"));
        }
    }

    @Test
    void waitingEndsWithAMessageNamingWhatIsMissing() throws Exception {
        Deployment setup = DeploymentLoader.fromDefaultLocation().load("web-only");
        try (ScriptedAdminApi admin = new ScriptedAdminApi("2026.8.3", token, 0, List.of())) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> provisioner(admin, token, Duration.ofSeconds(2)).provision(setup, AuthentikVersion.parse("2026.8.3")));
            assertTrue(e.getMessage().contains("certificate key pair '" + KEY + "'"), e.getMessage());
            assertFalse(e.getMessage().contains("flow default-provider"), "the flows were there: " + e.getMessage());
            assertTrue(admin.providers.isEmpty());
        }
    }

    @Test
    void nothingIsProvisionedUntilEveryShippedBlueprintWasApplied() throws Exception {
        // recorded on a fresh 2026.2.2: token, flows and keys there while default-brand.yaml was still "unknown"
        Deployment setup = DeploymentLoader.fromDefaultLocation().load("web-only");
        try (ScriptedAdminApi admin = new ScriptedAdminApi("2026.8.3", token, 0, List.of(KEY))) {
            admin.brandBlueprintPendingListings.set(Integer.MAX_VALUE);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> provisioner(admin, token, Duration.ofSeconds(2)).provision(setup, AuthentikVersion.parse("2026.8.3")));
            assertTrue(e.getMessage().contains("blueprint default/default-brand.yaml to be applied"), e.getMessage());
            assertFalse(e.getMessage().contains("example/"), "a disabled blueprint is not waited for: " + e.getMessage());
            assertTrue(admin.providers.isEmpty());
            admin.brandBlueprintPendingListings.set(3);
            assertEquals(1, provisioner(admin, token, Duration.ofSeconds(30)).provision(setup, AuthentikVersion.parse("2026.8.3")).providers().size());
        }
    }

    @Test
    void aTokenRefusedBeforeTheWorkerAppliesItIsWaitedFor() throws Exception {
        Deployment setup = DeploymentLoader.fromDefaultLocation().load("web-only");
        try (ScriptedAdminApi admin = new ScriptedAdminApi("2026.8.3", token, 0, List.of(KEY))) {
            admin.tokenRefusals.set(3);
            Provisioned p = provisioner(admin, token, Duration.ofSeconds(30)).provision(setup, AuthentikVersion.parse("2026.8.3"));
            assertEquals(1, p.providers().size());
        }
    }

    @Test
    void aTokenNeverAcceptedEndsAtTheBoundNamingWhatWasAwaitedWithoutShowingIt() throws Exception {
        Deployment setup = DeploymentLoader.fromDefaultLocation().load("web-only");
        try (ScriptedAdminApi admin = new ScriptedAdminApi("2026.8.3", token, 0, List.of(KEY))) {
            String wrong = "wrong-" + UUID.randomUUID();
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> provisioner(admin, wrong, Duration.ofSeconds(2)).provision(setup, AuthentikVersion.parse("2026.8.3")));
            assertTrue(e.getMessage().contains("the API token to be accepted") && e.getMessage().contains("Token invalid")
                    && e.getMessage().contains("PT2S"), e.getMessage());
            assertFalse(e.getMessage().contains(wrong));
        }
    }

    @Test
    void aSigningKeyTheDeploymentNamesIsGeneratedWhenAuthentikLacksIt() throws Exception {
        Deployment setup = new DeploymentLoader(java.nio.file.Path.of("fixtures", "deployments")).load("web-desktop-mobile");
        Deployment other = io.github.akoc.Fixtures.fromDefaultLocation().mutations().stream()
                .filter(m -> m.name().equals("different-signing-key")).findFirst().orElseThrow().applyTo(setup);
        try (ScriptedAdminApi admin = new ScriptedAdminApi("2026.8.3", token, 0, List.of(KEY))) {
            provisioner(admin, token, Duration.ofSeconds(30)).provision(other, AuthentikVersion.parse("2026.8.3"));
            assertTrue(admin.requests.contains("POST crypto/certificatekeypairs/generate/"), admin.requests.toString());
            String otherKey = other.providers().stream().filter(p -> p.signingKey() != null).findFirst().orElseThrow().signingKey();
            assertTrue(admin.keyPairs.containsKey(otherKey), admin.keyPairs.keySet().toString());
            provisioner(admin, token, Duration.ofSeconds(30)).provision(other, AuthentikVersion.parse("2026.8.3"));
            assertEquals(1, admin.requests.stream().filter("POST crypto/certificatekeypairs/generate/"::equals).count(),
                    "a key that exists is not generated again");
        }
    }

    @Test
    void applicationLookupsAskForTheFullListSinceThePlainOneIgnoresFilters() throws Exception {
        Deployment setup = DeploymentLoader.fromDefaultLocation().load("web-desktop-mobile");
        try (ScriptedAdminApi admin = new ScriptedAdminApi("2026.8.3", token, 0, List.of(KEY))) {
            provisioner(admin, token, Duration.ofSeconds(30)).provision(setup, AuthentikVersion.parse("2026.8.3"));
            assertEquals(4 + io.github.akoc.expectation.ForeignApplication.PROBES.size(), admin.applications.size(),
                    admin.applications.keySet().toString());
        }
    }

    @Test
    void anErrorNamesMethodPathStatusAndAuthentiksBody() throws Exception {
        Deployment setup = DeploymentLoader.fromDefaultLocation().load("web-only");
        try (ScriptedAdminApi admin = new ScriptedAdminApi("2025.10.4", token, 0, List.of(KEY))) {
            // a 2026.5+ body sent to 2025.10.4: the release refuses grant_types
            AuthentikApiException e = assertThrows(AuthentikApiException.class,
                    () -> provisioner(admin, token, Duration.ofSeconds(10)).provision(setup, AuthentikVersion.parse("2026.5.6")));
            assertEquals(400, e.status());
            assertTrue(e.getMessage().startsWith("POST /api/v3/providers/oauth2/ answered 400"), e.getMessage());
            assertTrue(e.getMessage().contains("grant_types"), e.getMessage());
        }
    }
}
