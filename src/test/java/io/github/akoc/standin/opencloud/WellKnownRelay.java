package io.github.akoc.standin.opencloud;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * /.well-known/openid-configuration at OpenCloud's own URL (OpenCloud 7.3.0, seemslegit42/grid @85e63ca2). With
 * PROXY_OIDC_REWRITE_WELLKNOWN=true the proxy fetches the issuer's discovery server-side and relays its status,
 * headers and body; a failed fetch is a 500 with an empty body (services/proxy/pkg/staticroutes/oidc_well-known.go:19-34).
 * Without it the route is not registered and the path goes to the built-in IdP's route (defaultconfig.go:116-135),
 * which opencloud-compose does not run (OC_EXCLUDE_RUN_SERVICES=idm,idp): the proxy then answers 502 (router.go:150-156,
 * proxy.go:49-56; inferred, not observed).
 */
final class WellKnownRelay {
    private final boolean enabled;
    private final IssuerDiscovery discovery;

    WellKnownRelay(boolean enabled, IssuerDiscovery discovery) {
        this.enabled = enabled;
        this.discovery = discovery;
    }

    /** What the relay does not copy: framing of the answer itself, and the type it sets once. */
    private static final java.util.Set<String> RELAY_SKIPS = java.util.Set.of("content-type", "content-length", "transfer-encoding",
            "connection", "date", ":status", "content-encoding");

    void handle(HttpExchange ex) throws IOException {
        if (!enabled) {
            Exchanges.send(ex, 502, null, new byte[0]);
            return;
        }
        HttpResponse<String> r;
        try {
            r = discovery.fetchRaw();
        } catch (IOException e) {
            Exchanges.send(ex, 500, null, new byte[0]);
            return;
        }
        String type = r.headers().firstValue("Content-Type").orElse(null);
        // the issuer's headers are added to the proxy's own (recorded: X-Frame-Options "SAMEORIGIN, DENY", authentik's Vary)
        r.headers().map().forEach((name, values) -> {
            if (!RELAY_SKIPS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(v -> ex.getResponseHeaders().add(name, v));
            }
        });
        Exchanges.send(ex, r.statusCode(), type, r.body().getBytes(StandardCharsets.UTF_8));
    }
}
