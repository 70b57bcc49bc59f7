package io.github.akoc.expectation;

import java.util.List;
import java.util.Map;

/**
 * What one real client (web UI, desktop, Android, iOS) does, as data read from its source
 * (fixtures/clients/PLATFORM.yml): how it finds the issuer, where it takes its client id and scopes from,
 * the authorization request it really sends, and when it needs a refresh token. Every value has its source
 * in {@code sources} (value name → repository@commit:path:line). The token flows act as these clients.
 *
 * @param webfingerQuery the WebFinger query exactly as the app sends it; {@code {server}} is the server URL
 *                       the user typed (written as the app writes it)
 * @param webfingerEncoded true when the app percent-encodes the query's values (URLSearchParams), false when
 *                       it sends them raw (the desktop app's {@code rel=http://...})
 * @param redirectUris   the redirect URIs the app sends: {@code {opencloud}} = the server URL,
 *                       {@code {port}} = a port the app picks at random for each login
 * @param rawRedirectUri true when the app puts {@code redirect_uri} into the authorization URL unencoded
 * @param prompt         the {@code prompt} parameter, or null when the app sends none
 * @param needsRefreshToken the app keeps its session by refreshing (a login without a refresh token
 *                       means logging in again when the access token expires)
 */
public record ClientProfile(String platform, String client, String webfingerQuery, boolean webfingerEncoded,
                            String clientIdFrom,
                            String scopesFrom, List<String> redirectUris, boolean rawRedirectUri, String prompt,
                            String pkce, String responseMode, boolean needsRefreshToken, Map<String, String> sources) {

    public static final List<String> PLATFORMS = List.of("web", "desktop", "android", "ios");

    public ClientProfile {
        redirectUris = List.copyOf(redirectUris);
        sources = Map.copyOf(sources);
    }

    /** The WebFinger query with the server URL filled in, encoded as the app encodes it. */
    public String webfingerQuery(String server) {
        String query = webfingerQuery.replace("{server}", server);
        if (!webfingerEncoded) {
            return query;
        }
        StringBuilder out = new StringBuilder();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            out.append(out.length() == 0 ? "" : "&").append(pair, 0, eq + 1)
                    .append(java.net.URLEncoder.encode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    /** The value of one WebFinger query parameter as the app means it (before encoding). */
    public String webfingerParameter(String name, String server) {
        for (String pair : webfingerQuery.replace("{server}", server).split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return null;
    }

    /** The redirect URIs with the server URL filled in; {@code {port}} stays for the login to choose. */
    public List<String> redirectUris(String opencloudUrl) {
        return redirectUris.stream().map(u -> u.replace("{opencloud}", opencloudUrl)).toList();
    }

    /** True for a loopback redirect on a port the app opens per login (the desktop app). */
    public boolean loopback() {
        return redirectUris.stream().anyMatch(u -> u.contains("{port}"));
    }
}
