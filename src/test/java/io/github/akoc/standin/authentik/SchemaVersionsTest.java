package io.github.akoc.standin.authentik;

import io.github.akoc.testing.SelfTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** facts/authentik.md § Provisioning API: what each release's schema.yml accepts, for every release the suite covers. */
@SelfTest
class SchemaVersionsTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({"2024.8.3, false, false", "2024.12.3, true, false", "2025.10.4, true, false", "2026.5.6, true, true", "2026.8.3, true, true"})
    @DisplayName("facts/authentik.md § Provisioning API: redirect_uris form and grant_types follow the release's schema")
    void perRelease(String version, boolean listForm, boolean grantTypes) {
        try (StandInHarness s = new StandInHarness(version)) {
            assertEquals(1, s.json(s.api("GET", "propertymappings/provider/scope/?managed=goauthentik.io/providers/oauth2/scope-openid", null))
                    .path("results").size());
            ObjectNode req = s.providerRequest("v" + System.nanoTime());
            if (listForm) {
                req.putArray("redirect_uris").addObject().put("matching_mode", "strict").put("url", "https://a.example.test/cb");
            } else {
                req.put("redirect_uris", "https://a.example.test/cb");
            }
            req.putArray("grant_types").add("authorization_code").add("refresh_token");
            HttpResponse<String> r = s.api("POST", "providers/oauth2/", req);
            if (grantTypes) {
                assertEquals(201, r.statusCode(), r.body());
                JsonNode p = s.json(r);
                assertEquals(2, p.get("grant_types").size());
            } else {
                assertEquals(400, r.statusCode(), r.body());
                assertTrue(s.json(r).has("grant_types"), r.body());
                req.remove("grant_types");
                assertEquals(201, s.api("POST", "providers/oauth2/", req).statusCode());
            }
            ObjectNode wrongForm = s.providerRequest("w" + System.nanoTime());
            wrongForm.remove("grant_types");
            if (listForm) {
                wrongForm.put("redirect_uris", "https://a.example.test/cb");
            } else {
                wrongForm.putArray("redirect_uris").addObject().put("matching_mode", "strict").put("url", "https://a.example.test/cb");
            }
            HttpResponse<String> refused = s.api("POST", "providers/oauth2/", wrongForm);
            assertEquals(400, refused.statusCode(), refused.body());
            assertTrue(s.json(refused).has("redirect_uris"), refused.body());
        }
    }
}
