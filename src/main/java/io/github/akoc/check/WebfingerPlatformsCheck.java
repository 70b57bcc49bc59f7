package io.github.akoc.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.akoc.expectation.Expectation;
import io.github.akoc.expectation.ExpectedClient;
import io.github.akoc.world.HttpResult;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code webfinger.platforms}: for each client, OpenCloud's WebFinger answers the request exactly as that
 * app sends it ({@code rel} and encoding included) with 200 JSON, {@code subject} = the resource asked for, the
 * issuer link = the guide's issuer, and the guide's client id and scopes for the platform, which the app takes
 * from there. For an app that reads no properties (iOS 1.0.1 asks for the issuer only) the platform's
 * properties are read as ADR 0003 specifies the request, and the finding says the app ignores them. Scopes are
 * compared as a whitespace-split set (OpenCloud splits lists on commas only, so they arrive as one element).
 */
public final class WebfingerPlatformsCheck implements Check {
    public static final String ID = "webfinger.platforms";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> run(CheckContext ctx) {
        Expectation e = ctx.expectation();
        List<Finding> out = new ArrayList<>();
        for (ExpectedClient c : e.clients()) {
            Set<String> wantScopes = new TreeSet<>(c.webfingerScopes());
            String url = Webfinger.url(e, c);
            String resource = Webfinger.resource(e, c);
            String expected = "200 application/json, subject " + resource + ", issuer " + e.issuer()
                    + ", client_id " + c.clientId() + ", scopes " + wantScopes;
            List<String> problems = new ArrayList<>();
            List<String> needs = new ArrayList<>();
            String remedy = null;
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
                if (!resource.equals(subject)) {
                    problems.add("subject \"" + subject + "\"");
                }
                String issuer = Webfinger.issuerLink(j);
                if (!e.issuer().equals(issuer)) {
                    problems.add("issuer link \"" + issuer + "\"");
                    remedy = DiscoverySharedIssuerCheck.configuredIssuerRemedy(e, issuer);
                    if (ctx.deployment().configuredIssuer().equals(issuer)) {
                        needs.add(DiscoverySharedIssuerCheck.ID); // the configured issuer, reported there
                    }
                }
                JsonNode props = j.path("properties");
                String propsNote = "";
                if (!c.profile().clientId().fromWebfinger() && !c.profile().scopes().fromWebfinger()) {
                    HttpResult platform = ctx.get(Webfinger.platformUrl(e, c));
                    props = platform.status() == 200 ? platform.json().path("properties") : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
                    propsNote = " (properties asked with platform=" + c.platform() + " as ADR 0003 specifies; the " + c.profile().client()
                            + " itself uses its built-in client id and scopes)";
                }
                String servedId = props.path(Webfinger.CLIENT_ID).asText(null);
                if (!c.clientId().equals(servedId)) {
                    problems.add("client_id served \"" + servedId + "\"");
                    remedy = remedy != null ? remedy : "OpenCloud serves client_id \"" + servedId + "\" to the " + c.platform()
                            + " app, the guide's is \"" + c.clientId() + "\": set " + c.webfingerEnvPrefix() + "ID=" + c.clientId()
                            + " in opencloud-compose's .env, remove any compose overlay or environment entry that overrides it, and restart OpenCloud.";
                }
                Set<String> servedScopes = Webfinger.scopes(props);
                if (!servedScopes.equals(wantScopes)) {
                    problems.add("scopes served " + servedScopes);
                    remedy = remedy != null ? remedy : "Set " + c.webfingerEnvPrefix() + "SCOPES=" + String.join(" ", c.webfingerScopes())
                            + " in opencloud-compose's .env and restart OpenCloud: the " + c.platform() + " app requests exactly these.";
                }
                actual = "subject " + subject + ", issuer " + issuer + ", client_id " + servedId + ", scopes " + servedScopes + propsNote;
            }
            if (problems.isEmpty()) {
                out.add(Finding.pass(ID, c.platform(), expected, actual, GuideSteps.webfinger(e, c)));
            } else {
                Finding f = Finding.fail(ID, c.platform(), expected, String.join("; ", problems) + " (" + actual + ")",
                        GuideSteps.webfinger(e, c), remedy != null ? remedy
                                : "Serve OpenCloud's WebFinger unchanged at /.well-known/webfinger (no proxy rewrite on that path).");
                // an empty web client id is webfinger.web-client's finding; this one follows from it
                if (c.platform().equals("web")) {
                    needs.add(WebfingerWebClientCheck.ID + "/web");
                }
                out.add(f.needing(needs.toArray(String[]::new)));
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
