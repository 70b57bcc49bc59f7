package io.github.akoc.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.akoc.expectation.Expectation;
import io.github.akoc.world.HttpResult;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code opencloud.web-config}: the web UI's /config.json names the guide's issuer as authority and the web
 * client id. The web UI (v6.1+) takes authority and client id from WebFinger, overriding these; an older
 * bundled web UI, and anything else reading config.json, still uses them.
 */
public final class OpenCloudWebConfigCheck implements Check {
    public static final String ID = "opencloud.web-config";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> run(CheckContext ctx) {
        Expectation e = ctx.expectation();
        String url = e.opencloudUrl() + "/config.json";
        String clientId = e.webClient().clientId();
        String expected = "openIdConnect.authority == \"" + e.issuer() + "\", client_id == \"" + clientId + "\"";
        HttpResult r = ctx.get(url);
        if (r.status() != 200) {
            return List.of(Finding.fail(ID, url, expected, "status " + r.status(), GuideSteps.webConfig(e),
                    "Start OpenCloud with the guide's COMPOSE_FILE (docker-compose.yml:idm/external-idp.yml:custom/authentik-roles.yml)."));
        }
        JsonNode oidc = r.json().path("openIdConnect");
        String authority = oidc.path("authority").asText(null);
        String served = oidc.path("client_id").asText(null);
        List<String> problems = new ArrayList<>();
        String remedy = null;
        if (!e.issuer().equals(authority)) {
            problems.add("authority \"" + authority + "\"");
            remedy = DiscoverySharedIssuerCheck.configuredIssuerRemedy(e, authority);
        }
        if (!clientId.equals(served)) {
            problems.add("client_id \"" + served + "\"");
            remedy = remedy != null ? remedy : "Set OC_OIDC_CLIENT_ID=" + clientId + " in opencloud-compose's .env.";
        }
        String actual = "authority \"" + authority + "\", client_id \"" + served + "\"";
        if (problems.isEmpty()) {
            return List.of(Finding.pass(ID, url, expected, actual, GuideSteps.webConfig(e)));
        }
        Finding f = Finding.fail(ID, url, expected, String.join("; ", problems), GuideSteps.webConfig(e), remedy);
        // an authority that is the configured issuer follows from IDP_ISSUER_URL, reported by discovery.shared-issuer
        return List.of(served != null && served.equals(clientId) && ctx.deployment().configuredIssuer().equals(authority)
                ? f.needing(DiscoverySharedIssuerCheck.ID) : f);
    }
}
