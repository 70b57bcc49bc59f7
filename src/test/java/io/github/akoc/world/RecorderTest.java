package io.github.akoc.world;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the recordings keep of an exchange: its shape and meaning, never a credential. */
class RecorderTest {
    @Test
    void secretsInUrlsAreRedactedAlsoWhenEncodedInsideAnotherUrl() {
        String url = "https://a.example/api/v3/flows/executor/f/?query=client_id%3Dweb%26state%3Dabc123%26next%3D%252Fauthorize%252F%253Fstate%253Dxyz789%2526code_challenge%253DCHAL"
                + "&code=secretcode";
        String r = Recorder.redactUrl(url);
        assertFalse(r.contains("abc123") || r.contains("xyz789") || r.contains("CHAL") || r.contains("secretcode"), r);
        assertTrue(r.contains("client_id=web"), r);
    }

    @Test
    void tokensKeepTheirHeaderAndClaimsButNotTheirSignature() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(),
                new JWTClaimsSet.Builder().issuer("https://idp.example/").claim("email", "a@example.com").build());
        jwt.sign(new MACSigner(new byte[32]));
        String body = "{\"access_token\":\"" + jwt.serialize() + "\",\"refresh_token\":\"opaque-refresh\",\"client_secret\":\"s3cr3t\","
                + "\"token_type\":\"Bearer\"}";
        JsonNode r = Recorder.redactBody(body, "application/json");
        assertEquals("k1", r.path("access_token").path("header").path("kid").asText());
        assertEquals("https://idp.example/", r.path("access_token").path("claims").path("iss").asText());
        assertEquals(Recorder.REDACTED, r.path("access_token").path("signature").asText());
        assertTrue(r.path("refresh_token").asText().startsWith(Recorder.REDACTED), r.toString());
        assertEquals(Recorder.REDACTED, r.path("client_secret").asText());
        assertEquals("Bearer", r.path("token_type").asText());
        assertFalse(new ObjectMapper().writeValueAsString(r).contains(jwt.getSignature().toString()));
    }

    @Test
    void formBodiesAndCookiesKeepNamesOnly() {
        assertEquals("grant_type=refresh_token&refresh_token=(redacted)&client_id=web",
                Recorder.redactForm("grant_type=refresh_token&refresh_token=abc&client_id=web"));
        assertEquals("authentik_session=(redacted); authentik_csrf=(redacted)", Recorder.cookieNames("authentik_session=v1; authentik_csrf=v2"));
        assertEquals("authentik_session=(redacted); HttpOnly; Path=/", Recorder.setCookieShape("authentik_session=v1; HttpOnly; Path=/"));
    }

    @Test
    void aRunReplacesWhatAnEarlierRunOfTheSameLabelLeft(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("containers-web-only.jsonl"), "{\"left\":\"by an earlier run\"}\n");
        String before = System.getProperty(Recorder.PROPERTY);
        System.setProperty(Recorder.PROPERTY, dir.toString());
        try {
            Recorder recorder = Recorder.fromSystemProperty();
            Recorder.label("containers-web-only");
            java.net.http.HttpHeaders none = java.net.http.HttpHeaders.of(java.util.Map.of(), (a, b) -> true);
            recorder.record(1, "GET", java.net.URI.create("https://a.example/one"), none, null, 200, none, null);
            recorder.record(1, "GET", java.net.URI.create("https://a.example/two"), none, null, 200, none, null);
        } finally {
            if (before == null) {
                System.clearProperty(Recorder.PROPERTY);
            } else {
                System.setProperty(Recorder.PROPERTY, before);
            }
            Recorder.label("run");
        }
        java.util.List<String> lines = java.nio.file.Files.readAllLines(dir.resolve("containers-web-only.jsonl"));
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("/one") && lines.get(1).contains("/two"), lines.toString());
    }
}
