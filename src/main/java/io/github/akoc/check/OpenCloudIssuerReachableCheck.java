package io.github.akoc.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.akoc.expectation.Expectation;
import io.github.akoc.world.HttpResult;

import java.util.List;

/**
 * {@code opencloud.issuer-reachable}: what OpenCloud ITSELF sees of the issuer, without an account. With
 * PROXY_OIDC_REWRITE_WELLKNOWN=true (opencloud-compose's idm/external-idp.yml) OpenCloud answers
 * {@code /.well-known/openid-configuration} by fetching the issuer's discovery server-side and relaying it, and
 * answers 500 when that fetch fails (services/proxy/pkg/staticroutes/oidc_well-known.go @85e63ca2, 7.3.0); without
 * the rewrite the path goes to the built-in IdP's route (502 under opencloud-compose). So DNS, hairpin NAT,
 * TLS trust and firewalls between the OpenCloud container and authentik show here (field-failures #12, #13), and
 * desktop 3.x, which reads discovery there, fails without the rewrite (#18).
 */
public final class OpenCloudIssuerReachableCheck implements Check {
    public static final String ID = "opencloud.issuer-reachable";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> run(CheckContext ctx) {
        Expectation e = ctx.expectation();
        String url = e.opencloudUrl() + "/.well-known/openid-configuration";
        String expected = "200 JSON relayed by OpenCloud from the issuer's discovery, issuer \"" + e.issuer() + "\"";
        String step = step(e);
        HttpResult r;
        try {
            r = ctx.get(url);
        } catch (RuntimeException ex) {
            return List.of(Finding.fail(ID, url, expected, "could not be fetched: " + ex.getMessage(), step,
                    "Make OpenCloud reachable at " + e.opencloudUrl() + " (see the other opencloud.* findings)."));
        }
        JsonNode doc = r.status() == 200 && r.contentType().contains("json") ? parse(r) : null;
        if (doc != null && e.issuer().equals(doc.path("issuer").asText(null))) {
            return List.of(Finding.pass(ID, url, expected, "200 " + r.contentType() + ", issuer \"" + e.issuer()
                    + "\", jwks_uri " + doc.path("jwks_uri").asText("(none)"), step));
        }
        String actual;
        String remedy;
        if (doc != null) {
            actual = "200, issuer \"" + doc.path("issuer").asText(null) + "\"";
            remedy = "OpenCloud reads a discovery document whose issuer is not the guide's: set IDP_ISSUER_URL=" + e.issuer()
                    + " in opencloud-compose's .env and make the proxy rule serve the " + (e.sharedIssuer() ? "web application's" : "application's")
                    + " discovery there; restart OpenCloud.";
        } else if (r.status() == 500) {
            actual = "500 (OpenCloud could not fetch the issuer's discovery): " + OpenCloudAcceptsTokensCheck.brief(r.body());
            remedy = "From inside the OpenCloud container, " + e.issuerDiscoveryUrl() + " must resolve, connect and be trusted: "
                    + "make " + e.names().idpHost() + " resolve to the reverse proxy from OpenCloud's network (DNS or extra_hosts, "
                    + "hairpin NAT), let the container reach it through the firewall, and give OpenCloud the CA of authentik's "
                    + "certificate (SSL_CERT_FILE), rather than OC_INSECURE=true.";
        } else if (!Observed.discovery(ctx, e.issuerDiscoveryUrl()).ok()) {
            actual = r.status() + " " + r.contentType() + ", relaying what the issuer's discovery answers";
            remedy = "OpenCloud relays the status of the issuer's discovery: make " + e.issuerDiscoveryUrl()
                    + " answer 200 (see discovery.shared-issuer).";
        } else {
            // the issuer's discovery works, yet OpenCloud does not relay it: the route is not registered, and the
            // path goes to the built-in IdP's route, which opencloud-compose does not run (502)
            actual = r.status() + " " + r.contentType() + ": not the issuer's discovery, which itself answers 200";
            remedy = "Run OpenCloud with PROXY_OIDC_REWRITE_WELLKNOWN=true (opencloud-compose's idm/external-idp.yml sets it): "
                    + "without it OpenCloud does not serve the issuer's discovery at " + url + ", which desktop 3.x reads.";
        }
        // when the issuer's discovery fails for everyone, OpenCloud relaying that failure is a consequence
        return List.of(Finding.fail(ID, url, expected, actual, step, remedy).needing(DiscoverySharedIssuerCheck.ID));
    }

    static String step(Expectation e) {
        return e.setup() + ": opencloud-compose idm/external-idp.yml (PROXY_OIDC_REWRITE_WELLKNOWN=true) with .env IDP_ISSUER_URL="
                + e.issuer() + "; OpenCloud must reach and trust authentik by that name from its container";
    }

    private static JsonNode parse(HttpResult r) {
        try {
            JsonNode j = r.json();
            return j.isObject() ? j : null;
        } catch (IllegalStateException ex) {
            return null;
        }
    }
}
