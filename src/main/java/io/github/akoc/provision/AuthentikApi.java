package io.github.akoc.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.github.akoc.deployment.Deployment;
import io.github.akoc.world.World;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * authentik's admin API (/api/v3/) with a bearer token. Paths are relative to /api/v3/ ("core/users/").
 * Any answer outside 2xx is an {@link AuthentikApiException} with authentik's error body; the token never
 * appears in a message.
 */
public final class AuthentikApi {
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI base;
    private final String token;

    /** @param base the API root, ending in /api/v3/ */
    public AuthentikApi(HttpClient http, URI base, String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("authentik API token is empty: provisioning needs an API token (the bootstrap token on stacks we start)");
        }
        if (!base.toString().endsWith("/api/v3/")) {
            throw new IllegalArgumentException("authentik API base " + base + " must end in /api/v3/");
        }
        this.http = http;
        this.base = base;
        this.token = token;
    }

    /** The API of the setup's authentik, reached through the world's name mapping. */
    public static AuthentikApi of(World world, Deployment setup, String token) {
        return new AuthentikApi(world.http(), URI.create(setup.authentik().baseUrl() + "api/v3/"), token);
    }

    public URI base() {
        return base;
    }

    public JsonNode get(String path, Map<String, String> query) {
        return send("GET", path + queryString(query), null);
    }

    /** The "results" of a list endpoint (first page: our filters select at most a few objects). */
    public List<JsonNode> list(String path, Map<String, String> query) {
        JsonNode results = get(path, query).path("results");
        if (!results.isArray()) {
            throw new AuthentikApiException("GET", path + queryString(query), 200, "no \"results\" list in the answer");
        }
        List<JsonNode> out = new ArrayList<>();
        results.forEach(out::add);
        return out;
    }

    public JsonNode post(String path, JsonNode body) {
        return send("POST", path, body);
    }

    public JsonNode put(String path, JsonNode body) {
        return send("PUT", path, body);
    }

    static String queryString(Map<String, String> query) {
        if (query == null || query.isEmpty()) {
            return "";
        }
        return "?" + query.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode send(String method, String path, JsonNode body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path))
                .timeout(World.REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        }
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AuthentikApiException(method, path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuthentikApiException(method, path, e);
        }
        if (r.statusCode() < 200 || r.statusCode() > 299) {
            throw new AuthentikApiException(method, path, r.statusCode(), r.body());
        }
        if (r.body() == null || r.body().isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AuthentikApiException(method, path, r.statusCode(), "answer is not JSON: " + r.body());
        }
    }
}
