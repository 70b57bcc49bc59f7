package io.github.akoc.standin.authentik;

import java.net.InetAddress;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Builds absolute URLs the way authentik's build_absolute_uri does: the scheme from X-Forwarded-Proto (else the
 * request's own, plain http), the host from X-Forwarded-Host when a trusted proxy sends it, else from Host (port
 * included). Which peer is believed for X-Forwarded-Proto depends on the release (standin-audit D2): up to 2026.8.0-rc1
 * any peer (the Go server passes the header on and Django believes it: internal/web/proxy.go, root/settings.py:28
 * @6c04503c; run here against the real 2026.8.0-rc1); from 2026.8.0, the Rust server, only
 * AUTHENTIK_LISTEN__TRUSTED_PROXY_CIDRS (release notes of 2026.8; field-failures #4).
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
        if (forwarded != null && (trusted || !config.rustFrontServer())) {
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
