package io.github.akoc.standin.authentik;

import java.net.InetAddress;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Builds absolute URLs the way authentik's build_absolute_uri does: the scheme from X-Forwarded-Proto (else the
 * request's own, plain http), the host from X-Forwarded-Host when a trusted proxy sends it, else from Host (port
 * included). Which peer is believed for X-Forwarded-Proto depends on the release (standin-audit D2): before 2026.8 any
 * peer (the Go server's proxy handling, 2026.2.2); from 2026.8 only AUTHENTIK_LISTEN__TRUSTED_PROXY_CIDRS (release
 * notes of 2026.8, "X-Forwarded-* headers are honoured only from trusted proxies"; field-failures #4).
 */
final class Issuers {
    private final StandInConfig config;

    Issuers(StandInConfig config) {
        this.config = config;
    }

    String base(Call call) {
        String scheme = "http";
        String forwarded = call.header("X-Forwarded-Proto");
        boolean trusted = trusted(call.peer.getAddress());
        if (forwarded != null && (trusted || !config.atLeast(2026, 8))) {
            String first = forwarded.split(",")[0].trim().toLowerCase(Locale.ROOT);
            if (first.equals("https") || first.equals("http")) {
                scheme = first;
            }
        }
        String forwardedHost = call.header("X-Forwarded-Host");
        String host = forwardedHost != null && !forwardedHost.isBlank() && trusted ? forwardedHost.split(",")[0].trim() : call.header("Host");
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
