package io.github.akoc.check;

import io.github.akoc.login.BrowserLogin;
import io.github.akoc.expectation.Expectation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code browser.web-login}: a real browser went OpenCloud → authentik's login page → back to OpenCloud and
 * is signed in. On failure the screenshot and page source written by the login layer are named in the finding.
 */
public final class BrowserWebLoginCheck implements Check {
    public static final String ID = "browser.web-login";

    @Override
    public String id() {
        return ID;
    }

    /**
     * The web UI a check of the signed-in browser acts on, or the skip it reports instead: without an account, or when
     * the login did not sign in (that is this check's finding, not theirs).
     */
    static Optional<Finding> skipUnlessSignedIn(String check, CheckContext ctx) {
        String subject = ctx.expectation().opencloudUrl();
        if (ctx.session().isEmpty()) {
            return Optional.of(Finding.skip(check, subject, TokenPerClientCheck.NEEDS_ACCOUNT));
        }
        BrowserLogin login = ctx.session().get().browserLogin();
        if (login == null || !login.signedIn()) {
            return Optional.of(Finding.skip(check, subject, "the web UI did not sign in (see browser.web-login)").needing(ID));
        }
        return Optional.empty();
    }

    @Override
    public List<Finding> run(CheckContext ctx) {
        Expectation e = ctx.expectation();
        String subject = e.opencloudUrl();
        String idp = e.names().idpHost();
        if (ctx.session().isEmpty()) {
            return List.of(Finding.skip(ID, subject, TokenPerClientCheck.NEEDS_ACCOUNT));
        }
        BrowserLogin login = ctx.session().get().browserLogin();
        if (login == null) {
            return List.of(Finding.skip(ID, subject, "no browser login was made in this run"));
        }
        String expected = "signed in, through https://" + idp + "'s login page, back on " + subject;
        List<String> problems = new ArrayList<>();
        if (!login.signedIn()) {
            problems.add("not signed in" + (login.error() != null ? ": " + login.error() : ""));
        }
        List<String> steps = login.steps() == null ? List.of() : login.steps();
        if (steps.stream().noneMatch(step -> step.contains(idp))) {
            problems.add("never passed through " + idp);
        }
        String end = login.finalUrl() == null ? "" : login.finalUrl();
        if (!(end.equals(subject) || end.startsWith(subject + "/"))) {
            problems.add("ended on " + login.finalUrl());
        }
        String actual = "steps " + steps + ", final " + login.finalUrl()
                + (login.signedInAs() != null ? ", signed in as " + login.signedInAs() : "");
        if (problems.isEmpty()) {
            return List.of(Finding.pass(ID, subject, expected, actual, GuideSteps.verifiedLogin(e)));
        }
        String evidence = (login.screenshot() != null ? "; screenshot " + login.screenshot() : "")
                + (login.pageSource() != null ? "; page source " + login.pageSource() : "");
        String remedy = login.error() != null && login.error().contains("by CORS")
                ? "The browser may read authentik's discovery, token and userinfo only from an origin of that provider's redirect "
                + "URIs: serve the web application's discovery at the issuer (the proxy rule: rewrite /.well-known/openid-configuration to "
                + "/application/o/" + e.names().slug("web") + "/.well-known/openid-configuration), not a native app's."
                : "Fix the failures of webfinger.*, opencloud.web-config and discovery.shared-issuer "
                + "first; if all pass, open the screenshot: the web UI reads its client id from WebFinger "
                + "and the issuer from IDP_ISSUER_URL.";
        return List.of(Finding.fail(ID, subject, expected, String.join("; ", problems) + " (" + actual + ")" + evidence,
                GuideSteps.verifiedLogin(e), remedy)
                .needing(WebfingerWebClientCheck.ID, WebfingerPlatformsCheck.ID + "/web", DiscoverySharedIssuerCheck.ID, OpenCloudCspCheck.ID,
                        Observed.tokensKey(e.webClient()), OpenCloudAcceptsTokensCheck.ID + "/" + e.webClient().clientId()));
    }
}
