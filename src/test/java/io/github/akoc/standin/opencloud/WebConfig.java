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
        // the web service's defaults as 7.3.0 served them (fixtures/recorded): theme, apps and options
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("server", env.ocUrl().toString());
        config.put("theme", env.ocUrl().resolve("/themes/opencloud/theme.json").toString());
        config.put("openIdConnect", oidc);
        config.put("apps", List.of("files", "search", "text-editor", "pdf-viewer", "external", "admin-settings", "epub-reader",
                "preview", "app-store"));
        config.put("options", Map.of("contextHelpersReadMore", true, "tokenStorageLocal", true, "embed", Map.of(),
                "concurrentRequests", Map.of("shares", Map.of()), "oxAppSuite", Map.of()));
        Exchanges.json(ex, 200, config);
    }

    private static String trimRightSlashes(String s) {
        return s.replaceAll("/+$", "");
    }
}
