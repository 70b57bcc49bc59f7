package io.github.akoc.standin.opencloud;

import io.github.akoc.testing.SelfTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** facts/opencloud.md § WebFinger. */
@SelfTest
@DisplayName("facts/opencloud.md § WebFinger")
class WebFingerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String OC_URL = "https://cloud.opencloud.test";
    static final String ISSUER = "https://authentik.company/application/o/opencloud/";

    static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>(Map.of("OC_URL", OC_URL, "OC_OIDC_ISSUER", ISSUER,
                "PROXY_HTTP_ADDR", "127.0.0.1:0"));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private static JsonNode webfinger(Map<String, String> env, String query) throws Exception {
        try (OpenCloudStandIn oc = OpenCloudStandIn.start(env)) {
            HttpResponse<String> r = StandInClient.get(oc, "/.well-known/webfinger?" + query);
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").contains("application/json"));
            return JSON.readTree(r.body());
        }
    }

    private static String resource() {
        return "resource=" + URLEncoder.encode(OC_URL, StandardCharsets.UTF_8);
    }

    @Test
    void answersTheIssuerLinkAndSubjectWithoutPlatformProperties() throws Exception {
        JsonNode jrd = webfinger(env(), resource());
        assertEquals(OC_URL, jrd.path("subject").asText());
        assertEquals(1, jrd.path("links").size());
        assertEquals(WebFinger.ISSUER_REL, jrd.path("links").get(0).path("rel").asText());
        assertEquals(ISSUER, jrd.path("links").get(0).path("href").asText());
        assertTrue(jrd.path("properties").isMissingNode(), "no platform: no properties");
    }

    @Test
    @org.junit.jupiter.api.DisplayName("facts/opencloud.md § WebFinger: the issuer link from OC_URL;OC_OIDC_ISSUER;WEBFINGER_OIDC_ISSUER, last set wins")
    void webfingerOidcIssuerOverridesOnlyTheIssuerLink() throws Exception {
        JsonNode jrd = webfinger(env("WEBFINGER_OIDC_ISSUER", "https://elsewhere.example/"), resource());
        assertEquals("https://elsewhere.example/", jrd.path("links").get(0).path("href").asText());
    }

    @Test
    void refusesARequestWithoutResource() throws Exception {
        try (OpenCloudStandIn oc = OpenCloudStandIn.start(env())) {
            assertEquals(400, StandInClient.get(oc, "/.well-known/webfinger").statusCode());
            assertEquals(400, StandInClient.get(oc, "/.well-known/webfinger?platform=web&resource=").statusCode());
        }
    }

    @Test
    void unknownPlatformGetsNoProperties() throws Exception {
        assertTrue(webfinger(env(), resource() + "&platform=windows").path("properties").isMissingNode());
    }

    @Test
    void composeDefaultsGiveEachPlatformItsClientAndScopesAsOneCommaFreeElement() throws Exception {
        Map<String, String> env = env("OC_OIDC_CLIENT_ID", "web", "OC_OIDC_CLIENT_SCOPES", "openid profile email",
                "WEBFINGER_WEB_OIDC_CLIENT_ID", "web", "WEBFINGER_WEB_OIDC_CLIENT_SCOPES", "openid profile email",
                "WEBFINGER_DESKTOP_OIDC_CLIENT_ID", "OpenCloudDesktop",
                "WEBFINGER_DESKTOP_OIDC_CLIENT_SCOPES", "openid profile email offline_access",
                "WEBFINGER_ANDROID_OIDC_CLIENT_ID", "OpenCloudAndroid",
                "WEBFINGER_ANDROID_OIDC_CLIENT_SCOPES", "openid profile email offline_access",
                "WEBFINGER_IOS_OIDC_CLIENT_ID", "OpenCloudIOS",
                "WEBFINGER_IOS_OIDC_CLIENT_SCOPES", "openid profile email offline_access");
        Map<String, String> ids = Map.of("web", "web", "desktop", "OpenCloudDesktop", "android", "OpenCloudAndroid",
                "ios", "OpenCloudIOS");
        for (Map.Entry<String, String> p : ids.entrySet()) {
            JsonNode props = webfinger(env, resource() + "&platform=" + p.getKey()).path("properties");
            assertEquals(p.getValue(), props.path(WebFinger.CLIENT_ID_PROPERTY).asText(), p.getKey());
            JsonNode scopes = props.path(WebFinger.SCOPES_PROPERTY);
            assertEquals(1, scopes.size(), "space-separated scopes stay one element: " + scopes);
            assertEquals(p.getKey().equals("web") ? "openid profile email" : "openid profile email offline_access",
                    scopes.get(0).asText());
        }
    }

    @Test
    void listValuesAreSplitOnCommasOnly() throws Exception {
        JsonNode scopes = webfinger(env("WEBFINGER_DESKTOP_OIDC_CLIENT_SCOPES", "openid,profile email,offline_access"),
                resource() + "&platform=desktop").path("properties").path(WebFinger.SCOPES_PROPERTY);
        assertEquals(List.of("openid", "profile email", "offline_access"),
                List.of(scopes.get(0).asText(), scopes.get(1).asText(), scopes.get(2).asText()));
    }

    @Test
    void lastSetVariableWinsAndSetButEmptyCounts() throws Exception {
        // web: OC_OIDC_CLIENT_ID;WEB_OIDC_CLIENT_ID;WEBFINGER_WEB_OIDC_CLIENT_ID
        assertEquals("from-webfinger", clientId(env("OC_OIDC_CLIENT_ID", "from-oc", "WEB_OIDC_CLIENT_ID", "from-web",
                "WEBFINGER_WEB_OIDC_CLIENT_ID", "from-webfinger"), "web"));
        assertEquals("from-web", clientId(env("OC_OIDC_CLIENT_ID", "from-oc", "WEB_OIDC_CLIENT_ID", "from-web"), "web"));
        // desktop does not read WEB_OIDC_CLIENT_ID
        assertEquals("from-oc", clientId(env("OC_OIDC_CLIENT_ID", "from-oc", "WEB_OIDC_CLIENT_ID", "from-web"), "desktop"));
        // set but empty still wins, and both properties stay present
        JsonNode props = webfinger(env("OC_OIDC_CLIENT_ID", "web", "WEBFINGER_WEB_OIDC_CLIENT_ID", "",
                "WEBFINGER_WEB_OIDC_CLIENT_SCOPES", ""), resource() + "&platform=web").path("properties");
        assertEquals("", props.path(WebFinger.CLIENT_ID_PROPERTY).asText("missing"));
        assertTrue(props.path(WebFinger.SCOPES_PROPERTY).isArray(), "scopes present even when empty: " + props);
        assertEquals(0, props.path(WebFinger.SCOPES_PROPERTY).size());
    }

    @Test
    void relFiltersTheLinks() throws Exception {
        JsonNode jrd = webfinger(env(), resource() + "&rel=" + URLEncoder.encode("http://example.test/other", StandardCharsets.UTF_8)
                + "&rel=" + URLEncoder.encode(WebFinger.ISSUER_REL, StandardCharsets.UTF_8) + "&platform=ios");
        assertEquals(1, jrd.path("links").size());
        assertFalse(jrd.path("properties").isMissingNode());
        assertEquals(0, webfinger(env(), resource() + "&rel=http%3A%2F%2Fexample.test%2Fother").path("links").size());
    }

    private static String clientId(Map<String, String> env, String platform) throws Exception {
        return webfinger(env, resource() + "&platform=" + platform).path("properties")
                .path(WebFinger.CLIENT_ID_PROPERTY).asText();
    }
}
