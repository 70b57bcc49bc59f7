package io.github.akoc.check;

import io.github.akoc.login.ClientTokens;
import io.github.akoc.deployment.Provider;
import io.github.akoc.deployment.Deployment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code token.refresh}: refresh tokens exist exactly where the guide asks for them.
 * <ul>
 * <li>A client "wants" refresh when its provider's scopes in the setup contain {@code offline_access}, OR when
 * OpenCloud tells that platform to request it (the .env {@code WEBFINGER_<P>_OIDC_CLIENT_SCOPES}). The second
 * source matters: a native app requests what WebFinger hands out, so a provider that lacks offline_access
 * while WebFinger advertises it is the "offline_access missing on a native client" misconfiguration; the app
 * then gets no refresh token and must log in again every hour. Such a client must have received a refresh
 * token and the refresh grant must have produced a new access token.</li>
 * <li>A client that wants none (the web client of web-only: scopes openid profile email) must have received
 * none: authentik issues refresh tokens only when offline_access is granted, so one appearing means the
 * provider grants more than the guide says. This asserts something real instead of skipping.</li>
 * <li>No account, or no tokens for the client (the code flow failed, reported by token.per-client): SKIP,
 * since there is nothing to refresh and the cause is reported once, where it is.</li>
 * </ul>
 */
public final class TokenRefreshCheck implements Check {
    public static final String ID = "token.refresh";

    @Override
    public String id() {
        return ID;
    }

    static boolean wantsRefresh(Deployment s, Provider c) {
        String advertised = s.opencloud().env().getOrDefault(c.webfingerEnvPrefix() + "SCOPES", "");
        return c.grantsOfflineAccess() || Arrays.asList(advertised.trim().split("[\\s,]+")).contains("offline_access");
    }

    @Override
    public List<Finding> run(CheckContext ctx) {
        Deployment s = ctx.setup();
        List<Finding> out = new ArrayList<>();
        for (Provider c : s.providers()) {
            Observed.Read<ClientTokens> t = Observed.tokens(ctx, c, "no tokens for " + c.clientId() + " to refresh");
            if (!t.ok()) {
                out.add(Finding.skip(ID, c.clientId(), t.problem()));
                continue;
            }
            ClientTokens tokens = t.value();
            if (wantsRefresh(s, c)) {
                String expected = "offline_access requested: a refresh token, and the refresh grant returns a new access token";
                if (tokens.refreshToken() == null) {
                    out.add(Finding.fail(ID, c.clientId(), expected, "no refresh token was issued",
                            GuideSteps.offlineAccess(s, c), "Add the scope offline_access to provider " + c.clientId()
                                    + " (scopes openid profile email offline_access)."));
                } else if (tokens.refresh() == null || tokens.refresh().error() != null || tokens.refresh().accessToken() == null) {
                    String why = tokens.refresh() == null ? "the refresh grant was not attempted"
                            : tokens.refresh().error() != null ? "the refresh grant failed: " + tokens.refresh().error()
                            : "the refresh grant returned no access token";
                    out.add(Finding.fail(ID, c.clientId(), expected, "refresh token " + Observed.redact(tokens.refreshToken())
                                    + " issued; " + why, GuideSteps.offlineAccess(s, c),
                            "Set the grant types authorization_code and refresh_token on provider " + c.clientId() + "."));
                } else {
                    out.add(Finding.pass(ID, c.clientId(), expected, "refresh token issued; refresh gave a new access token "
                            + Observed.redact(tokens.refresh().accessToken()), GuideSteps.offlineAccess(s, c)));
                }
            } else {
                String expected = "offline_access not requested: no refresh token";
                out.add(tokens.refreshToken() == null
                        ? Finding.pass(ID, c.clientId(), expected, "no refresh token issued", GuideSteps.provider(s, c))
                        : Finding.fail(ID, c.clientId(), expected, "a refresh token was issued " + Observed.redact(tokens.refreshToken()),
                        GuideSteps.provider(s, c), "Remove the scope offline_access from provider " + c.clientId()
                                + " (the guide's scopes are " + String.join(" ", c.scopes()) + ")."));
            }
        }
        return out;
    }
}
