package io.github.akoc.login;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the desktop client does (RFC 8252 loopback redirect): listens on 127.0.0.1 at a free port and takes
 * the first authorization response that arrives. A response whose state is not the one sent is refused
 * (400) and reported, as a forged redirect would be.
 */
public final class LoopbackRedirectListener implements AutoCloseable {
    /** The authorization response as received: its parameters, or why it was refused. */
    public record Received(URI uri, Map<String, String> params, String error) {
        public String code() {
            return params.get("code");
        }
    }

    private final HttpServer server;
    private final String expectedState;
    private final CompletableFuture<Received> received = new CompletableFuture<>();

    public LoopbackRedirectListener(String expectedState) {
        this.expectedState = expectedState;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on 127.0.0.1 for the loopback redirect: " + e, e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    /** The redirect URI the listener answers on: http://127.0.0.1:PORT/ */
    public String redirectUri() {
        return redirectUri("http://127.0.0.1:{port}/");
    }

    /** A client's loopback redirect URI template ({port} = the listener's port) filled in. */
    public String redirectUri(String template) {
        return template.replace("{port}", String.valueOf(server.getAddress().getPort()));
    }

    private void handle(HttpExchange ex) throws IOException {
        URI uri = URI.create(redirectUri()).resolve(ex.getRequestURI());
        Map<String, String> params = query(ex.getRequestURI().getRawQuery());
        String error = null;
        int status = 200;
        String page = "Signed in; you may close this window.";
        if (params.containsKey("error")) {
            error = "authorization error " + params.get("error")
                    + (params.containsKey("error_description") ? ": " + params.get("error_description") : "");
            status = 400;
            page = error;
        } else if (!expectedState.equals(params.get("state"))) {
            error = "state mismatch on the loopback redirect: expected the state sent, got " + params.get("state");
            status = 400;
            page = "state mismatch";
        } else if (params.get("code") == null) {
            error = "loopback redirect without code: " + uri;
            status = 400;
            page = "no code";
        }
        byte[] body = page.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
        received.complete(new Received(uri, params, error));
    }

    /** The first response that arrived, waiting at most {@code timeout}. */
    public Received await(Duration timeout) {
        try {
            return received.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return new Received(null, Map.of(), "no authorization response reached " + redirectUri() + " within " + timeout);
        } catch (ExecutionException e) {
            return new Received(null, Map.of(), "loopback listener failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Received(null, Map.of(), "interrupted waiting for the loopback redirect");
        }
    }

    static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
