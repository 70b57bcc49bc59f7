package io.github.akoc.login;

import java.util.List;

/**
 * What renewing the signed-in web UI's token as it does without a refresh token gave: an authorize request with
 * prompt=none in a hidden iframe of the web UI's own page back to its oidc-silent-redirect.html, then the code
 * exchanged by fetch (oidc-client-ts 3.5.0 signinSilent, which the web UI's timer calls 10 s before expiry: opencloud-eu/web
 * v7.2.0 authService.ts:149-153). So the browser applies OpenCloud's CSP and authentik's cookies and CORS to it, as it
 * would to the web UI's renewal. {@code error} says where it stopped; {@code violations} are the CSP reports seen.
 */
public record SilentRenew(String authority, String clientId, Integer tokenStatus, String accessToken, List<String> violations,
                          String error) {
    public SilentRenew {
        violations = violations == null ? List.of() : List.copyOf(violations);
    }

    public boolean renewed() {
        return error == null && accessToken != null;
    }

    @Override
    public String toString() {
        return "SilentRenew[authority=" + authority + ", clientId=" + clientId + ", tokenStatus=" + tokenStatus + ", accessToken="
                + (accessToken == null ? "none" : "(" + accessToken.length() + " chars)") + ", violations=" + violations + ", error=" + error + "]";
    }
}
