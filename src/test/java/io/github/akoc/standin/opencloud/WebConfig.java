package io.github.akoc.standin.opencloud;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GET /config.json of OpenCloud's web service: server = OC_URL, authority = OC_OIDC_ISSUER, client id from
 * OC_OIDC_CLIENT_ID;WEB_OIDC_CLIENT_ID, metadata_url derived from the authority as OpenCloud does.
 */
final class WebConfig {
    private final OpenCloudEnv env;

    WebConfig(OpenCloudEnv env) {
        this.env = env;
    }

    void handle(HttpExchange ex) throws IOException {
        Map<String, Object> oidc = new LinkedHashMap<>();
        String authority = env.issuer();
        oidc.put("metadata_url", trimRightSlashes(authority) + "/.well-known/openid-configuration");
        oidc.put("authority", authority);
        // Go's omitempty: an empty client id disappears from config.json.
        if (!env.webClientId().isEmpty()) {
            oidc.put("client_id", env.webClientId());
        }
        oidc.put("response_type", "code");
        oidc.put("scope", String.join(" ", env.webScopes()));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("server", env.ocUrl().toString());
        config.put("openIdConnect", oidc);
        config.put("apps", List.of("files"));
        Exchanges.json(ex, 200, config);
    }

    private static String trimRightSlashes(String s) {
        return s.replaceAll("/+$", "");
    }
}
