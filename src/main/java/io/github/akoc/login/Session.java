package io.github.akoc.login;

import io.github.akoc.deployment.Provider;

import java.util.Map;
import java.util.Optional;

/**
 * Everything the login-and-tokens layer produced for the checks: the browser login, the tokens of each
 * client (by client id), and a way to send further authorization requests as the logged-in user
 * (the redirect policy check sends look-alike redirect URIs through it).
 */
public record Session(String username, BrowserLogin browserLogin, Map<String, ClientTokens> tokens,
                      Authorizer authorizer) {

    /** Sends an authorization request for a client as the logged-in user, redirects not followed. */
    public interface Authorizer {
        AuthorizeOutcome authorize(Provider client, String redirectUri);
    }

    public Optional<ClientTokens> tokens(Provider client) {
        return Optional.ofNullable(tokens.get(client.clientId()));
    }
}
