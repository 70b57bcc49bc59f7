package io.github.akoc.expectation;

import io.github.akoc.deployment.RedirectUri;

import java.util.List;
import java.util.Locale;

/**
 * One client as the guide wants it to work: the real app's profile, the client id the guide gives it
 * (authentik's provider and OpenCloud's WebFinger must both carry it), the scopes the guide has OpenCloud
 * hand out for its platform (the app requests exactly those), and the guide's provider scopes and redirect
 * URIs (what a remedy tells the operator to configure).
 */
public record ExpectedClient(ClientProfile profile, String clientId, List<String> webfingerScopes,
                             List<String> providerScopes, List<RedirectUri> redirectUris) {
    public ExpectedClient {
        webfingerScopes = List.copyOf(webfingerScopes);
        providerScopes = List.copyOf(providerScopes);
        redirectUris = List.copyOf(redirectUris);
    }

    public String platform() {
        return profile.platform();
    }

    /** The app must get a refresh token: it needs one, and the guide's scopes for it carry offline_access. */
    public boolean needsRefreshToken() {
        return profile.refresh().needed() && webfingerScopes.contains("offline_access");
    }

    /** opencloud-compose's .env name part for this platform: WEBFINGER_&lt;P&gt;_OIDC_CLIENT_ID / _SCOPES. */
    public String webfingerEnvPrefix() {
        return "WEBFINGER_" + platform().toUpperCase(Locale.ROOT) + "_OIDC_CLIENT_";
    }
}
