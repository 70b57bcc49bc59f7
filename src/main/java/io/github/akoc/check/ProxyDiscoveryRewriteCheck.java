package io.github.akoc.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.akoc.deployment.Deployment;
import io.github.akoc.world.HttpResult;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code proxy.discovery-rewrite}: the proxy in front of authentik serves, at the root discovery path, the
 * discovery of the discoverySlug application (authentik itself serves nothing there), with every URL https
 * (proof that X-Forwarded-Proto https reached authentik), and rewrites nothing else: two other paths answer
 * what authentik answers for them, not the discovery document. With an application issuer (web-only) the
 * guide does not need the rule; then the check runs only if the setup says the proxy has it.
 */
public final class ProxyDiscoveryRewriteCheck implements Check {
    public static final String ID = "proxy.discovery-rewrite";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> run(CheckContext ctx) {
        Deployment s = ctx.setup();
        String root = s.authentik().baseUrl() + ".well-known/openid-configuration";
        if (!GuideSteps.sharedIssuerMode(s) && !s.proxy().rewriteDiscovery()) {
            return List.of(Finding.skip(ID, root, "the issuer is the application's own; " + s.name() + " needs no root rewrite"));
        }
        String slug = s.authentik().discoverySlug();
        String app = s.authentik().baseUrl() + "application/o/" + slug + "/.well-known/openid-configuration";
        String expected = "200 with the discovery of application " + slug + ", every URL https; "
                + "other root paths not rewritten";
        String step = GuideSteps.proxyRule(s);
        HttpResult r = ctx.get(root);
        HttpResult a = ctx.get(app);
        List<String> problems = new ArrayList<>();
        String remedy = null;
        JsonNode rootDoc = null;
        if (r.status() != 200) {
            problems.add(root + " answered " + r.status());
            remedy = "Add the guide's proxy rule: @discovery path /.well-known/openid-configuration, rewrite @discovery "
                    + "/application/o/" + slug + "/.well-known/openid-configuration.";
        } else {
            rootDoc = parse(r, problems);
            JsonNode appDoc = a.status() == 200 ? parse(a, problems) : null;
            if (a.status() != 200) {
                problems.add(app + " answered " + a.status());
                remedy = "Create the application with slug " + slug + " (the discoverySlug) or point the rewrite at an existing one.";
            } else if (rootDoc != null && !rootDoc.equals(appDoc)) {
                problems.add("the root document differs from application " + slug + "'s (root issuer "
                        + rootDoc.path("issuer").asText() + ", application's " + (appDoc == null ? "?" : appDoc.path("issuer").asText()) + ")");
                remedy = "Rewrite /.well-known/openid-configuration to /application/o/" + slug + "/.well-known/openid-configuration.";
            }
            if (rootDoc != null) {
                List<String> insecure = Observed.urls(rootDoc).stream().filter(u -> !u.contains("=https://")).toList();
                if (!insecure.isEmpty()) {
                    problems.add("not https: " + insecure);
                    remedy = remedy != null ? remedy : "Add header_up X-Forwarded-Proto https to the reverse_proxy in front of authentik.";
                }
            }
        }
        for (String other : List.of(s.authentik().baseUrl() + ".well-known/webfinger-not-there",
                s.authentik().baseUrl() + "application/o/" + slug + "/jwks/")) {
            HttpResult o = ctx.get(other);
            if (o.status() == 200 && rootDoc != null && isSameDocument(o, rootDoc)) {
                problems.add(other + " also answers with the discovery document");
                remedy = remedy != null ? remedy : "Match only the path /.well-known/openid-configuration in the proxy rule (@discovery path ...).";
            }
        }
        String actual = "root " + r.status() + (rootDoc != null ? ", issuer " + rootDoc.path("issuer").asText() : "");
        return List.of(problems.isEmpty() ? Finding.pass(ID, root, expected, actual + ", same as application " + slug
                + ", all https, other paths untouched", step)
                : Finding.fail(ID, root, expected, String.join("; ", problems), step, remedy));
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
