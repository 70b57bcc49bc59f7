package io.github.akoc.standin.opencloud;

import com.sun.net.httpserver.HttpExchange;

import java.util.Map;
import java.util.Optional;

/** The proxy's chain for a request with a bearer token: token validation, then account resolution and roles. */
final class Authenticator {
    private final TokenValidator tokens;
    private final Accounts accounts;

    Authenticator(TokenValidator tokens, Accounts accounts) {
        this.tokens = tokens;
        this.accounts = accounts;
    }

    record Login(GraphUser user, Map<String, Object> claims) {
    }

    /** Empty without a bearer token; HttpStatusException when the proxy would refuse the request. */
    Optional<Login> login(HttpExchange ex) {
        Optional<String> bearer = Exchanges.bearer(ex);
        if (bearer.isEmpty()) {
            return Optional.empty();
        }
        if (bearer.get().isEmpty()) {
            throw new HttpStatusException(401, "authorization header is not a bearer token");
        }
        Map<String, Object> claims = tokens.claims(bearer.get());
        return Optional.of(new Login(accounts.resolve(claims), claims));
    }

    Login required(HttpExchange ex) {
        return login(ex).orElseThrow(() -> new HttpStatusException(401, "no bearer token"));
    }
}
