package io.github.akoc.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.akoc.expectation.Expectation;
import io.github.akoc.login.AuthorizeOutcome;
import io.github.akoc.login.BrowserLogin;
import io.github.akoc.login.SilentRenew;

import java.util.List;
import java.util.Optional;

/**
 * {@code browser.silent-renew}: the signed-in web UI can renew its access token without the user, so it keeps working
 * past the token's lifetime. Without a refresh token (the guide's web scopes have no offline_access) the web UI renews
 * in a hidden iframe to authentik's authorize endpoint with prompt=none, back to oidc-silent-redirect.html, 10 s before
 * the token expires (opencloud-eu/web v7.2.0 authService.ts, oidc-client-ts 3.5.0 signinSilent). The suite sends that
 * same renewal from the web UI's own page right after the login, rather than waiting out the token's lifetime, and
 * OpenCloud must accept the new token for the same user. Field reports: files stop opening after minutes when the
 * CSP's frame-src lacks authentik (opencloud-eu/web#3416, opencloud-compose PR #292; field-failures #10).
 */
public final class BrowserSilentRenewCheck implements Check {
    public static final String ID = "browser.silent-renew";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> run(CheckContext ctx) {
        Expectation e = ctx.expectation();
        String subject = e.opencloudUrl();
        Optional<Finding> skip = BrowserWebLoginCheck.skipUnlessSignedIn(ID, ctx);
        if (skip.isPresent()) {
            return List.of(skip.get());
        }
        BrowserLogin login = ctx.session().get().browserLogin();
        if (login.silentRenew() == null) {
            return List.of(Finding.skip(ID, subject, "this run's browser login made no silent renew"));
        }
        SilentRenew r = login.silentRenew();
        String step = e.setup() + ": the web UI renews in an iframe to authentik (opencloud-compose's csp.yaml allows https://"
                + e.names().idpHost() + "/ in frame-src; the provider's authorization flow shows no page)";
        String expected = "from the signed-in web UI: authorize with prompt=none in an iframe → " + subject
                + "/oidc-silent-redirect.html with a code → a new access token that OpenCloud accepts for the same user";
        if (!r.renewed() && r.error() != null && r.error().contains("error=login_required")) {
            // right after a login the session exists: authentik saw none because the browser withheld its cookie from the
            // cross-site iframe (third-party cookies blocked; measured with Chromium 156, which sends it once they are allowed)
            return List.of(Finding.warn(ID, subject, expected, r.error() + ": the browser sent authentik's session cookie "
                    + "(SameSite=None; Secure) not to the iframe, as a browser blocking third-party cookies does while "
                    + e.names().opencloudHost() + " and " + e.names().idpHost() + " are different sites", step,
                    "Browser-dependent, beyond the guide: where third-party cookies are blocked the web UI cannot renew in its iframe "
                    + "and asks for a new login when its access token expires (authentik's default: hours=1). Serve OpenCloud and "
                    + "authentik under one registrable domain (e.g. cloud.example.com and auth.example.com), or let the web client "
                    + "renew with a refresh token (offline_access in WEBFINGER_WEB_OIDC_CLIENT_SCOPES and on its provider).")
                    .needing(BrowserWebLoginCheck.ID));
        }
        if (!r.renewed()) {
            String actual = r.error() + (r.violations().isEmpty() ? "" : "; CSP reports " + r.violations());
            boolean csp = !r.violations().isEmpty();
            String remedy;
            if (csp) {
                remedy = "Allow https://" + e.names().idpHost() + "/ in the frame-src (and connect-src) of OpenCloud's CSP "
                        + "(opencloud-compose's config/opencloud/csp.yaml after PR #292): the browser blocks the renewal, and the web UI "
                        + "stops working when its access token expires.";
            } else if (r.error() != null && r.error().contains("error=")) {
                remedy = "authentik refused the renewal without a login: give provider " + r.clientId() + " an authorization flow "
                        + "without stages (the guide's default-provider-authorization-implicit-consent), and serve authentik over https "
                        + "behind the proxy (X-Forwarded-Proto https), so its session cookie is SameSite=None; Secure and reaches the iframe.";
            } else {
                // the iframe's page is another origin's: what it showed is learnt by asking authentik the same question
                String silentRedirect = subject + "/oidc-silent-redirect.html";
                AuthorizeOutcome asked = ctx.session().get().authorizer() == null ? null
                        : ctx.session().get().authorizer().authorize(e.webClient(), silentRedirect);
                actual += asked == null ? "" : "; the same request as the signed-in user outside the iframe: " + asked.status()
                        + (asked.location() != null ? " to " + asked.location().replaceAll("([?&]code=)[^&]*", "$1…") : "")
                        + (asked.error() != null ? " (" + asked.error() + ")" : "");
                if (asked != null && asked.location() == null) {
                    remedy = "The iframe showed authentik's error page, which authentik forbids in frames (X-Frame-Options DENY): it "
                            + "refuses the redirect URI " + silentRedirect + ". Register it (strict) on provider " + e.webClient().clientId()
                            + ", as the guide does.";
                } else if (asked != null && asked.redirectedWithCode(silentRedirect)) {
                    remedy = "authentik answers the renewal with a code once its flow has run, so the iframe showed a page of that flow "
                            + "(a stage such as consent, which authentik forbids in frames: X-Frame-Options DENY). Give provider "
                            + e.webClient().clientId() + " the guide's authorization flow default-provider-authorization-implicit-consent.";
                } else {
                    remedy = "The renewal never came back to oidc-silent-redirect.html and authentik answers it with no code even "
                            + "outside the iframe: see redirect.policy and token.per-client for provider " + e.webClient().clientId() + ".";
                }
            }
            Finding f = Finding.fail(ID, subject, expected, actual, step, remedy).needing(BrowserWebLoginCheck.ID);
            return List.of(csp ? f.needing(OpenCloudCspCheck.ID) : f);
        }
        String me = Observed.graphMe(e);
        JsonNode renewed = Observed.openCloudUser(ctx, r.accessToken());
        JsonNode before = Observed.openCloudUser(ctx, login.accessToken());
        String renewedId = renewed == null ? null : renewed.get("id").asText();
        String beforeId = before == null ? null : before.get("id").asText();
        String actual = "renewed for client " + r.clientId() + " at " + r.authority() + "; GET " + me + " with the new token: "
                + ctx.getWithBearer(me, r.accessToken()).status() + (renewedId != null ? " (user " + renewedId + ")" : "");
        if (renewedId != null && renewedId.equals(beforeId)) {
            return List.of(Finding.pass(ID, subject, expected, actual + ", the same user as before", step));
        }
        return List.of(Finding.fail(ID, subject, expected, actual + (beforeId == null ? "" : ", user before " + beforeId), step,
                "OpenCloud does not take the renewed token as it took the first (see opencloud.accepts-tokens and identity.same-user).")
                .needing(OpenCloudAcceptsTokensCheck.ID, IdentitySameUserCheck.ID));
    }
}
