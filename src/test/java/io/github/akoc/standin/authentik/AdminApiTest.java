package io.github.akoc.standin.authentik;

import io.github.akoc.testing.SelfTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** facts/authentik.md § Provisioning API and § Running it (containers): the admin API and what it refuses. */
@SelfTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminApiTest {
    private StandInHarness old;
    private StandInHarness current;

    @BeforeAll
    void start() {
        old = new StandInHarness("2024.8.3");
        current = new StandInHarness("2026.8.3");
    }

    @AfterAll
    void stop() {
        old.close();
        current.close();
    }

    Stream<StandInHarness> versions() {
        return Stream.of(old, current);
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("versions")
    @DisplayName("facts/authentik.md § Running it: root/config answers without a token, refuses a wrong one")
    void rootConfigIsPublicButRefusesWrongToken(StandInHarness s) {
        assertEquals(200, s.send("GET", "/api/v3/root/config/", null, null, Map.of()).statusCode());
        assertEquals(403, s.send("GET", "/api/v3/root/config/", "wrong", null, Map.of()).statusCode());
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("versions")
    @DisplayName("facts/authentik.md § Running it: the bootstrap token is a Bearer API token; none or a wrong one is refused")
    void bootstrapTokenAuthenticates(StandInHarness s) {
        assertEquals(200, s.api("GET", "core/users/?username=akadmin", null).statusCode());
        assertEquals(1, s.json(s.api("GET", "core/users/?username=akadmin", null)).path("results").size());
        assertEquals(403, s.send("GET", "/api/v3/core/users/", null, null, Map.of()).statusCode());
        assertEquals(403, s.send("GET", "/api/v3/core/users/", s.token + "x", null, Map.of()).statusCode());
        assertEquals(403, s.send("GET", "/api/v3/providers/oauth2/", "", null, Map.of()).statusCode());
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("versions")
    @DisplayName("facts/authentik.md § Running it: the objects to gate on each return one result; unknown ones none")
    void seededObjects(StandInHarness s) {
        for (String slug : new String[] {"default-provider-authorization-implicit-consent", "default-provider-authorization-explicit-consent",
                "default-provider-invalidation-flow", "default-authentication-flow"}) {
            assertEquals(1, s.json(s.api("GET", "flows/instances/?slug=" + slug, null)).path("results").size(), slug);
        }
        for (String scope : new String[] {"openid", "profile", "email", "offline_access"}) {
            assertEquals(1, s.json(s.api("GET", "propertymappings/provider/scope/?managed=goauthentik.io/providers/oauth2/scope-" + scope, null))
                    .path("results").size(), scope);
        }
        assertEquals(1, s.json(s.api("GET", "crypto/certificatekeypairs/?name=authentik%20Self-signed%20Certificate", null)).path("results").size());
        assertTrue(s.json(s.api("GET", "crypto/certificatekeypairs/", null)).path("results").size() >= 2);
        assertEquals(0, s.json(s.api("GET", "flows/instances/?slug=no-such-flow", null)).path("results").size());
        assertEquals(0, s.json(s.api("GET", "propertymappings/provider/scope/?managed=goauthentik.io/providers/oauth2/scope-nope", null))
                .path("results").size());
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("versions")
    @DisplayName("facts/authentik.md § Provisioning API: users are created, get a password (204), and usernames are unique")
    void usersAndPasswords(StandInHarness s) {
        String name = "user-" + System.nanoTime();
        HttpResponse<String> r = s.api("POST", "core/users/", Map.of("username", name, "name", "A User", "email", name + "@example.com"));
        assertEquals(201, r.statusCode(), r.body());
        int pk = s.json(r).get("pk").asInt();
        assertEquals(204, s.api("POST", "core/users/" + pk + "/set_password/", Map.of("password", "pw-" + name)).statusCode());
        s.login(name, "pw-" + name);
        assertEquals(400, s.api("POST", "core/users/", Map.of("username", name, "name", "Again")).statusCode());
        assertEquals(400, s.api("POST", "core/users/", Map.of("name", "no username")).statusCode());
        assertEquals(400, s.api("POST", "core/users/" + pk + "/set_password/", Map.of()).statusCode());
        assertEquals(404, s.api("POST", "core/users/99999/set_password/", Map.of("password", "x")).statusCode());
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("versions")
    @DisplayName("facts/authentik.md § Provisioning API: provider create, read, update, list filters, setup_urls, delete")
    void providerLifecycle(StandInHarness s) {
        ObjectNode req = s.providerRequest("p-" + System.nanoTime(), "https://cloud.example.test/oidc-callback.html");
        JsonNode p = s.createClient("app" + System.nanoTime(), req);
        int pk = p.get("pk").asInt();
        String clientId = p.get("client_id").asText();
        assertEquals(40, clientId.length());
        assertEquals("per_provider", p.get("issuer_mode").asText());
        assertEquals(1, s.json(s.api("GET", "providers/oauth2/?client_id=" + clientId, null)).path("results").size());
        assertEquals(1, s.json(s.api("GET", "providers/oauth2/?name=" + req.get("name").asText(), null)).path("results").size());
        assertEquals(0, s.json(s.api("GET", "providers/oauth2/?client_id=nope", null)).path("results").size());
        HttpResponse<String> patched = s.api("PATCH", "providers/oauth2/" + pk + "/", Map.of("issuer_mode", "global"));
        assertEquals(200, patched.statusCode(), patched.body());
        assertEquals("global", s.json(s.api("GET", "providers/oauth2/" + pk + "/", null)).get("issuer_mode").asText());
        req.put("client_id", clientId).put("sub_mode", "user_email");
        assertEquals(200, s.api("PUT", "providers/oauth2/" + pk + "/", req).statusCode());
        JsonNode urls = s.json(s.api("GET", "providers/oauth2/" + pk + "/setup_urls/", null));
        assertTrue(urls.get("jwks").asText().endsWith("/jwks/"), urls.toString());
        assertEquals(s.base + "/", urls.get("issuer").asText().replace("localhost", "127.0.0.1"));
        assertEquals(204, s.api("DELETE", "providers/oauth2/" + pk + "/", null).statusCode());
        assertEquals(404, s.api("GET", "providers/oauth2/" + pk + "/", null).statusCode());
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("versions")
    @DisplayName("facts/authentik.md § Provisioning API: required fields, unknown references and duplicate client_id are refused field by field")
    void providerRefusals(StandInHarness s) {
        ObjectNode noFlow = s.providerRequest("nf-" + System.nanoTime(), "https://a.example.test/cb");
        noFlow.remove("authorization_flow");
        HttpResponse<String> r = s.api("POST", "providers/oauth2/", noFlow);
        assertEquals(400, r.statusCode());
        assertTrue(s.json(r).has("authorization_flow"), r.body());

        ObjectNode badFlow = s.providerRequest("bf-" + System.nanoTime(), "https://a.example.test/cb");
        badFlow.put("authorization_flow", "00000000-0000-4000-8000-000000000000");
        assertTrue(s.json(s.api("POST", "providers/oauth2/", badFlow)).has("authorization_flow"));

        ObjectNode badKey = s.providerRequest("bk-" + System.nanoTime(), "https://a.example.test/cb");
        badKey.put("signing_key", "00000000-0000-4000-8000-000000000000");
        assertTrue(s.json(s.api("POST", "providers/oauth2/", badKey)).has("signing_key"));

        ObjectNode badMapping = s.providerRequest("bm-" + System.nanoTime(), "https://a.example.test/cb");
        badMapping.putArray("property_mappings").add("00000000-0000-4000-8000-000000000000");
        assertTrue(s.json(s.api("POST", "providers/oauth2/", badMapping)).has("property_mappings"));

        ObjectNode notUuid = s.providerRequest("nu-" + System.nanoTime(), "https://a.example.test/cb");
        notUuid.put("invalidation_flow", "not-a-uuid");
        assertTrue(s.json(s.api("POST", "providers/oauth2/", notUuid)).has("invalidation_flow"));

        ObjectNode first = s.providerRequest("dup1-" + System.nanoTime(), "https://a.example.test/cb");
        first.put("client_id", "dup-" + System.nanoTime());
        assertEquals(201, s.api("POST", "providers/oauth2/", first).statusCode());
        ObjectNode second = s.providerRequest("dup2-" + System.nanoTime(), "https://a.example.test/cb");
        second.put("client_id", first.get("client_id").asText());
        HttpResponse<String> dup = s.api("POST", "providers/oauth2/", second);
        assertEquals(400, dup.statusCode());
        assertTrue(s.json(dup).has("client_id"), dup.body());
    }

    @Test
    @DisplayName("facts/authentik.md § Provisioning API: redirect_uris is a newline string in 2024.8.3; a list is refused there")
    void redirectUrisStringBefore2024_10() {
        ObjectNode asList = old.providerRequest("l-" + System.nanoTime());
        asList.putArray("redirect_uris").addObject().put("matching_mode", "strict").put("url", "https://a.example.test/cb");
        HttpResponse<String> r = old.api("POST", "providers/oauth2/", asList);
        assertEquals(400, r.statusCode());
        assertTrue(old.json(r).has("redirect_uris"), r.body());
        JsonNode created = old.json(old.api("POST", "providers/oauth2/", old.providerRequest("s-" + System.nanoTime(), "https://a/cb", "https://b/cb")));
        assertEquals("https://a/cb\nhttps://b/cb", created.get("redirect_uris").asText());
    }

    @Test
    @DisplayName("facts/authentik.md § Provisioning API: redirect_uris is a list of {matching_mode, url} in 2026.8.3; a string and a bad regex are refused")
    void redirectUrisListLater() {
        ObjectNode asString = current.providerRequest("str-" + System.nanoTime());
        asString.put("redirect_uris", "https://a.example.test/cb");
        assertTrue(current.json(current.api("POST", "providers/oauth2/", asString)).has("redirect_uris"));
        ObjectNode badRegex = current.providerRequest("re-" + System.nanoTime());
        badRegex.putArray("redirect_uris").addObject().put("matching_mode", "regex").put("url", "https://a.example.test/(unclosed");
        HttpResponse<String> r = current.api("POST", "providers/oauth2/", badRegex);
        assertEquals(400, r.statusCode());
        assertTrue(current.json(r).get("redirect_uris").get(0).asText().contains("Invalid Regex"), r.body());
        ObjectNode badMode = current.providerRequest("bm-" + System.nanoTime());
        badMode.putArray("redirect_uris").addObject().put("matching_mode", "prefix").put("url", "https://a.example.test/");
        assertEquals(400, current.api("POST", "providers/oauth2/", badMode).statusCode());
        ObjectNode goodRegex = current.providerRequest("gr-" + System.nanoTime());
        goodRegex.putArray("redirect_uris").addObject().put("matching_mode", "regex").put("url", "https://a\\.example\\.test/.*");
        assertEquals(201, current.api("POST", "providers/oauth2/", goodRegex).statusCode());
    }

    @Test
    @DisplayName("facts/authentik.md § Provisioning API: grant_types exists from 2026.5 (default []); 2024.8.3 refuses the unknown field")
    void grantTypesPerVersion() {
        ObjectNode noGrants = current.providerRequest("ng-" + System.nanoTime(), "https://a/cb");
        noGrants.remove("grant_types");
        JsonNode created = current.json(current.api("POST", "providers/oauth2/", noGrants));
        assertTrue(created.get("grant_types").isArray());
        assertEquals(0, created.get("grant_types").size());
        ObjectNode oldWithGrants = old.providerRequest("og-" + System.nanoTime(), "https://a/cb");
        oldWithGrants.putArray("grant_types").add("authorization_code");
        HttpResponse<String> r = old.api("POST", "providers/oauth2/", oldWithGrants);
        assertEquals(400, r.statusCode());
        assertTrue(old.json(r).has("grant_types"), r.body());
        assertFalse(old.json(old.api("POST", "providers/oauth2/", old.providerRequest("o-" + System.nanoTime(), "https://a/cb"))).has("grant_types"));
    }

    @Test
    @DisplayName("recorded 2026.8.0-rc1: an explicit empty grant_types list is refused (ArrayField without blank=True → allow_empty=False)")
    void anEmptyGrantTypesListIsRefusedLeftOutItBecomesEmpty() {
        ObjectNode empty = current.providerRequest("eg-" + System.nanoTime(), "https://a/cb");
        empty.putArray("grant_types");
        HttpResponse<String> r = current.api("POST", "providers/oauth2/", empty);
        assertEquals(400, r.statusCode(), r.body());
        assertEquals("This list may not be empty.", current.json(r).path("grant_types").path(0).asText(), r.body());
        JsonNode created = current.json(current.api("POST", "providers/oauth2/", current.providerRequest("eg2-" + System.nanoTime(), "https://a/cb")));
        HttpResponse<String> put = current.api("PUT", "providers/oauth2/" + created.get("pk").asInt() + "/",
                current.providerRequest("eg2-" + System.nanoTime(), "https://a/cb").set("grant_types", com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode()));
        assertEquals(400, put.statusCode(), put.body());
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("versions")
    @DisplayName("facts/authentik.md § Provisioning API: applications by slug; reserved and duplicate slugs and unknown providers refused")
    void applications(StandInHarness s) {
        JsonNode p = s.json(s.api("POST", "providers/oauth2/", s.providerRequest("ap-" + System.nanoTime(), "https://a/cb")));
        String slug = "app-" + System.nanoTime();
        HttpResponse<String> created = s.api("POST", "core/applications/", Map.of("name", slug, "slug", slug, "provider", p.get("pk").asInt()));
        assertEquals(201, created.statusCode(), created.body());
        assertEquals(p.get("pk").asInt(), s.json(s.api("GET", "core/applications/" + slug + "/", null)).get("provider").asInt());
        assertEquals(1, s.json(s.api("GET", "core/applications/?superuser_full_list=true&slug=" + slug, null)).path("results").size());
        String other = "app2-" + System.nanoTime();
        JsonNode p2 = s.json(s.api("POST", "providers/oauth2/", s.providerRequest("ap2-" + System.nanoTime(), "https://a/cb2")));
        assertEquals(201, s.api("POST", "core/applications/", Map.of("name", other, "slug", other, "provider", p2.get("pk").asInt())).statusCode());
        JsonNode plain = s.json(s.api("GET", "core/applications/?slug=" + slug, null)).path("results");
        assertTrue(plain.size() >= 2, "the per-user list cache ignores the slug filter (facts: Application list cache): " + plain);
        assertEquals(400, s.api("POST", "core/applications/", Map.of("name", "x", "slug", slug)).statusCode());
        for (String reserved : AdminApi.RESERVED_SLUGS) {
            HttpResponse<String> r = s.api("POST", "core/applications/", Map.of("name", reserved, "slug", reserved));
            assertEquals(400, r.statusCode(), reserved);
            assertTrue(s.json(r).has("slug"));
        }
        assertEquals(400, s.api("POST", "core/applications/", Map.of("name", "bad", "slug", "not a slug")).statusCode());
        assertTrue(s.json(s.api("POST", "core/applications/", Map.of("name", "np", "slug", "np" + System.nanoTime(), "provider", 999999)))
                .has("provider"));
        assertEquals(200, s.api("PATCH", "core/applications/" + slug + "/", Map.of("name", "renamed")).statusCode());
        assertEquals(204, s.api("DELETE", "core/applications/" + slug + "/", null).statusCode());
        assertEquals(404, s.api("GET", "core/applications/" + slug + "/", null).statusCode());
    }

    @Test
    @DisplayName("facts/authentik.md § Bootstrap timing: until the worker has applied the bootstrap blueprint the token is refused with 403 Token invalid/expired")
    void bootstrapTokenWorksOnlyOnceApplied() {
        try (StandInHarness late = new StandInHarness(StandInConfig.DEFAULT_VERSION, Map.of("STANDIN_AUTHENTIK_BOOTSTRAP_DELAY_MS", "600000"))) {
            HttpResponse<String> r = late.api("GET", "core/users/", null);
            assertEquals(403, r.statusCode());
            assertEquals("Token invalid/expired", late.json(r).path("detail").asText());
        }
    }

    @Test
    @DisplayName("fixtures/recorded (authentik 2026.2.2): the token works while some shipped blueprints (default-brand among them) are not applied; managed/blueprints says unknown and the browser's authorize gets 404 until they are")
    void theBrowserCanLogInOnlyOnceEveryBlueprintIsApplied() {
        try (StandInHarness fresh = new StandInHarness(StandInConfig.DEFAULT_VERSION, Map.of("STANDIN_AUTHENTIK_BOOTSTRAP_DELAY_MS", "4000"))) {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).pollInterval(java.time.Duration.ofMillis(50))
                    .until(() -> fresh.api("GET", "core/users/", null).statusCode() == 200);
            String cb = "https://cloud.example.test/oidc-callback.html";
            JsonNode p = fresh.createClient("app" + System.nanoTime(), fresh.providerRequest("p" + System.nanoTime(), cb));
            String authorize = "/application/o/authorize/?client_id=" + p.get("client_id").asText() + "&redirect_uri="
                    + java.net.URLEncoder.encode(cb, java.nio.charset.StandardCharsets.UTF_8) + "&response_type=code&scope=openid&state=s";
            JsonNode pending = fresh.json(fresh.api("GET", "managed/blueprints/?path=default/default-brand.yaml", null));
            assertEquals("unknown", pending.path("results").get(0).path("status").asText(), pending.toString());
            assertEquals(404, fresh.get(authorize, Map.of()).statusCode());
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).pollInterval(java.time.Duration.ofMillis(100))
                    .until(() -> fresh.get(authorize, Map.of()).statusCode() == 302);
            fresh.json(fresh.api("GET", "managed/blueprints/", null)).path("results")
                    .forEach(b -> assertEquals("successful", b.path("status").asText(), b.toString()));
        }
    }

    @Test
    @DisplayName("facts/authentik.md § Running it: a fresh instance has exactly the self-signed and the internal JWT key pairs; others are generated through the API")
    void keyPairsOfAFreshInstanceAndGenerate() {
        JsonNode keys = current.json(current.api("GET", "crypto/certificatekeypairs/", null)).path("results");
        java.util.Set<String> names = new java.util.TreeSet<>();
        keys.forEach(k -> names.add(k.path("name").asText()));
        assertTrue(names.containsAll(java.util.Set.of(Directory.SELF_SIGNED, Directory.INTERNAL_JWT)), names.toString());
        String name = "generated " + System.nanoTime();
        HttpResponse<String> r = current.api("POST", "crypto/certificatekeypairs/generate/", Map.of("common_name", name, "validity_days", 30));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(name, current.json(r).path("name").asText());
        assertEquals(1, current.json(current.api("GET", "crypto/certificatekeypairs/?name=" + name.replace(" ", "%20"), null)).path("results").size());
        assertEquals(400, current.api("POST", "crypto/certificatekeypairs/generate/", Map.of("common_name", "x")).statusCode());
    }

    @Test
    @DisplayName("facts/authentik.md § Provisioning API: validation errors are field-level JSON, not free text")
    void fieldLevelErrors() {
        HttpResponse<String> r = current.api("POST", "providers/oauth2/", Map.of("name", "only-a-name"));
        assertEquals(400, r.statusCode());
        JsonNode e = current.json(r);
        for (String f : new String[] {"authorization_flow", "invalidation_flow", "redirect_uris"}) {
            assertTrue(e.path(f).isArray() && e.path(f).get(0).isTextual(), f + " in " + r.body());
        }
    }
}
