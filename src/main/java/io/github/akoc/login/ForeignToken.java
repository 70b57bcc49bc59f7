package io.github.akoc.login;

import io.github.akoc.expectation.ForeignApplication;

/** A probe application's access token from a code flow of the same user, or why there is none. */
public record ForeignToken(ForeignApplication application, String accessToken, String error) {
    public boolean ok() {
        return accessToken != null;
    }

    @Override
    public String toString() {
        return "ForeignToken[" + application.clientId() + ", " + (ok() ? "(" + accessToken.length() + " chars)" : error) + "]";
    }
}
