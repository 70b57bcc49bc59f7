package io.github.akoc.login;

import io.github.akoc.expectation.ExpectedClient;

import java.util.Map;
import java.util.Optional;

/**
 * Everything the login-and-tokens layer produced for the checks: the browser login, what acting as each
 * real client gave (by the guide's client id), and a way to send further authorization requests as the
 * logged-in user (the redirect policy check sends look-alike redirect URIs through it).
 */
public record Session(String username, BrowserLogin browserLogin, Map<String, ClientTokens> tokens,
                      Authorizer authorizer, Map<String, ForeignToken> foreignTokens) {

    public Session {
        foreignTokens = foreignTokens == null ? Map.of() : Map.copyOf(foreignTokens);
    }

    /** Sends an authorization request for a client as the logged-in user, redirects not followed. */
    public interface Authorizer {
        AuthorizeOutcome authorize(ExpectedClient client, String redirectUri);
    }

    public Optional<ClientTokens> tokens(ExpectedClient client) {
        return Optional.ofNullable(tokens.get(client.clientId()));
    }
}
