package io.github.akoc.world;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Records what the deployment answered to the suite (-De2e.record=DIR): one JSON line per exchange into
 * DIR/LABEL.jsonl, LABEL being the run ({@link #label}). Nothing secret is kept: credentials, codes, states,
 * verifiers and cookie values are replaced by "(redacted)", and tokens by their decoded header and claims, so
 * the signature that would make them usable is gone. These lines are what fixtures/recorded/ keeps of a run
 * against the real systems, and what the stand-ins' recordings contract test replays.
 */
public final class Recorder {
    public static final String PROPERTY = "e2e.record";
    static final String REDACTED = "(redacted)";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> SECRET_PARAMS = Set.of("code", "state", "code_challenge", "code_verifier", "refresh_token",
            "password", "client_secret", "nonce", "session_state", "token", "id_token_hint", "secret");
    private static final Set<String> TOKEN_FIELDS = Set.of("access_token", "id_token", "refresh_token");
    private static final Set<String> SECRET_FIELDS = Set.of("password", "client_secret", "key", "token", "secret", "private_key",
            "key_data", "certificate_data");
    /** The answer's headers a client or browser acts on: redirects, cookies, CORS, framing and the security headers. */
    private static final Set<String> KEPT_RESPONSE_HEADERS = Set.of("content-type", "location", "set-cookie", "www-authenticate",
            "access-control-allow-origin", "access-control-allow-credentials", "access-control-allow-methods",
            "access-control-allow-headers", "access-control-expose-headers", "vary", "cache-control", "content-security-policy",
            "x-frame-options", "x-content-type-options", "referrer-policy", "strict-transport-security", "permissions-policy",
            "x-robots-tag", "x-permitted-cross-domain-policies", "x-download-options", "x-xss-protection");
    private static final Pattern COMPACT_JWS = Pattern.compile("eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    /** A secret parameter nested in an encoded URL (next=..., cancel_url): name, then '=' encoded zero to three times. */
    private static final Pattern NESTED_SECRET = Pattern.compile(
            "(?:(?<![A-Za-z_])|(?<=%[0-9A-Fa-f]{2}))(state|code|code_challenge|code_verifier|nonce|refresh_token|password|client_secret)(=|%3D|%253D|%25253D)[A-Za-z0-9._~+/-]+");
    private static volatile String label = "run";
    /** Labels written in this JVM: a label's first line replaces what an earlier run left, so runs never mix. */
    private static final Set<String> STARTED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final Path dir;

    private Recorder(Path dir) {
        this.dir = dir;
    }

    /** The recorder of this JVM when -De2e.record names a folder, else null. */
    public static Recorder fromSystemProperty() {
        String d = System.getProperty(PROPERTY);
        return d == null || d.isBlank() ? null : new Recorder(Path.of(d));
    }

    /** Which run the following exchanges belong to (e.g. containers-web-only, containers-mutation-no-signing-key). */
    public static void label(String runName) {
        label = runName.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private final java.util.concurrent.atomic.AtomicInteger sessions = new java.util.concurrent.atomic.AtomicInteger();

    /** A number for one HTTP client's exchanges: one browser session each, which may run beside the others. */
    int nextSession() {
        return sessions.incrementAndGet();
    }

    synchronized void record(int session, String method, URI uri, HttpHeaders requestHeaders, String requestBody, int status,
                             HttpHeaders responseHeaders, String responseBody) {
        ObjectNode line = JSON.createObjectNode();
        line.put("session", session);
        line.put("method", method);
        line.put("url", redactUrl(uri.toString()));
        ObjectNode rq = line.putObject("requestHeaders");
        requestHeaders.map().forEach((k, v) -> {
            String name = k.toLowerCase(Locale.ROOT);
            if (name.equals("authorization")) {
                rq.put(name, v.get(0).split(" ")[0] + " " + REDACTED);
            } else if (name.equals("cookie")) {
                rq.put(name, cookieNames(v.get(0)));
            } else if (!name.equals("user-agent")) {
                rq.put(name, String.join(", ", v));
            }
        });
        if (requestBody != null && !requestBody.isEmpty()) {
            line.set("requestBody", redactBody(requestBody, requestHeaders.firstValue("content-type").orElse("")));
        }
        line.put("status", status);
        ObjectNode rs = line.putObject("responseHeaders");
        responseHeaders.map().forEach((k, v) -> {
            String name = k.toLowerCase(Locale.ROOT);
            if (KEPT_RESPONSE_HEADERS.contains(name)) {
                rs.put(name, name.equals("set-cookie") ? String.join(", ", v.stream().map(Recorder::setCookieShape).toList())
                        : name.equals("location") ? redactUrl(v.get(0)) : String.join(", ", v));
            }
        });
        if (responseBody != null && !responseBody.isEmpty()) {
            line.set("responseBody", redactBody(responseBody, responseHeaders.firstValue("content-type").orElse("")));
        }
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(label + ".jsonl");
            boolean fresh = STARTED.add(file.toAbsolutePath().toString());
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    fresh ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record into " + dir, e);
        }
    }

    static String redactUrl(String url) {
        int q = url.indexOf('?');
        return nested(q < 0 ? url : url.substring(0, q + 1) + redactForm(url.substring(q + 1)));
    }

    /** Secret parameters inside encoded URLs that the structured pass does not open. */
    static String nested(String text) {
        return NESTED_SECRET.matcher(text).replaceAll("$1$2" + java.util.regex.Matcher.quoteReplacement(REDACTED));
    }

    static String redactForm(String form) {
        StringBuilder out = new StringBuilder();
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            out.append(out.length() == 0 ? "" : "&").append(name);
            if (eq >= 0) {
                String value = pair.substring(eq + 1);
                out.append('=').append(SECRET_PARAMS.contains(name) ? REDACTED : name.equals("query") ? redactForm(
                        java.net.URLDecoder.decode(value, StandardCharsets.UTF_8)) : value);
            }
        }
        return out.toString();
    }

    static JsonNode redactBody(String body, String contentType) {
        String type = contentType.toLowerCase(Locale.ROOT);
        if (type.contains("json")) {
            try {
                return redactJson(JSON.readTree(body));
            } catch (IOException e) {
                // not JSON after all: kept as text below
            }
        }
        if (type.contains("x-www-form-urlencoded")) {
            return JSON.getNodeFactory().textNode(redactForm(body));
        }
        if (type.contains("html") && body.length() > 4000) {
            return JSON.getNodeFactory().textNode(nested(body.substring(0, 4000)) + "…(" + body.length() + " chars)");
        }
        return JSON.getNodeFactory().textNode(nested(COMPACT_JWS.matcher(body).replaceAll(REDACTED)));
    }

    static JsonNode redactJson(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = JSON.createObjectNode();
            node.fields().forEachRemaining(f -> {
                String name = f.getKey();
                JsonNode v = f.getValue();
                if (TOKEN_FIELDS.contains(name) && v.isTextual()) {
                    out.set(name, decodeToken(v.asText()));
                } else if (SECRET_FIELDS.contains(name) && v.isTextual() && !v.asText().isEmpty()) {
                    out.put(name, REDACTED);
                } else {
                    out.set(name, redactJson(v));
                }
            });
            return out;
        }
        if (node.isArray()) {
            var out = JSON.createArrayNode();
            node.forEach(n -> out.add(redactJson(n)));
            return out;
        }
        if (node.isTextual()) {
            return JSON.getNodeFactory().textNode(nested(COMPACT_JWS.matcher(node.asText()).replaceAll(REDACTED)));
        }
        return node;
    }

    /** A token as its header and claims (no signature), or "(redacted)" for an opaque one. */
    static JsonNode decodeToken(String token) {
        try {
            JWSObject jws = JWSObject.parse(token);
            ObjectNode out = JSON.createObjectNode();
            out.set("header", JSON.readTree(jws.getHeader().toString()));
            out.set("claims", JSON.readTree(jws.getPayload().toString()));
            out.put("signature", REDACTED);
            return out;
        } catch (java.text.ParseException | IOException e) {
            return JSON.getNodeFactory().textNode(REDACTED + " (" + (token.split("\\.", -1).length == 5 ? "JWE" : "opaque")
                    + ", " + token.length() + " chars)");
        }
    }

    static String cookieNames(String cookieHeader) {
        return String.join("; ", java.util.Arrays.stream(cookieHeader.split(";")).map(String::strip)
                .map(c -> c.split("=", 2)[0] + "=" + REDACTED).toList());
    }

    static String setCookieShape(String setCookie) {
        List<String> parts = List.of(setCookie.split(";"));
        return parts.get(0).split("=", 2)[0] + "=" + REDACTED + (parts.size() > 1 ? ";" + String.join(";", parts.subList(1, parts.size())) : "");
    }

    /** For tests: the headers of a recorded request as a map. */
    static Map<String, String> headers(HttpHeaders h) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        h.map().forEach((k, v) -> out.put(k, String.join(", ", v)));
        return out;
    }
}
