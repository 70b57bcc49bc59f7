package io.github.akoc.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.akoc.expectation.Expectation;
import io.github.akoc.expectation.ExpectedClient;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code discovery.per-client}: each client's own application discovery (authentik serves discovery only per
 * application) reports the guide's issuer. In web-desktop-mobile that holds only when the provider's issuer
 * mode is global; in web-only the issuer is the web application's own.
 */
public final class DiscoveryPerClientCheck implements Check {
    public static final String ID = "discovery.per-client";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> run(CheckContext ctx) {
        Expectation e = ctx.expectation();
        List<Finding> out = new ArrayList<>();
        for (ExpectedClient c : e.clients()) {
            String url = Observed.clientDiscoveryUrl(ctx, c);
            String expected = "issuer == \"" + e.issuer() + "\" at " + url;
            Observed.Read<JsonNode> d = Observed.discovery(ctx, url);
            if (!d.ok()) {
                out.add(Finding.fail(ID, c.clientId(), expected, d.problem(), GuideSteps.provider(e, c),
                        "Create the application with slug " + e.names().slug(c.platform()) + " for provider " + c.clientId() + "."));
                continue;
            }
            String served = d.value().path("issuer").asText(null);
            out.add(e.issuer().equals(served)
                    ? Finding.pass(ID, c.clientId(), expected, "issuer \"" + served + "\"", GuideSteps.issuerMode(e))
                    : Finding.fail(ID, c.clientId(), expected, "issuer \"" + served + "\"", GuideSteps.issuerMode(e),
                    DiscoverySharedIssuerCheck.servedIssuerRemedy(e, served, c.clientId())));
        }
        return out;
    }
}
