package io.github.akoc.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.akoc.deployment.Provider;
import io.github.akoc.deployment.Deployment;
import io.github.akoc.world.HttpResult;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code webfinger.platforms}: for each client's platform, OpenCloud's WebFinger answers 200 JSON with
 * {@code subject} = the resource, the issuer link = IDP_ISSUER_URL, and the client id and scopes of the
 * .env (WEBFINGER_&lt;P&gt;_OIDC_CLIENT_ID/_SCOPES); that client id must also be the provider's client id, since
 * an app that gets a client id authentik does not know cannot log in. Scopes are compared as a
 * whitespace-split set (OpenCloud splits lists on commas only, so they arrive as one element).
 */
public final class WebfingerPlatformsCheck implements Check {
    public static final String ID = "webfinger.platforms";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> run(CheckContext ctx) {
        Deployment s = ctx.setup();
        List<Finding> out = new ArrayList<>();
        for (Provider c : s.providers()) {
            String envId = s.opencloud().env().get(c.webfingerEnvPrefix() + "ID");
            Set<String> envScopes = split(s.opencloud().env().getOrDefault(c.webfingerEnvPrefix() + "SCOPES", ""));
            String url = Webfinger.url(s, c.platform());
            String expected = "200 application/json, subject " + Webfinger.resource(s) + ", issuer " + s.issuer()
                    + ", client_id " + envId + " (= provider " + c.clientId() + "), scopes " + envScopes;
            List<String> problems = new ArrayList<>();
            String remedy = null;
            if (!c.clientId().equals(envId)) {
                problems.add(".env " + c.webfingerEnvPrefix() + "ID is \"" + envId + "\" but the provider's client id is \""
                        + c.clientId() + "\"");
                remedy = "Set " + c.webfingerEnvPrefix() + "ID=" + c.clientId() + " in opencloud-compose's .env.";
            }
            HttpResult r = ctx.get(url);
            String actual;
            if (r.status() != 200) {
                problems.add(url + " answered " + r.status());
                actual = "status " + r.status();
            } else {
                if (!r.contentType().contains("application/json")) {
                    problems.add("Content-Type \"" + r.contentType() + "\"");
                }
                JsonNode j = r.json();
                String subject = j.path("subject").asText(null);
                if (!Webfinger.resource(s).equals(subject)) {
                    problems.add("subject \"" + subject + "\"");
                }
                String issuer = null;
                for (JsonNode link : j.path("links")) {
                    if (Webfinger.ISSUER_REL.equals(link.path("rel").asText())) {
                        issuer = link.path("href").asText(null);
                    }
                }
                if (!s.issuer().equals(issuer)) {
                    problems.add("issuer link \"" + issuer + "\"");
                    remedy = remedy != null ? remedy : "Set IDP_ISSUER_URL=" + s.issuer() + " in opencloud-compose's .env.";
                }
                JsonNode props = j.path("properties");
                String servedId = props.path(Webfinger.CLIENT_ID).asText(null);
                if (envId == null || !envId.equals(servedId)) {
                    problems.add("client_id served \"" + servedId + "\"");
                    remedy = remedy != null ? remedy : c.clientId().equals(envId)
                            // True whether the .env is known (our stacks) or only the guide's (a live deployment).
                            ? "OpenCloud serves client_id \"" + servedId + "\", the provider's is \"" + c.clientId() + "\": set "
                            + c.webfingerEnvPrefix() + "ID=" + c.clientId() + " in opencloud-compose's .env, remove any compose "
                            + "overlay or environment entry that overrides it, and restart OpenCloud."
                            : "Set " + c.webfingerEnvPrefix() + "ID=" + c.clientId() + " in opencloud-compose's .env and restart OpenCloud.";
                }
                List<String> parts = new ArrayList<>();
                props.path(Webfinger.SCOPES).forEach(n -> parts.add(n.asText()));
                Set<String> servedScopes = split(String.join(" ", parts));
                if (!servedScopes.equals(envScopes)) {
                    problems.add("scopes served " + servedScopes);
                    remedy = remedy != null ? remedy : "Set " + c.webfingerEnvPrefix() + "SCOPES=" + String.join(" ", envScopes)
                            + " in opencloud-compose's .env.";
                }
                actual = "subject " + subject + ", issuer " + issuer + ", client_id " + servedId + ", scopes " + servedScopes;
            }
            if (problems.isEmpty()) {
                out.add(Finding.pass(ID, c.platform(), expected, actual, GuideSteps.webfinger(s, c)));
            } else {
                out.add(Finding.fail(ID, c.platform(), expected, String.join("; ", problems) + " (" + actual + ")",
                        GuideSteps.webfinger(s, c), remedy != null ? remedy
                                : "Serve OpenCloud's WebFinger unchanged at /.well-known/webfinger (no proxy rewrite on that path)."));
            }
        }
        return out;
    }

    static Set<String> split(String scopes) {
        Set<String> out = new TreeSet<>(Arrays.asList(scopes.trim().split("\\s+")));
        out.remove("");
        return out;
    }
}
