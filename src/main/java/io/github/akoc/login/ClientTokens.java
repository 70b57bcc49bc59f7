package io.github.akoc.login;

import io.github.akoc.deployment.Provider;

/**
 * The outcome of the authorization-code + PKCE flow for one client on one of its registered redirect
 * URIs, and of one refresh where a refresh token was issued. {@code error} says why a step failed
 * (authentik's error, an unexpected redirect...), null when the flow went through.
 */
public record ClientTokens(Provider client, String redirectUri, String idToken, String accessToken,
                           String refreshToken, Refresh refresh, String error) {

    /** A refresh grant's outcome: the new tokens, or the error authentik answered. */
    public record Refresh(String accessToken, String refreshToken, String error) {
    }

    public boolean ok() {
        return error == null && idToken != null && accessToken != null;
    }
}
