package io.github.akoc.check;

import io.github.akoc.deployment.Provider;
import io.github.akoc.deployment.Deployment;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code discovery.per-client}: each client's own discovery document (authentik serves discovery only per
 * application) reports the shared issuer. In web-desktop-mobile that holds only when the provider's issuer
 * mode is global; in web-only the shared issuer is the application's own, so it holds as configured.
 */
public final class DiscoveryPerClientCheck implements Check {
    public static final String ID = "discovery.per-client";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> run(CheckContext ctx) {
        Deployment s = ctx.setup();
        List<Finding> out = new ArrayList<>();
        for (Provider c : s.providers()) {
            String url = Observed.clientDiscoveryUrl(s, c);
            String expected = "issuer == \"" + s.issuer() + "\" at " + url;
            Observed.Read<com.fasterxml.jackson.databind.JsonNode> d = Observed.discovery(ctx, url);
            if (!d.ok()) {
                out.add(Finding.fail(ID, c.clientId(), expected, d.problem(), GuideSteps.provider(s, c),
                        "Create the application with slug " + c.slug() + " for provider " + c.clientId() + "."));
                continue;
            }
            String served = d.value().path("issuer").asText(null);
            if (s.issuer().equals(served)) {
                out.add(Finding.pass(ID, c.clientId(), expected, "issuer \"" + served + "\"", GuideSteps.issuerMode(s)));
            } else {
                String remedy = served != null && served.startsWith("http://")
                        ? "Add header_up X-Forwarded-Proto https to the proxy in front of authentik."
                        : !s.issuer().endsWith("/") && (s.issuer() + "/").equals(served)
                        ? "Set IDP_ISSUER_URL=" + s.issuer() + "/ in opencloud-compose's .env (with the trailing slash)."
                        : GuideSteps.sharedIssuerMode(s)
                        ? "Set the issuer mode of provider " + c.clientId() + " to global ('Same identifier is used for all providers')."
                        : "Set IDP_ISSUER_URL to the application's issuer " + served + ".";
                out.add(Finding.fail(ID, c.clientId(), expected, "issuer \"" + served + "\"", GuideSteps.issuerMode(s), remedy));
            }
        }
        return out;
    }
}
