package io.github.akoc.expectation;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * What one real client (web UI, desktop, Android, iOS) does, as data read from its source
 * (fixtures/clients/PLATFORM.yml): how it asks OpenCloud's WebFinger and what it requires of the answer,
 * where it takes its client id and scopes from, the authorization and token requests it really sends, and
 * whether it needs a refresh token. Every value has its source in {@code sources} (value name →
 * repository@commit:path:line). The token flows act as these clients.
 */
public record ClientProfile(String platform, String client, Webfinger webfinger, Origin clientId, Origin scopes,
                            Authorization authorization, Token token, Refresh refresh, Map<String, String> sources) {

    public static final List<String> PLATFORMS = List.of("web", "desktop", "android", "ios");

    /**
     * The WebFinger request exactly as the app sends it.
     *
     * @param query               its query, parameters in the app's order; {@code {server}} = the server URL
     *                            without a trailing slash (the app's own slash, if any, is written after it)
     * @param encoded             the app percent-encodes the values (URLSearchParams, android.net.Uri); false =
     *                            sent raw (Qt's QUrlQuery, NSURLComponents keep ':' and '/')
     * @param requiresSubject     the app refuses an answer whose subject is not the resource it asked for
     * @param requiresContentType a text the Content-Type must contain, or null when the app does not look
     */
    public record Webfinger(String query, boolean encoded, boolean requiresSubject, String requiresContentType) {
    }

    /**
     * Where a value comes from: {@code webfinger} (the platform's WebFinger property; the built-in one when the
     * property is missing, where the app has one) or {@code builtin} (the app ignores WebFinger for it).
     */
    public record Origin(String from, List<String> builtin) {
        public Origin {
            builtin = builtin == null ? List.of() : List.copyOf(builtin);
        }

        public boolean fromWebfinger() {
            return "webfinger".equals(from);
        }
    }

    /**
     * @param redirectUris   the redirect URIs the app sends: {@code {opencloud}} = the server URL,
     *                       {@code {port}} = a port the app picks at random for each login
     * @param rawRedirectUri the app puts {@code redirect_uri} into the authorization URL unencoded
     * @param prompt         the {@code prompt} parameter as sent, or null when the app sends none
     * @param responseMode   the {@code response_mode} parameter, or null
     */
    public record Authorization(List<String> redirectUris, boolean rawRedirectUri, String prompt, String responseMode) {
        public Authorization {
            redirectUris = List.copyOf(redirectUris);
        }
    }

    /**
     * @param auth                 client authentication at the token endpoint: {@code none} (client_id in the
     *                             body), {@code post-empty-secret} (client_id and an empty client_secret in the
     *                             body), {@code basic-empty-secret} (HTTP Basic "client_id:")
     * @param scope                the scope parameter of the token request: null, {@code requested} (the
     *                             scopes of the authorization request) or {@code builtin}
     * @param requiresRefreshToken the app fails the login when the token response has no refresh_token
     */
    public record Token(String auth, String scope, boolean requiresRefreshToken) {
    }

    /** @param needed the app keeps its session by refreshing: without a refresh token it logs the user out */
    public record Refresh(boolean needed, String when) {
    }

    public ClientProfile {
        sources = Map.copyOf(sources);
    }

    /** The WebFinger query with the server URL filled in, encoded as the app encodes it. */
    public String webfingerQuery(String server) {
        String query = webfinger.query().replace("{server}", server);
        if (!webfinger.encoded()) {
            return query;
        }
        StringBuilder out = new StringBuilder();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            out.append(out.length() == 0 ? "" : "&").append(pair, 0, eq + 1)
                    .append(URLEncoder.encode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    /** The value of one WebFinger query parameter as the app means it (before encoding), or null. */
    public String webfingerParameter(String name, String server) {
        for (String pair : webfinger.query().replace("{server}", server).split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return null;
    }

    /** The redirect URIs with the server URL filled in; {@code {port}} stays for the login to choose. */
    public List<String> redirectUris(String opencloudUrl) {
        return authorization.redirectUris().stream().map(u -> u.replace("{opencloud}", opencloudUrl)).toList();
    }

    /** True for a loopback redirect on a port the app opens per login (the desktop app). */
    public boolean loopback() {
        return authorization.redirectUris().stream().anyMatch(u -> u.contains("{port}"));
    }
}
