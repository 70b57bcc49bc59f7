package io.github.akoc.login;

/**
 * authentik's answer to one authorization request of a logged-in user: either a redirect to the
 * requested redirect URI carrying a code, or a refusal (an error page, or a redirect elsewhere).
 */
public record AuthorizeOutcome(int status, String location, String code, String error) {
    public boolean redirectedWithCode(String redirectUri) {
        return code != null && location != null && location.startsWith(redirectUri);
    }
}
