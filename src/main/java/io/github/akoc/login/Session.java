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
                      Authorizer authorizer, Map<String, ForeignToken> foreignTokens, WebLogoutAction webLogout) {

    public Session {
        foreignTokens = foreignTokens == null ? Map.of() : Map.copyOf(foreignTokens);
    }

    public Session(String username, BrowserLogin browserLogin, Map<String, ClientTokens> tokens, Authorizer authorizer,
                   Map<String, ForeignToken> foreignTokens) {
        this(username, browserLogin, tokens, authorizer, foreignTokens, null);
    }

    /**
     * Logging out of the signed-in web UI in the browser that signed in; done at most once (it ends the login), so the
     * checks that use the web UI's tokens come before the one that asks for it.
     */
    public interface WebLogoutAction {
        WebLogout logOut();
    }

    /** This session with the browser's logout attached, run once on first use. */
    public Session withWebLogout(WebLogoutAction action) {
        WebLogout[] done = {null};
        WebLogoutAction once = () -> {
            synchronized (done) {
                if (done[0] == null) {
                    done[0] = action.logOut();
                }
                return done[0];
            }
        };
        return new Session(username, browserLogin, tokens, authorizer, foreignTokens, once);
    }

    /** What logging out of the web UI did, or empty when this session has no browser to log out. */
    public Optional<WebLogout> logOutOfWebUi() {
        return webLogout == null ? Optional.empty() : Optional.of(webLogout.logOut());
    }

    /** Sends an authorization request for a client as the logged-in user, redirects not followed. */
    public interface Authorizer {
        AuthorizeOutcome authorize(ExpectedClient client, String redirectUri);
    }

    public Optional<ClientTokens> tokens(ExpectedClient client) {
        return Optional.ofNullable(tokens.get(client.clientId()));
    }
}
