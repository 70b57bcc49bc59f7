package io.github.akoc.login;

import io.github.akoc.expectation.ExpectedClient;

import java.util.List;

/**
 * What acting as one real client gave: the client id and scopes it took from WebFinger, the redirect URI it
 * sent, the tokens (and the scope authentik granted), one refresh where a refresh token came back, and the
 * requests it made (secrets redacted). {@code failedAt} and {@code error} say where and why the flow stopped,
 * null when it went through.
 */
public record ClientTokens(ExpectedClient client, String clientId, List<String> requestedScopes, String redirectUri,
                           String idToken, String accessToken, String refreshToken, String grantedScope,
                           Refresh refresh, Stage failedAt, String error, List<String> requests) {

    /** The step of the client's login a failure happened in. */
    public enum Stage {
        /** OpenCloud's WebFinger, where the app takes issuer, client id and scopes from. */
        WEBFINGER,
        /** The issuer's discovery document. */
        DISCOVERY,
        /** authentik's authorization endpoint and login flow. */
        AUTHORIZE,
        /** authentik's token endpoint. */
        TOKEN
    }

    /** A refresh grant's outcome: the new tokens, or the error authentik answered. */
    public record Refresh(String accessToken, String refreshToken, String error) {
    }

    public ClientTokens {
        requestedScopes = requestedScopes == null ? List.of() : List.copyOf(requestedScopes);
        requests = requests == null ? List.of() : List.copyOf(requests);
    }

    public boolean ok() {
        return error == null && idToken != null && accessToken != null;
    }
}
