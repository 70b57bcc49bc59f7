package io.github.akoc.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.akoc.deployment.Deployment;
import io.github.akoc.expectation.Expectation;
import io.github.akoc.world.HttpResult;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code discovery.shared-issuer}: the discovery OpenCloud fetches for its configured issuer (IDP_ISSUER_URL)
 * answers 200 JSON whose {@code issuer} is the guide's issuer exactly, with every endpoint https; and the
 * configured issuer is that issuer too (OpenCloud compares exactly; authentik's issuers end with '/').
 * Remedies follow what was served: an http issuer means the forwarded scheme did not count, another host
 * means Host/X-Forwarded-Host were rewritten, an application issuer in a shared setup means that provider's
 * issuer mode, and a configured issuer naming one application in a shared setup means IDP_ISSUER_URL.
 */
public final class DiscoverySharedIssuerCheck implements Check {
    public static final String ID = "discovery.shared-issuer";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> run(CheckContext ctx) {
        Expectation e = ctx.expectation();
        Deployment d = ctx.deployment();
        String configured = d.configuredIssuer();
        String url = Observed.sharedDiscoveryUrl(ctx);
        String expected = "200 JSON at " + url + ", issuer == \"" + e.issuer() + "\" exactly (= IDP_ISSUER_URL), "
                + "every *_endpoint and jwks_uri https";
        List<String> problems = new ArrayList<>();
        String remedy = null;
        String step = GuideSteps.proxyRule(e) + "; " + GuideSteps.issuerMode(e);
        if (!e.issuer().equals(configured)) {
            problems.add("IDP_ISSUER_URL is \"" + configured + "\", the guide's issuer is \"" + e.issuer() + "\"");
            remedy = configuredIssuerRemedy(e, configured);
            if (e.issuer().equals(Webfinger.issuerHandedOut(ctx))) {
                // field-failures #27: the issuer moved to WEBFINGER_OIDC_ISSUER, which only WebFinger reads
                problems.add("WebFinger hands out \"" + e.issuer() + "\" all the same");
                remedy = "WebFinger hands the apps " + e.issuer() + " (WEBFINGER_OIDC_ISSUER sets WebFinger's issuer link only), while "
                        + "OpenCloud validates their tokens against IDP_ISSUER_URL: " + remedy
                        + " Then leave WEBFINGER_OIDC_ISSUER unset, so that both follow IDP_ISSUER_URL.";
            }
            step = GuideSteps.issuerUrl(e);
        }
        HttpResult r = ctx.get(url);
        if (r.status() != 200) {
            problems.add(url + " answered " + r.status());
            if (remedy == null) {
                remedy = e.sharedIssuer()
                        ? "Add the guide's proxy rule in front of authentik: rewrite /.well-known/openid-configuration to "
                        + "/application/o/" + e.names().slug("web") + "/.well-known/openid-configuration (the web application's)."
                        : "Create the web application with slug " + e.names().slug("web") + " and its provider.";
            }
            return List.of(Finding.fail(ID, url, expected, String.join("; ", problems), step, remedy));
        }
        if (!r.contentType().contains("application/json")) {
            problems.add("Content-Type is \"" + r.contentType() + "\"");
        }
        JsonNode doc;
        try {
            doc = r.json();
        } catch (IllegalStateException ex) {
            problems.add(ex.getMessage());
            return List.of(Finding.fail(ID, url, expected, String.join("; ", problems), GuideSteps.proxyRule(e),
                    remedy != null ? remedy : "Point the proxy rule at an application's discovery document."));
        }
        String served = doc.path("issuer").asText(null);
        if (!e.issuer().equals(served)) {
            problems.add("issuer is \"" + served + "\"");
            if (remedy == null) {
                remedy = servedIssuerRemedy(e, served, null);
            }
        } else if (!served.equals(configured) && remedy == null) {
            remedy = configuredIssuerRemedy(e, configured);
        }
        List<String> insecure = insecureEndpoints(doc);
        if (!insecure.isEmpty()) {
            problems.add("not https: " + insecure);
            if (remedy == null) {
                remedy = servedIssuerRemedy(e, "http://" + e.names().idpHost() + "/", null);
            }
        }
        String actual = "issuer \"" + served + "\", jwks_uri " + doc.path("jwks_uri").asText("(none)");
        if (problems.isEmpty()) {
            return List.of(Finding.pass(ID, url, expected, "200 " + r.contentType() + ", " + actual, step));
        }
        return List.of(Finding.fail(ID, url, expected, String.join("; ", problems) + " (" + actual + ")", step, remedy));
    }

    /** The remedy for a configured IDP_ISSUER_URL that is not the guide's issuer, in the terms of what it is instead. */
    static String configuredIssuerRemedy(Expectation e, String configured) {
        if (configured != null && (configured + "/").equals(e.issuer())) {
            return "Set IDP_ISSUER_URL=" + e.issuer() + " in opencloud-compose's .env (with the trailing slash) and restart OpenCloud.";
        }
        if (e.sharedIssuer() && configured != null && configured.contains("/application/o/")) {
            return "IDP_ISSUER_URL names one application while the providers share the global issuer: set IDP_ISSUER_URL="
                    + e.issuer() + " in opencloud-compose's .env and restart OpenCloud.";
        }
        return "Set IDP_ISSUER_URL=" + e.issuer() + " in opencloud-compose's .env and restart OpenCloud.";
    }

    /**
     * The remedy for an issuer authentik served that is not the guide's, chosen from what it is: http (the
     * forwarded scheme did not count), another host (Host or X-Forwarded-Host rewritten), an application issuer
     * in a shared setup (that provider's issuer mode), the root issuer in web-only (global mode on the provider).
     *
     * @param clientId the provider concerned, or null for the one whose discovery the proxy serves
     */
    static String servedIssuerRemedy(Expectation e, String served, String clientId) {
        String provider = clientId != null ? "provider " + clientId : "the provider whose discovery the proxy serves";
        if (served == null) {
            return "Serve an application's discovery document (with its issuer) at the shared issuer's discovery path.";
        }
        java.net.URI u;
        try {
            u = java.net.URI.create(served);
        } catch (IllegalArgumentException ex) {
            return "authentik served the issuer \"" + served + "\", which is no URL: check the proxy in front of authentik.";
        }
        if ("http".equals(u.getScheme())) {
            return "authentik built an http issuer: the proxy must send X-Forwarded-Proto https (header_up X-Forwarded-Proto https), "
                    + "and from authentik 2026.8 only a proxy inside AUTHENTIK_LISTEN__TRUSTED_PROXY_CIDRS is believed: "
                    + "add the proxy's network to that setting when the header is sent but ignored.";
        }
        String host = u.getRawAuthority();
        if (host != null && !host.equalsIgnoreCase(e.names().idpHost())) {
            return "authentik built the issuer from the host \"" + host + "\", not " + e.names().idpHost()
                    + ": the proxy must pass the Host header unchanged (or a trusted X-Forwarded-Host) to authentik.";
        }
        if (e.sharedIssuer() && u.getPath() != null && u.getPath().startsWith("/application/o/")) {
            return "Set the issuer mode of " + provider + " to global ('Same identifier is used for all providers').";
        }
        if (!e.sharedIssuer() && "/".equals(u.getPath())) {
            return "Set the issuer mode of " + provider + " back to per provider (web-only uses the application's own issuer), "
                    + "or follow the web-desktop-mobile setup.";
        }
        return "authentik serves the issuer \"" + served + "\"; the guide's is \"" + e.issuer() + "\": check the issuer mode of "
                + provider + " and the proxy in front of authentik.";
    }

    static List<String> insecureEndpoints(JsonNode doc) {
        List<String> out = new ArrayList<>();
        doc.fields().forEachRemaining(f -> {
            if ((f.getKey().endsWith("_endpoint") || f.getKey().equals("jwks_uri") || f.getKey().equals("issuer"))
                    && !f.getValue().asText("").startsWith("https://")) {
                out.add(f.getKey() + "=" + f.getValue().asText());
            }
        });
        if (!doc.has("jwks_uri")) {
            out.add("jwks_uri missing");
        }
        return out;
    }
}
