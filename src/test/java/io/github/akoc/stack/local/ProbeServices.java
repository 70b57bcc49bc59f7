package io.github.akoc.stack.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Probes, not stand-ins: two plain-HTTP servers that answer every request with what arrived (the
 * service, Host, X-Forwarded-Proto, path) as JSON, so tests see what Caddy forwarded. They listen where
 * the env says (AUTHENTIK_LISTEN__HTTP, PROXY_HTTP_ADDR) and record the env they were given.
 */
class ProbeServices implements LocalServices {
    private static final ObjectMapper JSON = new ObjectMapper();

    final List<Map<String, String>> authentikEnvs = new ArrayList<>();
    final List<Map<String, String>> opencloudEnvs = new ArrayList<>();
    final List<Probe> started = new ArrayList<>();

    @Override
    public synchronized Running startAuthentik(Map<String, String> env) {
        authentikEnvs.add(Map.copyOf(env));
        return start("authentik", env.get("AUTHENTIK_LISTEN__HTTP"));
    }

    @Override
    public synchronized Running startOpenCloud(Map<String, String> env) {
        opencloudEnvs.add(Map.copyOf(env));
        return start("opencloud", env.get("PROXY_HTTP_ADDR"));
    }

    private Probe start(String service, String listen) {
        if (listen == null || !listen.startsWith("127.0.0.1:")) {
            throw new IllegalArgumentException(service + " probe: expected a 127.0.0.1:PORT listen address, got " + listen);
        }
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1",
                    Integer.parseInt(listen.substring("127.0.0.1:".length()))), 0);
            server.createContext("/", exchange -> {
                Map<String, String> seen = new LinkedHashMap<>();
                seen.put("service", service);
                seen.put("host", exchange.getRequestHeaders().getFirst("Host"));
                seen.put("forwardedProto", exchange.getRequestHeaders().getFirst("X-Forwarded-Proto"));
                seen.put("path", exchange.getRequestURI().getRawPath());
                byte[] body = JSON.writeValueAsString(seen).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            Probe probe = new Probe(service, server);
            started.add(probe);
            return probe;
        } catch (IOException e) {
            throw new UncheckedIOException(service + " probe cannot listen on " + listen, e);
        }
    }

    static final class Probe implements Running {
        final String service;
        private final HttpServer server;
        final AtomicBoolean stopped = new AtomicBoolean();

        Probe(String service, HttpServer server) {
            this.service = service;
            this.server = server;
        }

        @Override
        public int port() {
            return server.getAddress().getPort();
        }

        @Override
        public String version() {
            return service + " probe";
        }

        @Override
        public void close() {
            if (stopped.compareAndSet(false, true)) {
                server.stop(0);
            }
        }
    }
}
