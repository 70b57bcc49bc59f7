package io.github.akoc.standin.authentik;

import io.github.akoc.testing.SelfTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** facts/authentik.md § Logging in (headless flow executor API) and § OIDC behaviour (consent). */
@SelfTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FlowExecutorTest {
    private static final String CALLBACK = "oc://android.opencloud.eu";
    private static final String EXEC = "/api/v3/flows/executor/default-authentication-flow/?query=";
    private StandInHarness s;

    @BeforeAll
    void start() {
        s = new StandInHarness("2024.8.3");
    }

    @AfterAll
    void stop() {
        s.close();
    }

    /** A stage answer, following the executor's 302 chain as a client must. */
    private JsonNode post(String path, String cookie, String json) {
        return s.json(s.executor("POST", path, cookie, json));
    }

    @Test
    @DisplayName("facts/authentik.md § Logging in: identification then password, session cookie authentik_session (HttpOnly, path /)")
    void loginStages() {
        HttpResponse<String> first = s.get(EXEC, Map.of());
        String setCookie = first.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(setCookie.startsWith("authentik_session=") && setCookie.contains("HttpOnly") && setCookie.contains("Path=/"), setCookie);
        String cookie = StandInHarness.cookieOf(first);
        assertEquals("ak-stage-identification", s.json(first).get("component").asText());
        assertEquals("ak-stage-password", post(EXEC, cookie, "{\"component\":\"ak-stage-identification\",\"uid_field\":\"akadmin\"}")
                .get("component").asText());
        JsonNode done = post(EXEC, cookie, "{\"component\":\"ak-stage-password\",\"password\":\"" + s.password + "\"}");
        assertEquals("xak-flow-redirect", done.get("component").asText());
    }

    @Test
    @DisplayName("fixtures/recorded (authentik 2026.2.2): the executor answers a POST with a 302 to its GET; the MFA stage skips itself with a further 302, and the login stage ends the flow inside the next GET (POST 302, GET 302, GET 200 xak-flow-redirect)")
    void redirectChain() {
        String cookie = StandInHarness.cookieOf(s.get(EXEC, Map.of()));
        HttpResponse<String> id = s.send("POST", EXEC, null, "{\"component\":\"ak-stage-identification\",\"uid_field\":\"akadmin\"}",
                Map.of("Cookie", cookie));
        assertEquals(302, id.statusCode());
        assertEquals(EXEC, id.headers().firstValue("Location").orElseThrow(), "redirect_with_qs to the executor itself");
        assertEquals("ak-stage-password", s.json(s.get(EXEC, Map.of("Cookie", cookie))).get("component").asText());
        HttpResponse<String> pw = s.send("POST", EXEC, null, "{\"component\":\"ak-stage-password\",\"password\":\"" + s.password + "\"}",
                Map.of("Cookie", cookie));
        assertEquals(302, pw.statusCode());
        HttpResponse<String> mfa = s.get(EXEC, Map.of("Cookie", cookie));
        assertEquals(302, mfa.statusCode(), "the MFA-validation stage skips itself inside the GET for a user without devices");
        HttpResponse<String> login = s.get(EXEC, Map.of("Cookie", cookie));
        assertEquals(200, login.statusCode(), "the user-login stage runs inside the GET and, being the last, ends the flow");
        assertEquals("xak-flow-redirect", s.json(login).get("component").asText());
        assertNotEquals(cookie, StandInHarness.withSetCookies(cookie, login), "the login cycles the session key (Django's login())");
    }

    @Test
    @DisplayName("facts/authentik.md § Logging in (CSRF) / prompt: prompt=consent adds a consent stage to the implicit flow; a signed-in POST without the CSRF header is refused")
    void promptConsentNeedsCsrf() {
        JsonNode p = s.createClient("pc" + System.nanoTime(), s.providerRequest("p" + System.nanoTime(), CALLBACK));
        String cookie = s.login("akadmin", s.password);
        String qs = StandInHarness.form(Map.of("client_id", p.get("client_id").asText(), "redirect_uri", CALLBACK,
                "response_type", "code", "scope", "openid", "state", "s1", "prompt", "select_account consent"));
        HttpResponse<String> auth = s.get("/application/o/authorize/?" + qs, Map.of("Cookie", cookie));
        String location = auth.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith("/if/flow/default-provider-authorization-implicit-consent/?"), location);
        String exec = "/api/v3/flows/executor/default-provider-authorization-implicit-consent/?query=" + Call.encode(qs);
        JsonNode consent = s.json(s.get(exec, Map.of("Cookie", cookie)));
        assertEquals("ak-stage-consent", consent.get("component").asText());
        String answer = "{\"component\":\"ak-stage-consent\",\"token\":\"" + consent.get("token").asText() + "\"}";
        HttpResponse<String> noCsrf = s.send("POST", exec, null, answer, Map.of("Cookie", cookie));
        assertEquals(403, noCsrf.statusCode());
        assertTrue(noCsrf.body().contains("CSRF Failed"), noCsrf.body());
        JsonNode done = post(exec, cookie, answer);
        assertEquals("xak-flow-redirect", done.get("component").asText());
        assertTrue(done.get("to").asText().startsWith(CALLBACK + "?code="), done.toString());
    }

    @Test
    @DisplayName("facts/authentik.md § Logging in: a wrong password re-shows the password stage with response_errors; no session")
    void wrongPasswordRefused() {
        String cookie = StandInHarness.cookieOf(s.get(EXEC, Map.of()));
        post(EXEC, cookie, "{\"component\":\"ak-stage-identification\",\"uid_field\":\"akadmin\"}");
        JsonNode again = post(EXEC, cookie, "{\"component\":\"ak-stage-password\",\"password\":\"wrong\"}");
        assertEquals("ak-stage-password", again.get("component").asText());
        assertTrue(again.path("response_errors").has("password"), again.toString());
        JsonNode unknown = post(EXEC, StandInHarness.cookieOf(s.get(EXEC, Map.of())), "{\"component\":\"ak-stage-password\",\"password\":\"x\"}");
        assertEquals("ak-stage-identification", unknown.get("component").asText(), "answering the wrong stage is refused");
        String fresh = StandInHarness.cookieOf(s.get(EXEC, Map.of()));
        post(EXEC, fresh, "{\"component\":\"ak-stage-identification\",\"uid_field\":\"nobody\"}");
        JsonNode nobody = post(EXEC, fresh, "{\"component\":\"ak-stage-password\",\"password\":\"" + s.password + "\"}");
        assertEquals("ak-stage-password", nobody.get("component").asText());
    }

    @Test
    @DisplayName("facts/authentik.md § Logging in / OIDC behaviour: explicit consent needs the consent stage (token), then xak-flow-redirect carries the code (2024.8.3 string redirect_uris)")
    void explicitConsent() {
        String slug = "ec" + System.nanoTime();
        ObjectNode req = s.providerRequest("e" + System.nanoTime(), CALLBACK);
        req.put("authorization_flow", s.flow("default-provider-authorization-explicit-consent"));
        JsonNode p = s.createClient(slug, req);
        String cookie = s.login("akadmin", s.password);
        Map<String, String> q = new HashMap<>(Map.of("client_id", p.get("client_id").asText(), "redirect_uri", CALLBACK,
                "response_type", "code", "scope", "openid profile", "state", "xyz"));
        HttpResponse<String> auth = s.get("/application/o/authorize/?" + StandInHarness.form(q), Map.of("Cookie", cookie));
        String location = auth.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith("/if/flow/default-provider-authorization-explicit-consent/?"), location);
        String exec = "/api/v3/flows/executor/default-provider-authorization-explicit-consent/?query="
                + Call.encode(location.substring(location.indexOf('?') + 1));
        JsonNode consent = s.json(s.get(exec, Map.of("Cookie", cookie)));
        assertEquals("ak-stage-consent", consent.get("component").asText());
        JsonNode refused = s.json(s.executor("POST", exec, cookie, "{\"component\":\"ak-stage-consent\",\"token\":\"forged\"}"));
        assertEquals("ak-stage-consent", refused.get("component").asText());
        JsonNode done = post(exec, cookie, "{\"component\":\"ak-stage-consent\",\"token\":\"" + refused.get("token").asText() + "\"}");
        assertEquals("xak-flow-redirect", done.get("component").asText());
        String to = done.get("to").asText();
        assertTrue(to.startsWith(CALLBACK + "?code="), to);
        assertEquals("xyz", StandInHarness.query(to).get("state"));
    }

    @Test
    @DisplayName("facts/authentik.md § OIDC behaviour: 2024.8.3 newline redirect_uris match exactly; others refused")
    void oldRedirectString() {
        JsonNode p = s.createClient("os" + System.nanoTime(), s.providerRequest("o" + System.nanoTime(), "https://a.example.test/cb", CALLBACK));
        String cookie = s.login("akadmin", s.password);
        for (String ok : new String[] {"https://a.example.test/cb", CALLBACK}) {
            HttpResponse<String> r = s.get("/application/o/authorize/?" + StandInHarness.form(Map.of("client_id", p.get("client_id").asText(),
                    "redirect_uri", ok, "response_type", "code", "scope", "openid")), Map.of("Cookie", cookie));
            assertEquals(302, r.statusCode());
            assertTrue(r.headers().firstValue("Location").orElseThrow().startsWith(ok + "?code="));
        }
        HttpResponse<String> bad = s.get("/application/o/authorize/?" + StandInHarness.form(Map.of("client_id", p.get("client_id").asText(),
                "redirect_uri", "https://evil.example.test/cb", "response_type", "code", "scope", "openid")), Map.of("Cookie", cookie));
        assertEquals(400, bad.statusCode());
    }

    @Test
    @DisplayName("facts/authentik.md § Logging in: the implicit-consent flow, given the authorize query string, redirects to the client with a code only once logged in")
    void implicitFlowWithAuthorizeQuery() {
        JsonNode p = s.createClient("ic" + System.nanoTime(), s.providerRequest("i" + System.nanoTime(), CALLBACK));
        String qs = StandInHarness.form(Map.of("client_id", p.get("client_id").asText(), "redirect_uri", CALLBACK,
                "response_type", "code", "scope", "openid", "state", "q"));
        String exec = "/api/v3/flows/executor/default-provider-authorization-implicit-consent/?query=" + Call.encode(qs);
        String toLogin = s.json(s.get(exec, Map.of())).get("to").asText();
        assertTrue(toLogin.startsWith("/if/flow/default-authentication-flow/"), toLogin);
        String cookie = s.login("akadmin", s.password);
        String to = s.json(s.get(exec, Map.of("Cookie", cookie))).get("to").asText();
        assertTrue(to.startsWith(CALLBACK + "?code="), to);
    }
}
