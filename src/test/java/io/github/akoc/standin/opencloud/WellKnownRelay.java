package io.github.akoc.standin.opencloud;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * /.well-known/openid-configuration at OpenCloud's own URL: relayed from the issuer's discovery when
 * PROXY_OIDC_REWRITE_WELLKNOWN=true (Desktop 3.0.x reads it there), else not served.
 */
final class WellKnownRelay {
    private final boolean enabled;
    private final IssuerDiscovery discovery;

    WellKnownRelay(boolean enabled, IssuerDiscovery discovery) {
        this.enabled = enabled;
        this.discovery = discovery;
    }

    void handle(HttpExchange ex) throws IOException {
        if (!enabled) {
            throw new HttpStatusException(404, "PROXY_OIDC_REWRITE_WELLKNOWN is not true");
        }
        HttpResponse<String> r;
        try {
            r = discovery.fetchRaw();
        } catch (IOException e) {
            throw new HttpStatusException(502, "cannot reach the issuer's discovery: " + e, e);
        }
        String type = r.headers().firstValue("Content-Type").orElse("application/json");
        Exchanges.send(ex, r.statusCode(), type, r.body().getBytes(StandardCharsets.UTF_8));
    }
}
