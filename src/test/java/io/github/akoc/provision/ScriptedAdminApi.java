package io.github.akoc.provision;

import io.github.akoc.testing.Replies;

import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A scripted authentik admin API for the provisioner's tests: keeps users, providers and applications,
 * validates every request against the release's schema.yml (unknown fields are errors), refuses a wrong
 * token (403) and a second provider with the same client id or application with the same slug (400), and
 * lets the blueprint objects appear only after some lookups, as after a fresh start. Not the project's
 * authentik stand-in.
 */
final class ScriptedAdminApi implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final String release;
    private final AuthentikVersion version;
    private final String token;
    private final AtomicInteger lookupsBeforeReady;
    final Map<String, ObjectNode> flows = new ConcurrentHashMap<>();
    final Map<String, ObjectNode> scopeMappings = new ConcurrentHashMap<>();
    final Map<String, ObjectNode> keyPairs = new ConcurrentHashMap<>();
    final Map<Integer, ObjectNode> users = new TreeMap<>();
    final Map<Integer, ObjectNode> providers = new TreeMap<>();
    final Map<String, ObjectNode> applications = new TreeMap<>();
    final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger nextPk = new AtomicInteger(1);
    /** Blueprint listings that still show default/default-brand.yaml as "unknown" (applied after the flows, as recorded). */
    final AtomicInteger brandBlueprintPendingListings = new AtomicInteger();
    /** Requests refused with 403 "Token invalid/expired" before the token works (the worker applies it late). */
    final AtomicInteger tokenRefusals = new AtomicInteger();

    ScriptedAdminApi(String release, String token, int lookupsBeforeReady, List<String> keyNames) throws IOException {
        this.release = release;
        this.version = AuthentikVersion.parse(release);
        this.token = token;
        this.lookupsBeforeReady = new AtomicInteger(lookupsBeforeReady);
        for (String slug : List.of("default-provider-authorization-implicit-consent", "default-provider-invalidation-flow")) {
            flows.put(slug, JSON.createObjectNode().put("pk", UUID.randomUUID().toString()).put("slug", slug));
        }
        for (String scope : List.of("openid", "profile", "email", "offline_access")) {
            String managed = "goauthentik.io/providers/oauth2/scope-" + scope;
            scopeMappings.put(managed, JSON.createObjectNode().put("pk", UUID.randomUUID().toString()).put("managed", managed));
        }
        keyNames.forEach(k -> keyPairs.put(k, JSON.createObjectNode().put("pk", UUID.randomUUID().toString()).put("name", k)));
        AuthentikSchema.validator(release); // parsing schema.yml takes seconds: not inside a request
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v3/", this::handle);
        server.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v3/");
    }

    private synchronized void handle(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getPath().substring("/api/v3/".length());
        requests.add(method + " " + path);
        if (!("Bearer " + token).equals(ex.getRequestHeaders().getFirst("Authorization")) || tokenRefusals.getAndDecrement() > 0) {
            reply(ex, 403, "{\"detail\":\"Token invalid/expired\"}");
            return;
        }
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (!method.equals("GET")) {
            ValidationReport report = AuthentikSchema.validate(release, method, path, body);
            if (report.hasErrors()) {
                reply(ex, 400, JSON.createObjectNode().put("schema", AuthentikSchema.describe(report)).toString());
                return;
            }
        }
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
        JsonNode in = body.isEmpty() ? null : JSON.readTree(body);
        if (method.equals("GET")) {
            boolean ready = lookupsBeforeReady.getAndDecrement() <= 0;
            switch (path) {
                case "flows/instances/" -> list(ex, ready ? flows.values() : List.of(), o -> o.path("slug").asText().equals(q.get("slug")));
                case "managed/blueprints/" -> list(ex, List.of(
                        JSON.createObjectNode().put("path", "system/bootstrap.yaml").put("enabled", true).put("status", "successful"),
                        JSON.createObjectNode().put("path", "default/default-brand.yaml").put("enabled", true)
                                .put("status", brandBlueprintPendingListings.getAndDecrement() > 0 ? "unknown" : "successful"),
                        JSON.createObjectNode().put("path", "example/flows-enrollment-2-stage.yaml").put("enabled", false).put("status", "unknown")),
                        o -> true);
                case "crypto/certificatekeypairs/" -> list(ex, ready ? keyPairs.values() : List.of(), o -> o.path("name").asText().equals(q.get("name")));
                case "core/users/" -> list(ex, users.values(), o -> o.path("username").asText().equals(q.get("username")));
                case "providers/oauth2/" -> list(ex, providers.values(), o -> o.path("client_id").asText().equals(q.get("client_id")));
                // without superuser_full_list authentik answers a per-user cache that ignores the slug filter
                case "core/applications/" -> list(ex, applications.values(), o -> !"true".equals(q.get("superuser_full_list"))
                        || o.path("slug").asText().equals(q.get("slug")));
                default -> {
                    if (path.equals(version.scopeMappingPath())) {
                        list(ex, ready ? scopeMappings.values() : List.of(), o -> o.path("managed").asText().equals(q.get("managed")));
                    } else {
                        reply(ex, 404, "{\"detail\":\"Not found.\"}");
                    }
                }
            }
            return;
        }
        String[] parts = path.split("/");
        if (method.equals("POST") && path.equals("core/users/")) {
            store(ex, users, nextPk.getAndIncrement(), (ObjectNode) in);
        } else if (method.equals("PUT") && parts.length == 3 && path.startsWith("core/users/")) {
            update(ex, users, Integer.parseInt(parts[2]), (ObjectNode) in);
        } else if (method.equals("POST") && path.matches("core/users/\\d+/set_password/")) {
            if (!users.containsKey(Integer.parseInt(parts[2]))) {
                reply(ex, 404, "{\"detail\":\"Not found.\"}");
            } else {
                ex.sendResponseHeaders(204, -1);
                ex.close();
            }
        } else if (method.equals("POST") && path.equals("crypto/certificatekeypairs/generate/")) {
            String name = in.path("common_name").asText();
            ObjectNode kp = JSON.createObjectNode().put("pk", UUID.randomUUID().toString()).put("name", name);
            keyPairs.put(name, kp);
            reply(ex, 200, kp.toString());
        } else if (method.equals("POST") && path.equals("providers/oauth2/")) {
            if (providers.values().stream().anyMatch(p -> p.path("client_id").equals(in.path("client_id")))) {
                reply(ex, 400, "{\"client_id\":[\"provider with this Client ID already exists.\"]}");
            } else {
                store(ex, providers, nextPk.getAndIncrement(), (ObjectNode) in);
            }
        } else if (method.equals("PUT") && path.matches("providers/oauth2/\\d+/")) {
            update(ex, providers, Integer.parseInt(parts[2]), (ObjectNode) in);
        } else if (method.equals("POST") && path.equals("core/applications/")) {
            if (applications.containsKey(in.path("slug").asText())) {
                reply(ex, 400, "{\"slug\":[\"application with this slug already exists.\"]}");
            } else {
                ObjectNode app = ((ObjectNode) in).deepCopy().put("pk", UUID.randomUUID().toString());
                applications.put(in.path("slug").asText(), app);
                reply(ex, 201, app.toString());
            }
        } else if (method.equals("PUT") && parts.length == 3 && path.startsWith("core/applications/") && applications.containsKey(parts[2])) {
            ObjectNode app = ((ObjectNode) in).deepCopy().put("pk", applications.get(parts[2]).path("pk").asText());
            applications.remove(parts[2]);
            applications.put(in.path("slug").asText(), app);
            reply(ex, 200, app.toString());
        } else {
            reply(ex, 404, "{\"detail\":\"Not found.\"}");
        }
    }

    private static void store(HttpExchange ex, Map<Integer, ObjectNode> into, int pk, ObjectNode in) throws IOException {
        ObjectNode o = in.deepCopy().put("pk", pk);
        into.put(pk, o);
        reply(ex, 201, o.toString());
    }

    private static void update(HttpExchange ex, Map<Integer, ObjectNode> into, int pk, ObjectNode in) throws IOException {
        if (!into.containsKey(pk)) {
            reply(ex, 404, "{\"detail\":\"Not found.\"}");
            return;
        }
        ObjectNode o = in.deepCopy().put("pk", pk);
        into.put(pk, o);
        reply(ex, 200, o.toString());
    }

    private static void list(HttpExchange ex, java.util.Collection<ObjectNode> all, Predicate<JsonNode> filter) throws IOException {
        ObjectNode page = JSON.createObjectNode();
        ArrayNode results = page.putArray("results");
        all.stream().filter(filter).forEach(results::add);
        page.putObject("pagination").put("count", results.size());
        reply(ex, 200, page.toString());
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new java.util.HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                out.put(java.net.URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return out;
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        Replies.send(ex, status, "application/json", body);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
