package io.github.akoc.standin.authentik;

import java.net.InetAddress;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Builds absolute URLs the way authentik's build_absolute_uri does: scheme from X-Forwarded-Proto only when the
 * peer is a trusted proxy (else the request's own, plain http), host from the Host header (port included).
 */
final class Issuers {
    private final StandInConfig config;

    Issuers(StandInConfig config) {
        this.config = config;
    }

    String base(Call call) {
        String scheme = "http";
        String forwarded = call.header("X-Forwarded-Proto");
        if (forwarded != null && trusted(call.peer.getAddress())) {
            String first = forwarded.split(",")[0].trim().toLowerCase(Locale.ROOT);
            if (first.equals("https") || first.equals("http")) {
                scheme = first;
            }
        }
        String host = call.header("Host");
        if (host == null || host.isBlank()) {
            host = call.local.getHostString() + ":" + call.local.getPort();
        }
        return scheme + "://" + host;
    }

    boolean trusted(InetAddress peer) {
        return config.trustedProxies().stream().anyMatch(c -> c.contains(peer));
    }

    /** global: <scheme>://<host>/; per_provider: <scheme>://<host>/application/o/<slug>/. */
    String issuer(Call call, JsonNode provider, String slug) {
        if ("global".equals(provider.path("issuer_mode").asText())) {
            return base(call) + "/";
        }
        return base(call) + "/application/o/" + slug + "/";
    }
}
