package io.github.akoc.check;

import io.github.akoc.expectation.ExpectedClient;
import io.github.akoc.expectation.Expectation;
import io.github.akoc.world.HttpResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code webfinger.native-scopes}: each native app will REQUEST offline_access, so that it can get a refresh token.
 * The scopes an app requests are the ones WebFinger tells its platform (ADR 0003), or its built-in list for an app
 * that reads none (iOS 1.0.1): authentik never adds a scope, so a list without offline_access means no refresh
 * token and a logout when the access token expires, with no error anywhere (owncloud/ocis#10984; field-failures #9).
 * Unlike webfinger.platforms, which holds the served values to the guide's, this judges what the app ends up asking.
 */
public final class WebfingerNativeScopesCheck implements Check {
    public static final String ID = "webfinger.native-scopes";

    @Override
    public String id() {
        return ID;
    }

    /** Only native apps that need a refresh token are asked about: web-only has none. */
    @Override
    public boolean appliesTo(Expectation e) {
        return e.clients().stream().anyMatch(WebfingerNativeScopesCheck::asked);
    }

    private static boolean asked(ExpectedClient c) {
        return !c.platform().equals("web") && c.profile().refresh().needed();
    }

    @Override
    public List<Finding> run(CheckContext ctx) {
        Expectation e = ctx.expectation();
        List<Finding> out = new ArrayList<>();
        for (ExpectedClient c : e.clients()) {
            if (!asked(c)) {
                continue;
            }
            String step = GuideSteps.offlineAccess(e, c);
            String expected = "the scopes the " + c.profile().client() + " requests include offline_access";
            if (!c.profile().scopes().fromWebfinger()) {
                Set<String> builtin = Set.copyOf(c.profile().scopes().builtin());
                String actual = "built-in scopes " + c.profile().scopes().builtin() + " (the app reads none from WebFinger)";
                out.add(builtin.contains("offline_access") ? Finding.pass(ID, c.platform(), expected, actual, step)
                        : Finding.fail(ID, c.platform(), expected, actual, step, "The " + c.profile().client()
                        + " cannot be configured to ask for offline_access: use a version that does."));
                continue;
            }
            String url = Webfinger.url(e, c);
            HttpResult r = ctx.get(url);
            if (r.status() != 200) {
                out.add(Finding.fail(ID, c.platform(), expected, url + " answered " + r.status(), step,
                        "Serve OpenCloud's WebFinger at /.well-known/webfinger (see webfinger.platforms).")
                        .needing(WebfingerPlatformsCheck.ID + "/" + c.platform()));
                continue;
            }
            Set<String> served = Webfinger.scopes(r.json().path("properties"));
            String actual = "WebFinger tells platform " + c.platform() + " the scopes " + served;
            if (served.contains("offline_access")) {
                out.add(Finding.pass(ID, c.platform(), expected, actual, step));
            } else {
                out.add(Finding.fail(ID, c.platform(), expected, actual + ": the app gets no refresh token and is logged out "
                        + "when its access token expires", step, "Add offline_access to " + c.webfingerEnvPrefix()
                        + "SCOPES in opencloud-compose's .env (the " + c.platform() + " app requests exactly these) and restart OpenCloud."));
            }
        }
        return out;
    }
}
