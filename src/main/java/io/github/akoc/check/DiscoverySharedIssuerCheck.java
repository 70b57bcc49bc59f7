package io.github.akoc.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.akoc.deployment.Deployment;
import io.github.akoc.world.HttpResult;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code discovery.shared-issuer}: the discovery OpenCloud fetches for IDP_ISSUER_URL answers 200 JSON, its
 * {@code issuer} equals IDP_ISSUER_URL exactly, and every endpoint and the jwks_uri are https. OpenCloud
 * compares the issuer as an exact string, and authentik's issuers end with '/', so an IDP_ISSUER_URL
 * without its trailing slash fails here even when the document itself is fine.
 */
public final class DiscoverySharedIssuerCheck implements Check {
    public static final String ID = "discovery.shared-issuer";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> run(CheckContext ctx) {
        Deployment s = ctx.setup();
        String issuer = s.issuer();
        String url = Observed.sharedDiscoveryUrl(s);
        String expected = "200 JSON at " + url + ", issuer == \"" + issuer + "\" exactly, every *_endpoint and jwks_uri https";
        List<String> problems = new ArrayList<>();
        String remedy = null;
        if (!issuer.endsWith("/")) {
            problems.add("IDP_ISSUER_URL \"" + issuer + "\" has no trailing slash: OpenCloud compares the issuer exactly "
                    + "and authentik's tokens carry iss with the slash");
            remedy = "Set IDP_ISSUER_URL=" + issuer + "/ in opencloud-compose's .env (with the trailing slash).";
        }
        HttpResult r = ctx.get(url);
        if (r.status() != 200) {
            problems.add(url + " answered " + r.status());
            if (remedy == null) {
                remedy = GuideSteps.sharedIssuerMode(s)
                        ? "Add the guide's proxy rule in front of authentik: rewrite /.well-known/openid-configuration to "
                        + "/application/o/" + s.authentik().discoverySlug() + "/.well-known/openid-configuration."
                        : "Set IDP_ISSUER_URL to the application's issuer " + s.applicationIssuer(s.webProvider().slug()) + ".";
            }
            return List.of(Finding.fail(ID, url, expected, String.join("; ", problems), stepFor(s, issuer), remedy));
        }
        if (!r.contentType().contains("application/json")) {
            problems.add("Content-Type is \"" + r.contentType() + "\"");
        }
        JsonNode doc;
        try {
            doc = r.json();
        } catch (IllegalStateException e) {
            problems.add(e.getMessage());
            return List.of(Finding.fail(ID, url, expected, String.join("; ", problems), GuideSteps.proxyRule(s),
                    remedy != null ? remedy : "Point the proxy rule at an application's discovery document."));
        }
        String served = doc.path("issuer").asText(null);
        if (!issuer.equals(served)) {
            problems.add("issuer is \"" + served + "\", IDP_ISSUER_URL is \"" + issuer + "\"");
            if (remedy == null) {
                remedy = served != null && served.startsWith("http://")
                        ? "Add header_up X-Forwarded-Proto https to the proxy in front of authentik so that authentik builds https issuers."
                        : GuideSteps.sharedIssuerMode(s)
                        ? "Set the issuer mode of provider " + s.authentik().discoverySlug()
                        + "'s application to global ('Same identifier is used for all providers')."
                        : "Set IDP_ISSUER_URL to the issuer authentik reports, " + served + ".";
            }
        }
        List<String> insecure = insecureEndpoints(doc);
        if (!insecure.isEmpty()) {
            problems.add("not https: " + insecure);
            if (remedy == null) {
                remedy = "Add header_up X-Forwarded-Proto https to the proxy in front of authentik.";
            }
        }
        String actual = "issuer \"" + served + "\", jwks_uri " + doc.path("jwks_uri").asText("(none)");
        if (problems.isEmpty()) {
            return List.of(Finding.pass(ID, url, expected, "200 " + r.contentType() + ", " + actual, stepFor(s, issuer)));
        }
        return List.of(Finding.fail(ID, url, expected, String.join("; ", problems) + " (" + actual + ")",
                stepFor(s, issuer), remedy));
    }

    private static String stepFor(Deployment s, String issuer) {
        return issuer.endsWith("/") ? GuideSteps.proxyRule(s) + "; " + GuideSteps.issuerMode(s) : GuideSteps.issuerUrl(s);
    }

    static List<String> insecureEndpoints(JsonNode doc) {
        List<String> out = new ArrayList<>();
        doc.fields().forEachRemaining(e -> {
            if ((e.getKey().endsWith("_endpoint") || e.getKey().equals("jwks_uri") || e.getKey().equals("issuer"))
                    && !e.getValue().asText("").startsWith("https://")) {
                out.add(e.getKey() + "=" + e.getValue().asText());
            }
        });
        if (!doc.has("jwks_uri")) {
            out.add("jwks_uri missing");
        }
        return out;
    }
}
