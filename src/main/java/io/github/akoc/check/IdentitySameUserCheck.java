package io.github.akoc.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.akoc.expectation.ExpectedClient;
import io.github.akoc.expectation.Expectation;
import io.github.akoc.login.ClientTokens;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code identity.same-user}: one person logging in with every client is ONE OpenCloud user. OpenCloud resolves the
 * account from a claim (opencloud-compose: PROXY_USER_OIDC_CLAIM=sub) and autoprovisions an unknown value, so a
 * provider whose {@code sub} differs (another subject mode, field-failures #22) silently gives the same person a
 * second, empty account; the desktop app then reports "logged in with user X, but must login with user Y"
 * (opencloud-eu/desktop#216). Compared by Graph's user id, against the account the person sees: the one of the signed-in
 * web UI's own token (browser.web-login), a login separate from every client's.
 */
public final class IdentitySameUserCheck implements Check {
    public static final String ID = "identity.same-user";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> run(CheckContext ctx) {
        Expectation e = ctx.expectation();
        String me = Observed.graphMe(e);
        List<Finding> out = new ArrayList<>();
        String browserToken = ctx.session().map(s -> s.browserLogin() == null ? null : s.browserLogin().accessToken()).orElse(null);
        JsonNode reference = Observed.openCloudUser(ctx, browserToken);
        for (ExpectedClient c : e.clients()) {
            if (ctx.session().isEmpty()) {
                out.add(Finding.skip(ID, c.clientId(), TokenPerClientCheck.NEEDS_ACCOUNT));
                continue;
            }
            if (reference == null) {
                out.add(Finding.skip(ID, c.clientId(), browserToken == null
                        ? "the signed-in web UI holds no access token to compare with (see browser.web-login)"
                        : "OpenCloud gives no user for the web UI's own access token")
                        .needing(BrowserWebLoginCheck.ID, Observed.tokensKey(e.webClient()),
                                OpenCloudAcceptsTokensCheck.ID + "/" + e.webClient().clientId()));
                continue;
            }
            Observed.Read<ClientTokens> t = Observed.tokens(ctx, c, "no access token for " + c.clientId());
            JsonNode user = t.ok() ? Observed.openCloudUser(ctx, t.value().accessToken()) : null;
            if (user == null) {
                out.add(Finding.skip(ID, c.clientId(), t.ok() ? "OpenCloud gives no user for the token of " + c.clientId()
                        : t.problem()).needing(Observed.tokensKey(c), OpenCloudAcceptsTokensCheck.ID + "/" + c.clientId()));
                continue;
            }
            String expected = "GET " + me + " with the token of " + c.clientId() + " and with the signed-in web UI's own token "
                    + "(separate logins of the same authentik user): the same OpenCloud user id";
            String actual = c.clientId() + " → " + describe(user) + ", web UI → " + describe(reference);
            if (user.path("id").asText().equals(reference.path("id").asText())) {
                out.add(Finding.pass(ID, c.clientId(), expected, actual, GuideSteps.subjectMode(e, c)));
            } else {
                out.add(Finding.fail(ID, c.clientId(), expected, actual + ": the same person has two OpenCloud accounts",
                        GuideSteps.subjectMode(e, c), "Give provider " + c.clientId() + " the subject mode of the other providers "
                                + "(authentik's default 'Based on the Hashed User ID'): OpenCloud identifies users by the sub claim "
                                + "(PROXY_USER_OIDC_CLAIM=sub) and created a second account for the other value. Delete the extra "
                                + "account in OpenCloud after fixing the provider."));
            }
        }
        return out;
    }

    private static String describe(JsonNode user) {
        return "user id " + user.path("id").asText() + " (username " + user.path("onPremisesSamAccountName").asText("?") + ")";
    }
}
