package io.github.akoc.check;

import io.github.akoc.expectation.Expectation;
import io.github.akoc.expectation.ExpectedClient;
import io.github.akoc.world.HttpResult;

import java.util.List;

/**
 * {@code webfinger.web-client}: WebFinger, asked as the web UI asks it, hands out a non-empty client id. The
 * web UI takes its client id from there, overriding config.json, and with an empty one oidc-client-ts throws
 * before any redirect: the page stays on its spinner.
 */
public final class WebfingerWebClientCheck implements Check {
    public static final String ID = "webfinger.web-client";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> run(CheckContext ctx) {
        Expectation e = ctx.expectation();
        ExpectedClient web = e.webClient();
        String url = Webfinger.url(e, web);
        String expected = "a non-empty client_id for platform web (the guide's is " + web.clientId() + ")";
        HttpResult r = ctx.get(url);
        String remedy = "Set " + web.webfingerEnvPrefix() + "ID=" + web.clientId() + " in opencloud-compose's .env, remove any "
                + "overlay that sets it empty, and restart OpenCloud.";
        if (r.status() != 200) {
            return List.of(Finding.fail(ID, web.platform(), expected, url + " answered " + r.status(),
                    GuideSteps.webfinger(e, web), remedy).needing(WebfingerPlatformsCheck.ID + "/web"));
        }
        String served = r.json().path("properties").path(Webfinger.CLIENT_ID).asText("");
        return List.of(served.isBlank()
                ? Finding.fail(ID, web.platform(), expected, "client_id is empty: the web UI cannot start the login",
                GuideSteps.webfinger(e, web), remedy)
                : Finding.pass(ID, web.platform(), expected, "client_id \"" + served + "\"", GuideSteps.webfinger(e, web)));
    }
}
