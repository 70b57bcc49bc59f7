package io.github.akoc.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Recorded exchanges (world.Recorder's lines) grouped by what they ask: the same question to the real system and
 * to a stand-in must get the same kind of answer. A question is the method, the host, the path with ids and
 * slugs' variable parts kept as they are (the fixtures' slugs are the same in both runs), and what selects the
 * answer beyond the path: WebFinger's platform and rel, the token endpoint's grant type, the executor's flow.
 */
final class Recordings {
    static final ObjectMapper JSON = new ObjectMapper();

    record Exchange(String question, int status, String contentType, JsonNode body, JsonNode line) {
    }

    private Recordings() {
    }

    static List<Exchange> read(Path jsonl) {
        List<Exchange> out = new ArrayList<>();
        try (Stream<String> lines = Files.lines(jsonl)) {
            for (String l : (Iterable<String>) lines::iterator) {
                if (l.isBlank()) {
                    continue;
                }
                JsonNode j = JSON.readTree(l);
                String type = j.path("responseHeaders").path("content-type").asText("").split(";")[0].strip();
                out.add(new Exchange(question(j), j.path("status").asInt(), type, j.path("responseBody"), j));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the recording " + jsonl, e);
        }
        return out;
    }

    /** The question an exchange asks, e.g. "GET opencloud.company /.well-known/webfinger platform=ios rel=-". */
    static String question(JsonNode line) {
        URI u = URI.create(line.path("url").asText().replace(" ", "%20"));
        String path = u.getRawPath().replaceAll("/[0-9]+/", "/{pk}/").replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "{uuid}");
        StringBuilder q = new StringBuilder(line.path("method").asText()).append(' ').append(u.getHost()).append(' ').append(path);
        Map<String, String> params = params(u.getRawQuery());
        if (path.equals("/.well-known/webfinger")) {
            q.append(" platform=").append(params.getOrDefault("platform", "-")).append(" rel=").append(params.containsKey("rel") ? "issuer" : "-");
        }
        if (path.equals("/application/o/token/")) {
            q.append(" grant_type=").append(params(line.path("requestBody").asText("")).getOrDefault("grant_type", "?"));
        }
        if (path.equals("/graph/v1.0/me")) {
            q.append(params.containsKey("$expand") ? " expand" : "");
        }
        return q.toString();
    }

    static Map<String, String> params(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            out.putIfAbsent(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
        }
        return out;
    }

    /** A question with what else shapes its answer: the query's parameter names and whether an Origin was sent. */
    static String request(Exchange e) {
        URI u = URI.create(e.line().path("url").asText().replace(" ", "%20"));
        TreeSet<String> names = new TreeSet<>(params(u.getRawQuery()).keySet());
        JsonNode h = e.line().path("requestHeaders");
        return e.question() + " " + names + (h.has("origin") ? " origin=" + h.path("origin").asText() : "");
    }

    /**
     * The values of an answer that a client or browser acts on, by name, for the contract's value comparison: where a
     * redirect goes (scheme, host, path, its parameter names and an OAuth error code), the headers of CORS, framing and
     * authentication and the security headers (those the recording kept: {@code headers}), cookie attributes, an
     * OAuth error, and of discovery and JWKS documents the issuer, endpoints, supported lists and key fields. Values
     * that differ per run (codes, states, ports of loopback URIs, key ids) are left out or reduced to their form.
     */
    static Map<String, String> values(Exchange e, java.util.Collection<String> headers) {
        Map<String, String> out = new java.util.TreeMap<>();
        JsonNode h = e.line().path("responseHeaders");
        for (String name : headers) {
            if (!h.has(name) || name.equals("content-type") || name.equals("cache-control") || name.equals("content-security-policy")) {
                continue; // compared elsewhere, or free in form
            }
            String v = h.path(name).asText();
            out.put("header " + name, switch (name) {
                case "location" -> redirect(v);
                case "vary" -> new TreeSet<>(java.util.Arrays.stream(v.toLowerCase(java.util.Locale.ROOT).split(","))
                        .map(String::strip).filter(x -> !x.isEmpty()).toList()).toString();
                case "www-authenticate" -> v.replaceAll("(?i)realm=\"[^\"]*\"", "realm=…").replaceAll("(?i)error_description=\"[^\"]*\"", "error_description=…");
                case "set-cookie" -> new TreeSet<>(java.util.Arrays.stream(v.split(", (?=[^;=]+=)")).map(Recordings::cookieAttributes).toList()).toString();
                default -> v;
            });
        }
        if (!h.has("location") && headers.contains("location")) {
            out.put("header location", "(none)");
        }
        JsonNode b = e.body();
        if (b.isObject()) {
            if (b.has("error")) {
                out.put("error", b.path("error").asText());
                out.put("error_description", b.has("error_description") ? "(present)" : "(none)");
            }
            b.fields().forEachRemaining(f -> {
                String k = f.getKey();
                if (k.equals("issuer") || k.endsWith("_endpoint") || k.equals("jwks_uri") || k.equals("end_session_endpoint")) {
                    out.put(k, f.getValue().asText());
                } else if (k.endsWith("_supported") && f.getValue().isArray()) {
                    TreeSet<String> list = new TreeSet<>();
                    f.getValue().forEach(x -> list.add(x.asText()));
                    out.put(k, list.toString());
                }
            });
            if (b.path("keys").isArray()) {
                List<String> keys = new ArrayList<>();
                b.path("keys").forEach(k -> keys.add("kty=" + k.path("kty").asText("-") + " alg=" + k.path("alg").asText("-")
                        + " use=" + k.path("use").asText("-") + " kid=" + (k.hasNonNull("kid") ? "present" : "none")
                        + " x5c=" + (k.has("x5c") ? "present" : "none")));
                java.util.Collections.sort(keys);
                out.put("jwks keys", keys.toString());
            }
        }
        return out;
    }

    /** A redirect's form: scheme://host/path, then its query parameter names, an OAuth error kept as its value. */
    static String redirect(String location) {
        URI u;
        try {
            u = URI.create(location.replace(" ", "%20"));
        } catch (IllegalArgumentException ex) {
            return location;
        }
        String host = u.getHost() == null ? "" : u.getScheme() + "://" + u.getHost() + ("127.0.0.1".equals(u.getHost()) || "localhost".equals(u.getHost()) ? ":{port}" : "");
        Map<String, String> q = params(u.getRawQuery());
        List<String> names = new ArrayList<>();
        q.forEach((k, v) -> names.add(k.equals("error") ? "error=" + v : k));
        java.util.Collections.sort(names);
        return host + u.getRawPath() + (names.isEmpty() ? "" : "?" + String.join("&", names));
    }

    /** A Set-Cookie line's name and attribute names, lower case, value and dates left out. */
    private static String cookieAttributes(String setCookie) {
        String[] parts = setCookie.split(";");
        TreeSet<String> attrs = new TreeSet<>();
        for (int i = 1; i < parts.length; i++) {
            String a = parts[i].strip().toLowerCase(java.util.Locale.ROOT);
            attrs.add(a.startsWith("samesite") || a.startsWith("path") ? a : a.split("=")[0]);
        }
        return parts[0].split("=", 2)[0].strip() + attrs;
    }

    /** Every field path of a JSON tree ("a.b", "a[].c"), the shape two answers are compared by. */
    static TreeSet<String> shape(JsonNode node) {
        TreeSet<String> out = new TreeSet<>();
        collect("", node, out);
        return out;
    }

    private static void collect(String path, JsonNode node, TreeSet<String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> {
                String p = path.isEmpty() ? f.getKey() : path + "." + f.getKey();
                out.add(p);
                collect(p, f.getValue(), out);
            });
        } else if (node.isArray()) {
            node.forEach(n -> collect(path + "[]", n, out));
        }
    }
}
