package io.github.akoc.standin.opencloud;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reading requests and writing responses of the JDK server. */
final class Exchanges {
    static final ObjectMapper JSON = new ObjectMapper();

    private Exchanges() {
    }

    static void json(HttpExchange ex, int status, Object body) throws IOException {
        send(ex, status, "application/json", JSON.writeValueAsBytes(body));
    }

    static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            ex.getResponseHeaders().set("Content-Type", contentType);
        }
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
        ex.close();
    }

    static void error(HttpExchange ex, int status, String message) throws IOException {
        send(ex, status, "text/plain; charset=utf-8", (message + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Query parameters in order, repeated names kept (WebFinger's rel). */
    static Map<String, List<String>> query(HttpExchange ex) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /**
     * The bearer token, if the request carries an Authorization: Bearer header; the scheme matched as the proxy does,
     * case-sensitively (services/proxy/pkg/middleware/oidc_auth.go:187-194 @85e63ca2; standin-audit D12).
     */
    static Optional<String> bearer(HttpExchange ex) {
        String h = ex.getRequestHeaders().getFirst("Authorization");
        if (h == null) {
            return Optional.empty();
        }
        if (h.startsWith("Bearer ")) {
            return Optional.of(h.substring(7).trim());
        }
        return Optional.of(""); // another scheme: OpenCloud's OIDC authenticator refuses it like a bad token
    }

    static boolean isGetOrHead(HttpExchange ex) {
        return ex.getRequestMethod().equals("GET") || ex.getRequestMethod().equals("HEAD");
    }
}
