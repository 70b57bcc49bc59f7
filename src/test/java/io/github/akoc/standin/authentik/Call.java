package io.github.akoc.standin.authentik;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

/** One HTTP request and its answer; remembers the status so the request log can print it. */
final class Call {
    static final ObjectMapper JSON = new ObjectMapper();

    final HttpExchange exchange;
    final String method;
    final String path;
    final Map<String, List<String>> query;
    private String body;
    int status;

    /** The caller and the address it called (authentik's listener, not the relay behind it: {@link GoHttpListener}). */
    final java.net.InetSocketAddress peer;
    final java.net.InetSocketAddress local;

    Call(HttpExchange exchange, java.net.InetSocketAddress peer, java.net.InetSocketAddress local) {
        this.exchange = exchange;
        this.peer = peer;
        this.local = local;
        this.method = exchange.getRequestMethod();
        this.path = exchange.getRequestURI().getRawPath();
        this.query = parseForm(exchange.getRequestURI().getRawQuery());
    }

    String rawQuery() {
        String q = exchange.getRequestURI().getRawQuery();
        return q == null ? "" : q;
    }

    String param(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    String body() {
        if (body == null) {
            try {
                body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return body;
    }

    Map<String, List<String>> form() {
        return parseForm(body());
    }

    Optional<String> cookie(String name) {
        List<String> headers = exchange.getRequestHeaders().getOrDefault("Cookie", List.of());
        for (String h : headers) {
            for (String part : h.split(";")) {
                String[] kv = part.trim().split("=", 2);
                if (kv.length == 2 && kv[0].equals(name)) {
                    return Optional.of(kv[1]);
                }
            }
        }
        return Optional.empty();
    }

    /** One Set-Cookie per cookie name in an answer, as Django's response.cookies keeps it: a later one replaces an earlier. */
    void setCookie(String name, String valueAndAttributes) {
        List<String> kept = new ArrayList<>(exchange.getResponseHeaders().getOrDefault("Set-Cookie", List.of()));
        kept.removeIf(c -> c.startsWith(name + "="));
        kept.add(name + "=" + valueAndAttributes);
        exchange.getResponseHeaders().put("Set-Cookie", kept);
    }

    void setHeader(String name, String value) {
        exchange.getResponseHeaders().set(name, value);
    }

    void json(int status, Object value) {
        try {
            send(status, "application/json", JSON.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void html(int status, String html) {
        send(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }

    void redirect(String location) {
        setHeader("Location", location);
        send(302, "text/html; charset=utf-8", new byte[0]); // Django's HttpResponseRedirect (recorded)
    }

    void empty(int status) {
        send(status, null, null);
    }

    void send(int status, String contentType, byte[] bytes) {
        this.status = status;
        try {
            if (contentType != null) {
                setHeader("Content-Type", contentType);
            }
            boolean noBody = bytes == null || bytes.length == 0;
            exchange.sendResponseHeaders(status, noBody ? -1 : bytes.length);
            if (!noBody) {
                exchange.getResponseBody().write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            exchange.close();
        }
    }

    JsonNode jsonBody() {
        try {
            return JSON.readTree(body());
        } catch (IOException e) {
            return null;
        }
    }

    static Map<String, List<String>> parseForm(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            String[] kv = pair.split("=", 2);
            out.computeIfAbsent(decode(kv[0]), k -> new ArrayList<>()).add(kv.length == 2 ? decode(kv[1]) : "");
        }
        return out;
    }

    static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
