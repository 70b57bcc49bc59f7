package io.github.akoc.check;

import io.github.akoc.expectation.Expectation;
import io.github.akoc.expectation.ExpectedClient;
import io.github.akoc.login.ClientTokens;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code token.refresh}: a client that keeps its session by refreshing (the native apps, whose guide scopes
 * carry offline_access) got a refresh token, and the refresh grant gave a new access token. The apps request
 * the scopes WebFinger hands out and authentik silently drops scopes the provider does not map, so a missing
 * offline_access in EITHER place means no refresh token and no error; the remedy names the place the
 * requested and granted scopes point at. A client that does not refresh (the web UI renews through its
 * silent-redirect page) and did not ask for offline_access must have got no refresh token.
 */
public final class TokenRefreshCheck implements Check {
    public static final String ID = "token.refresh";
    static final String OFFLINE = "offline_access";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> run(CheckContext ctx) {
        Expectation e = ctx.expectation();
        List<Finding> out = new ArrayList<>();
        for (ExpectedClient c : e.clients()) {
            Observed.Read<ClientTokens> t = Observed.tokens(ctx, c, "no tokens for " + c.clientId() + " to refresh");
            if (!t.ok()) {
                out.add(Finding.skip(ID, c.clientId(), t.problem()).needing(Observed.tokensKey(c)));
                continue;
            }
            ClientTokens tokens = t.value();
            boolean requested = tokens.requestedScopes().contains(OFFLINE);
            String granted = tokens.grantedScope() == null ? "(not stated)" : "\"" + tokens.grantedScope() + "\"";
            if (c.needsRefreshToken()) {
                String expected = "the " + c.profile().client() + " requests offline_access and gets a refresh token; "
                        + "the refresh grant returns a new access token";
                if (tokens.refreshToken() == null) {
                    String actual = "no refresh token (requested scopes " + tokens.requestedScopes()
                            + (c.profile().scopes().fromWebfinger() ? " from WebFinger" : " built into the app") + ", granted " + granted + ")";
                    out.add(requested
                            ? Finding.fail(ID, c.clientId(), expected, actual, GuideSteps.offlineAccess(e, c),
                            "Add the scope mapping offline_access to provider " + c.clientId() + " (scopes "
                                    + String.join(" ", c.providerScopes()) + "): authentik drops scopes the provider does not map.")
                            : Finding.fail(ID, c.clientId(), expected, actual, GuideSteps.offlineAccess(e, c),
                            "OpenCloud tells the " + c.platform() + " app scopes without offline_access: set "
                                    + c.webfingerEnvPrefix() + "SCOPES=" + String.join(" ", c.webfingerScopes())
                                    + " in opencloud-compose's .env (see webfinger.platforms).")
                            .needing(WebfingerPlatformsCheck.ID + "/" + c.platform()));
                } else if (tokens.refresh() == null || tokens.refresh().error() != null || tokens.refresh().accessToken() == null) {
                    String why = tokens.refresh() == null ? "the refresh grant was not attempted"
                            : tokens.refresh().error() != null ? "the refresh grant failed: " + tokens.refresh().error()
                            : "the refresh grant returned no access token";
                    out.add(Finding.fail(ID, c.clientId(), expected, "refresh token " + Observed.redact(tokens.refreshToken())
                                    + " issued; " + why, GuideSteps.offlineAccess(e, c),
                            "Set the grant types authorization_code and refresh_token on provider " + c.clientId() + "."));
                } else {
                    out.add(Finding.pass(ID, c.clientId(), expected, "refresh token issued (granted " + granted
                            + "); refresh gave a new access token " + Observed.redact(tokens.refresh().accessToken()), GuideSteps.offlineAccess(e, c)));
                }
            } else {
                String expected = "the " + c.profile().client() + " does not refresh"
                        + (requested ? "" : " and requests no offline_access: no refresh token");
                if (requested || tokens.refreshToken() == null) {
                    out.add(Finding.pass(ID, c.clientId(), expected, (tokens.refreshToken() == null ? "no refresh token" : "a refresh token")
                            + " (requested " + tokens.requestedScopes() + ", granted " + granted + ")", GuideSteps.provider(e, c)));
                } else {
                    out.add(Finding.fail(ID, c.clientId(), expected, "a refresh token was issued " + Observed.redact(tokens.refreshToken())
                                    + " for scopes " + tokens.requestedScopes() + " (granted " + granted + ")", GuideSteps.provider(e, c),
                            "authentik issued a refresh token without offline_access: check the scope mappings of provider " + c.clientId() + "."));
                }
            }
        }
        return out;
    }

    static List<String> split(String scopes) {
        return Arrays.stream(scopes.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }
}
