package io.github.akoc.standin.authentik;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A started stand-in plus the HTTP calls the contract tests make against it (redirects never followed). */
final class StandInHarness implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    final String token = UUID.randomUUID().toString();
    final String password = UUID.randomUUID().toString();
    final String version;
    final AuthentikStandIn standIn;
    final String base;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    StandInHarness(String version) {
        this(version, Map.of());
    }

    StandInHarness(String version, Map<String, String> extra) {
        this.version = version;
        Map<String, String> env = new HashMap<>(Map.of("AUTHENTIK_BOOTSTRAP_TOKEN", token, "AUTHENTIK_BOOTSTRAP_PASSWORD", password,
                "AUTHENTIK_SECRET_KEY", UUID.randomUUID().toString(), "AUTHENTIK_LISTEN__HTTP", "127.0.0.1:0",
                "STANDIN_AUTHENTIK_VERSION", version, "STANDIN_AUTHENTIK_BOOTSTRAP_DELAY_MS", "0"));
        env.putAll(extra);
        standIn = AuthentikStandIn.start(env);
        base = "http://127.0.0.1:" + standIn.port();
    }

    boolean listForm() {
        return !version.startsWith("2024.8");
    }

    HttpResponse<String> send(String method, String path, String bearer, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        headers.forEach(b::header);
        if (body != null) {
            b.header("Content-Type", headers.getOrDefault("Content-Type", "application/json"));
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path, Map<String, String> headers) {
        return send("GET", path, null, null, headers);
    }

    HttpResponse<String> api(String method, String path, Object body) {
        try {
            return send(method, "/api/v3/" + path, token, body == null ? null : JSON.writeValueAsString(body), Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + r.statusCode() + "): " + r.body(), e);
        }
    }

    /** results[0].pk of a list lookup, failing when not exactly one result. */
    String lookup(String pathAndQuery) {
        JsonNode results = json(api("GET", pathAndQuery, null)).path("results");
        if (results.size() != 1) {
            throw new AssertionError(pathAndQuery + " gave " + results.size() + " results");
        }
        return results.get(0).get("pk").asText();
    }

    String flow(String slug) {
        return lookup("flows/instances/?slug=" + slug);
    }

    String scope(String name) {
        return lookup("propertymappings/provider/scope/?managed=goauthentik.io/providers/oauth2/scope-" + name);
    }

    String key(String name) {
        return lookup("crypto/certificatekeypairs/?name=" + name.replace(" ", "%20"));
    }

    /** A new key pair through crypto/certificatekeypairs/generate/ (a fresh authentik has only its two own). */
    String generateKey(String commonName) {
        HttpResponse<String> r = api("POST", "crypto/certificatekeypairs/generate/", Map.of("common_name", commonName, "validity_days", 30));
        if (r.statusCode() != 200) {
            throw new AssertionError("generate " + commonName + ": " + r.statusCode() + " " + r.body());
        }
        return json(r).path("pk").asText();
    }

    /** A provider request valid for this release; callers override fields. */
    ObjectNode providerRequest(String name, String... strictRedirects) {
        ObjectNode p = JSON.createObjectNode();
        p.put("name", name);
        p.put("authorization_flow", flow("default-provider-authorization-implicit-consent"));
        p.put("invalidation_flow", flow("default-provider-invalidation-flow"));
        p.put("client_type", "public");
        p.put("signing_key", key(Directory.SELF_SIGNED));
        ArrayNode pms = p.putArray("property_mappings");
        for (String s : List.of("openid", "profile", "email", "offline_access")) {
            pms.add(scope(s));
        }
        if (listForm()) {
            ArrayNode uris = p.putArray("redirect_uris");
            for (String u : strictRedirects) {
                uris.addObject().put("matching_mode", "strict").put("url", u);
            }
        } else {
            p.put("redirect_uris", String.join("\n", strictRedirects));
        }
        if (!version.startsWith("2024") && !version.startsWith("2025") && !version.startsWith("2026.2")) {
            p.putArray("grant_types").add("authorization_code").add("refresh_token");
        }
        return p;
    }

    /** Creates the provider and an application for it; returns the provider as the API answered. */
    JsonNode createClient(String slug, ObjectNode providerRequest) {
        HttpResponse<String> r = api("POST", "providers/oauth2/", providerRequest);
        if (r.statusCode() != 201) {
            throw new AssertionError("provider not created: " + r.statusCode() + " " + r.body());
        }
        JsonNode provider = json(r);
        ObjectNode app = JSON.createObjectNode().put("name", slug).put("slug", slug).put("provider", provider.get("pk").asInt());
        HttpResponse<String> a = api("POST", "core/applications/", app);
        if (a.statusCode() != 201) {
            throw new AssertionError("application not created: " + a.statusCode() + " " + a.body());
        }
        return provider;
    }

    /**
     * Logs akadmin (or another user) in through the flow executor API as a browser would (the flow page first; the
     * executor's first answer sets the session, the login the CSRF cookie); returns the Cookie header value carrying both.
     */
    String login(String username, String pw) {
        return login(username, pw, cookiesOf(get("/if/flow/default-authentication-flow/", Map.of())));
    }

    /** Logs in within an existing browser session (its Cookie header); returns the header after the login. */
    String login(String username, String pw, String cookie) {
        String exec = "/api/v3/flows/executor/default-authentication-flow/?query=";
        executor("GET", exec, cookie, null);
        executor("POST", exec, lastCookie, "{\"component\":\"ak-stage-identification\",\"uid_field\":\"" + username + "\"}");
        HttpResponse<String> r = executor("POST", exec, lastCookie, "{\"component\":\"ak-stage-password\",\"password\":\"" + pw + "\"}");
        if (!json(r).path("component").asText().equals("xak-flow-redirect")) {
            throw new AssertionError("login failed: " + r.body());
        }
        return lastCookie; // the login renewed the session (Django cycles the key)
    }

    /** The Cookie header after the last executor call, with every cookie the chain set. */
    volatile String lastCookie;

    static String withSetCookies(String cookie, HttpResponse<String> r) {
        Map<String, String> jar = new java.util.LinkedHashMap<>();
        for (String part : cookie.split(";")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length == 2) {
                jar.put(kv[0], kv[1]);
            }
        }
        for (String set : r.headers().allValues("Set-Cookie")) {
            String[] kv = set.split(";")[0].split("=", 2);
            jar.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        return String.join("; ", jar.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    /**
     * A request to the flow executor as authentik's clients must make it: the CSRF header from the cookie, and
     * the executor's 302 chain followed (bounded) until a challenge arrives.
     */
    HttpResponse<String> executor(String method, String path, String cookie, String body) {
        Map<String, String> headers = new HashMap<>(Map.of("Cookie", cookie));
        String csrf = cookieValue(cookie, LoginPage.CSRF_COOKIE);
        if (csrf != null) {
            headers.put("X-authentik-CSRF", csrf);
        }
        HttpResponse<String> r = send(method, path, null, body, headers);
        String jar = withSetCookies(cookie, r);
        for (int hop = 0; hop < 10 && r.statusCode() / 100 == 3; hop++) {
            r = send("GET", r.headers().firstValue("Location").orElseThrow(), null, null, Map.of("Cookie", jar));
            jar = withSetCookies(jar, r);
        }
        lastCookie = jar;
        return r;
    }

    /** Every cookie a response sets, as one Cookie header value. */
    static String cookiesOf(HttpResponse<String> r) {
        return String.join("; ", r.headers().allValues("Set-Cookie").stream().map(c -> c.split(";")[0]).toList());
    }

    static String cookieValue(String cookieHeader, String name) {
        for (String part : cookieHeader.split(";")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length == 2 && kv[0].equals(name)) {
                return kv[1];
            }
        }
        return null;
    }

    static String cookieOf(HttpResponse<String> r) {
        String set = r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(Sessions.COOKIE + "=")).findFirst()
                .orElseThrow(() -> new AssertionError("no session Set-Cookie"));
        return set.split(";")[0];
    }

    static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> query(String location) {
        Map<String, String> out = new HashMap<>();
        int q = location.indexOf('?');
        Call.parseForm(q < 0 ? "" : location.substring(q + 1)).forEach((k, v) -> out.put(k, v.get(0)));
        return out;
    }

    static String form(Map<String, String> params) {
        StringBuilder sb = new StringBuilder();
        params.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "&").append(Call.encode(k)).append('=').append(Call.encode(v)));
        return sb.toString();
    }

    HttpResponse<String> tokenRequest(Map<String, String> params) {
        return send("POST", "/application/o/token/", null, form(params), Map.of("Content-Type", "application/x-www-form-urlencoded"));
    }

    record Raw(int status, String headers, String body) {
    }

    /** A request with a chosen Host header, which java.net.http refuses to set. */
    Raw raw(String method, String path, Map<String, String> headers, String body) {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", standIn.port())) {
            socket.setSoTimeout(60_000);
            StringBuilder req = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
            headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            if (body != null) {
                req.append("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ").append(bytes.length).append("\r\n");
            }
            req.append("Connection: close\r\n\r\n");
            socket.getOutputStream().write(req.toString().getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().write(bytes);
            String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int split = all.indexOf("\r\n\r\n");
            return new Raw(Integer.parseInt(all.substring(9, 12)), all.substring(0, split), all.substring(split + 4));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        standIn.close();
    }
}
