package io.github.akoc.deployment;

import java.util.List;

/**
 * One OIDC client of a setup: an authentik provider + application, and what OpenCloud hands out for it.
 * {@code subMode} null = authentik's default (hashed_user_id); {@code encryptionKey} null = none (the guide sets none).
 */
public record Provider(String platform, String clientId, String slug, ClientType clientType, IssuerMode issuerMode,
                     List<String> scopes, List<RedirectUri> redirectUris, String signingKey, List<String> grantTypes,
                     String subMode, String encryptionKey) {

    /** authentik's SubModes (authentik/providers/oauth2/models.py). */
    public static final List<String> SUB_MODES = List.of("hashed_user_id", "user_id", "user_uuid", "user_username",
            "user_email", "user_upn");

    public static final List<String> PLATFORMS = List.of("web", "desktop", "android", "ios");

    public enum ClientType { @com.fasterxml.jackson.annotation.JsonProperty("public") PUBLIC,
        @com.fasterxml.jackson.annotation.JsonProperty("confidential") CONFIDENTIAL }

    public enum IssuerMode { @com.fasterxml.jackson.annotation.JsonProperty("global") GLOBAL,
        @com.fasterxml.jackson.annotation.JsonProperty("per_provider") PER_PROVIDER;
        public String apiValue() {
            return this == GLOBAL ? "global" : "per_provider";
        }
    }

    public Provider {
        scopes = List.copyOf(scopes);
        redirectUris = List.copyOf(redirectUris);
        grantTypes = grantTypes == null ? null : List.copyOf(grantTypes);
        if (subMode != null && !SUB_MODES.contains(subMode)) {
            throw new IllegalArgumentException("provider " + clientId + ": subMode '" + subMode + "' is not one of " + SUB_MODES);
        }
    }

    public boolean grantsOfflineAccess() {
        return scopes.contains("offline_access");
    }

    /** WebFinger's env-var name part for this platform: WEBFINGER_&lt;P&gt;_OIDC_CLIENT_ID. */
    public String webfingerEnvPrefix() {
        return "WEBFINGER_" + platform.toUpperCase(java.util.Locale.ROOT) + "_OIDC_CLIENT_";
    }
}
