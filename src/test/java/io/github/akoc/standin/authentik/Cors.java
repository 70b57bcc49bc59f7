package io.github.akoc.standin.authentik;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.util.Objects;

/**
 * authentik's CORS rule for the token and userinfo endpoints (authentik/providers/oauth2/utils.py cors_allow):
 * a preflight (OPTIONS) allows the calling origin; otherwise the origin is allowed only when its scheme,
 * host and port equal those of one of the provider's redirect URIs. Browsers refuse the answer otherwise,
 * so a single-page app whose origin is not among the redirect URIs cannot fetch tokens.
 */
final class Cors {
    private Cors() {
    }

    /** redirectUris null: a preflight, allowed without checking. */
    static void allow(Call call, JsonNode redirectUris) {
        String origin = call.header("Origin");
        if (origin == null) {
            return;
        }
        boolean allowed = redirectUris == null
                || RedirectUris.rules(redirectUris).stream().anyMatch(r -> sameOrigin(origin, r.url()));
        if (!allowed) {
            return;
        }
        call.setHeader("Access-Control-Allow-Origin", origin);
        call.setHeader("Vary", "Origin");
        call.setHeader("Access-Control-Allow-Credentials", "true");
        if (call.method.equals("OPTIONS")) {
            String requested = call.header("Access-Control-Request-Headers");
            if (requested != null) {
                call.setHeader("Access-Control-Allow-Headers", requested);
            }
            call.setHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
        }
    }

    private static boolean sameOrigin(String origin, String url) {
        try {
            URI a = URI.create(origin);
            URI b = URI.create(url);
            return Objects.equals(a.getScheme(), b.getScheme()) && Objects.equals(a.getHost(), b.getHost())
                    && a.getPort() == b.getPort();
        } catch (IllegalArgumentException e) {
            return false; // a regex redirect URI is no URL: it allows no origin, as urlparse yields no match
        }
    }
}
