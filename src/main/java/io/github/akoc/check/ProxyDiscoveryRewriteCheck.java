package io.github.akoc.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.akoc.expectation.Expectation;
import io.github.akoc.expectation.ExpectedClient;
import io.github.akoc.world.HttpResult;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code proxy.discovery-rewrite}: the proxy in front of authentik serves, at the root discovery path, the
 * discovery of ONE of the clients' applications (authentik itself serves nothing there; the guide leaves the
 * choice of application open, and the finding says which one it is), with every URL https (proof that
 * X-Forwarded-Proto https reached authentik and counted), and rewrites nothing else: two other paths answer
 * what authentik answers for them, not the discovery document. web-only needs no rule: when nothing is served
 * at the root there, the finding is a SKIP; a rule that is there is checked all the same.
 */
public final class ProxyDiscoveryRewriteCheck implements Check {
    public static final String ID = "proxy.discovery-rewrite";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> run(CheckContext ctx) {
        Expectation e = ctx.expectation();
        String base = e.names().idpBaseUrl();
        String root = base + ".well-known/openid-configuration";
        String step = GuideSteps.proxyRule(e);
        HttpResult r = ctx.get(root);
        if (!e.sharedIssuer() && r.status() != 200) {
            return List.of(Finding.skip(ID, root, "the issuer is the application's own; " + e.setup() + " needs no root rewrite"));
        }
        String expected = "200 with the discovery of one client's application, every URL https; other root paths not rewritten";
        List<String> problems = new ArrayList<>();
        String remedy = null;
        JsonNode rootDoc = null;
        String target = null;
        if (r.status() != 200) {
            problems.add(root + " answered " + r.status());
            remedy = "Add the guide's proxy rule: @discovery path /.well-known/openid-configuration, rewrite @discovery "
                    + "/application/o/" + e.names().slug("web") + "/.well-known/openid-configuration.";
        } else {
            rootDoc = parse(r, problems);
            for (ExpectedClient c : e.clients()) {
                HttpResult a = ctx.get(e.applicationDiscoveryUrl(c.platform()));
                if (rootDoc != null && a.status() == 200 && isSameDocument(a, rootDoc)) {
                    target = e.names().slug(c.platform());
                    break;
                }
            }
            if (rootDoc != null && target == null) {
                problems.add("the root document is no client application's discovery (root issuer " + rootDoc.path("issuer").asText()
                        + ", jwks_uri " + rootDoc.path("jwks_uri").asText() + ")");
                remedy = "Rewrite /.well-known/openid-configuration to /application/o/<slug>/.well-known/openid-configuration "
                        + "of one of the clients' applications (" + e.names().slugs().values() + ").";
            }
            if (rootDoc != null) {
                List<String> insecure = Observed.urls(rootDoc).stream().filter(u -> !u.contains("=https://")).toList();
                if (!insecure.isEmpty()) {
                    problems.add("not https: " + insecure);
                    remedy = remedy != null ? remedy : DiscoverySharedIssuerCheck.servedIssuerRemedy(e, "http://" + e.names().idpHost() + "/", null);
                }
            }
        }
        for (String other : List.of(base + ".well-known/webfinger-not-there",
                base + "application/o/" + e.names().slug("web") + "/jwks/")) {
            HttpResult o = ctx.get(other);
            if (o.status() == 200 && rootDoc != null && isSameDocument(o, rootDoc)) {
                problems.add(other + " also answers with the discovery document");
                remedy = remedy != null ? remedy : "Match only the path /.well-known/openid-configuration in the proxy rule (@discovery path ...).";
            }
        }
        String actual = "root " + r.status() + (rootDoc != null ? ", issuer " + rootDoc.path("issuer").asText() : "")
                + (target != null ? ", the discovery of application " + target : "");
        return List.of(problems.isEmpty() ? Finding.pass(ID, root, expected, actual + ", all https, other paths untouched", step)
                : Finding.fail(ID, root, expected, String.join("; ", problems) + " (" + actual + ")", step, remedy));
    }

    private static JsonNode parse(HttpResult r, List<String> problems) {
        try {
            return r.json();
        } catch (IllegalStateException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    private static boolean isSameDocument(HttpResult o, JsonNode doc) {
        try {
            return doc.equals(o.json());
        } catch (IllegalStateException e) {
            return false;
        }
    }
}
