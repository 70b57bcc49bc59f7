package io.github.akoc.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.akoc.login.ClientTokens;
import io.github.akoc.expectation.Expectation;
import io.github.akoc.world.HttpResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code opencloud.default-role}: the user OpenCloud autoprovisioned at login holds the User role. Without the
 * roles overlay opencloud-compose uses the oidc role driver, which answers 500 when the token has no roles
 * claim (authentik sends none): opencloud-compose #66.
 */
public final class OpenCloudDefaultRoleCheck implements Check {
    public static final String ID = "opencloud.default-role";
    /** OpenCloud's built-in User role. */
    public static final String USER_ROLE_ID = "d7beeea8-8ff4-406b-8fb6-ab2dd81e6b11";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> run(CheckContext ctx) {
        Expectation e = ctx.expectation();
        String url = Observed.graphMe(e) + "?$expand=appRoleAssignments";
        String accepts = OpenCloudAcceptsTokensCheck.ID + "/" + e.webClient().clientId();
        if (ctx.session().isEmpty()) {
            return List.of(Finding.skip(ID, url, TokenPerClientCheck.NEEDS_ACCOUNT));
        }
        Optional<ClientTokens> t = ctx.session().get().tokens(e.webClient());
        if (t.isEmpty() || !t.get().ok()) {
            return List.of(Finding.skip(ID, url, "no access token for " + e.webClient().clientId() + " (see token.per-client)")
                    .needing(Observed.tokensKey(e.webClient())));
        }
        String expected = "an appRoleAssignment with appRoleId " + USER_ROLE_ID + " (User)";
        String remedy = "Add custom/authentik-roles.yml to COMPOSE_FILE (PROXY_ROLE_ASSIGNMENT_DRIVER=default, "
                + "GRAPH_ASSIGN_DEFAULT_USER_ROLE=true).";
        HttpResult r = ctx.getWithBearer(url, t.get().accessToken());
        if (r.status() != 200) {
            String why = r.status() == 500 ? "500: the oidc role driver without a roles claim (opencloud-compose #66): "
                    : "status " + r.status() + ": ";
            return List.of(Finding.fail(ID, url, expected, why + OpenCloudAcceptsTokensCheck.brief(r.body()),
                    GuideSteps.rolesOverlay(e), r.status() == 500 || r.status() == 403 ? remedy
                            : "Make OpenCloud accept the web client's token first (see opencloud.accepts-tokens).").needing(accepts));
        }
        List<String> roles = new ArrayList<>();
        for (JsonNode a : r.json().path("appRoleAssignments")) {
            roles.add(a.path("appRoleId").asText());
        }
        return List.of(roles.contains(USER_ROLE_ID)
                ? Finding.pass(ID, url, expected, "appRoleIds " + roles, GuideSteps.rolesOverlay(e))
                : Finding.fail(ID, url, expected, "appRoleIds " + roles, GuideSteps.rolesOverlay(e), remedy).needing(accepts));
    }
}
