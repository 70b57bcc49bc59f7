package io.github.akoc.check;

import io.github.akoc.deployment.Provider;
import io.github.akoc.deployment.Deployment;
import io.github.akoc.world.HttpResult;

import java.util.List;

/**
 * {@code webfinger.web-client}: WebFinger for platform web hands out a non-empty client id. The web UI takes
 * its client id from there and does not even start the login when it is empty.
 */
public final class WebfingerWebClientCheck implements Check {
    public static final String ID = "webfinger.web-client";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> run(CheckContext ctx) {
        Deployment s = ctx.setup();
        Provider web = s.webProvider();
        String url = Webfinger.url(s, web.platform());
        String expected = "a non-empty client_id for platform web (the provider's is " + web.clientId() + ")";
        HttpResult r = ctx.get(url);
        String remedy = "Set " + web.webfingerEnvPrefix() + "ID=" + web.clientId() + " in opencloud-compose's .env.";
        if (r.status() != 200) {
            return List.of(Finding.fail(ID, web.platform(), expected, url + " answered " + r.status(),
                    GuideSteps.webfinger(s, web), remedy));
        }
        String served = r.json().path("properties").path(Webfinger.CLIENT_ID).asText("");
        return List.of(served.isBlank()
                ? Finding.fail(ID, web.platform(), expected, "client_id is empty: the web UI cannot start the login",
                GuideSteps.webfinger(s, web), remedy)
                : Finding.pass(ID, web.platform(), expected, "client_id \"" + served + "\"", GuideSteps.webfinger(s, web)));
    }
}
