package io.github.akoc.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.akoc.deployment.Deployment;
import io.github.akoc.world.HttpResult;

import java.util.ArrayList;
import java.util.List;

/** {@code opencloud.web-config}: the web UI's /config.json names IDP_ISSUER_URL as authority and the web client id. */
public final class OpenCloudWebConfigCheck implements Check {
    public static final String ID = "opencloud.web-config";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> run(CheckContext ctx) {
        Deployment s = ctx.setup();
        String url = s.opencloud().baseUrl() + "/config.json";
        String clientId = s.webProvider().clientId();
        String expected = "openIdConnect.authority == \"" + s.issuer() + "\", client_id == \"" + clientId + "\"";
        HttpResult r = ctx.get(url);
        if (r.status() != 200) {
            return List.of(Finding.fail(ID, url, expected, "status " + r.status(), GuideSteps.webConfig(s),
                    "Start OpenCloud with the guide's COMPOSE_FILE (" + String.join(":", s.opencloud().composeFiles()) + ")."));
        }
        JsonNode oidc = r.json().path("openIdConnect");
        String authority = oidc.path("authority").asText(null);
        String served = oidc.path("client_id").asText(null);
        List<String> problems = new ArrayList<>();
        String remedy = null;
        if (!s.issuer().equals(authority)) {
            problems.add("authority \"" + authority + "\"");
            remedy = "Set IDP_ISSUER_URL=" + s.issuer() + " in opencloud-compose's .env.";
        }
        if (!clientId.equals(served)) {
            problems.add("client_id \"" + served + "\"");
            remedy = remedy != null ? remedy : "Set OC_OIDC_CLIENT_ID=" + clientId + " in opencloud-compose's .env.";
        }
        String actual = "authority \"" + authority + "\", client_id \"" + served + "\"";
        return List.of(problems.isEmpty() ? Finding.pass(ID, url, expected, actual, GuideSteps.webConfig(s))
                : Finding.fail(ID, url, expected, String.join("; ", problems), GuideSteps.webConfig(s), remedy));
    }
}
