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
