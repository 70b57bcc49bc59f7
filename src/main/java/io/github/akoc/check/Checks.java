package io.github.akoc.check;

import java.util.ArrayList;
import java.util.List;

/**
 * The catalogue of DESIGN.md in its order, and the one way to run it. A check that throws becomes a FAIL
 * finding carrying the exception, never a silent gap in the report.
 *
 * <p>Predicted failures per misconfiguration of DESIGN.md's catalogue, for web-desktop-mobile (subjects:
 * client ids W=web, D=OpenCloudDesktop, A=OpenCloudAndroid, I=OpenCloudIOS; "*" = every client; URL
 * subjects abbreviated as "url"). Everything not listed passes (or skips without an account).
 * <table>
 * <caption>mutation → failing check/subject</caption>
 * <tr><th>mutation</th><th>expected FAIL findings</th></tr>
 * <tr><td>per-provider issuer on D</td><td>discovery.per-client/D, token.per-client/D, opencloud.accepts-tokens/D</td></tr>
 * <tr><td>a different signing key on D</td><td>jwks.single-key/D, token.per-client/D, opencloud.accepts-tokens/D
 * (on the discoverySlug's client W instead: jwks.single-key/D,A,I, token.per-client/D,A,I, accepts-tokens/D,A,I)</td></tr>
 * <tr><td>no signing key (HS256) on D</td><td>jwks.single-key/D (empty JWKS), token.per-client/D, opencloud.accepts-tokens/D;
 * on W (the discoverySlug's provider): the shared JWKS is empty, so jwks.single-key/*, token.per-client/*,
 * opencloud.accepts-tokens/*, opencloud.default-role/url, browser.web-login/url</td></tr>
 * <tr><td>no discovery rewrite at the root</td><td>discovery.shared-issuer/url, proxy.discovery-rewrite/url, and what
 * really follows from it: jwks.single-key/* and token.per-client/* (no shared JWKS), opencloud.accepts-tokens/* (OpenCloud
 * cannot fetch discovery), opencloud.default-role/url, browser.web-login/url. In web-only: only proxy.discovery-rewrite/url
 * (and only if the setup declares the rule), since its issuer is the application's own.</td></tr>
 * <tr><td>issuer URL without its trailing slash</td><td>discovery.shared-issuer/url, discovery.per-client/*, token.per-client/*,
 * opencloud.accepts-tokens/* ("issuer did not match"), opencloud.default-role/url, browser.web-login/url</td></tr>
 * <tr><td>missing X-Forwarded-Proto</td><td>discovery.shared-issuer/url, proxy.discovery-rewrite/url, discovery.per-client/*,
 * jwks.single-key/* (http jwks_uri), token.per-client/* (http iss), opencloud.accepts-tokens/*,
 * opencloud.default-role/url, browser.web-login/url</td></tr>
 * <tr><td>wrong WebFinger client id for platform desktop</td><td>webfinger.platforms/desktop</td></tr>
 * <tr><td>empty web client id</td><td>webfinger.platforms/web, webfinger.web-client/web, browser.web-login/url</td></tr>
 * <tr><td>offline_access missing on D's provider</td><td>token.refresh/D (WebFinger still tells the app to request it)</td></tr>
 * <tr><td>a too loose desktop redirect regex</td><td>redirect.policy/D</td></tr>
 * <tr><td>roles overlay missing (oidc role driver)</td><td>opencloud.default-role/url; if OpenCloud applies the driver
 * on every request (UNCONFIRMED), also opencloud.accepts-tokens/* (500) and browser.web-login/url</td></tr>
 * <tr><td>provider D without grant types (2026.5+)</td><td>token.per-client/D ("Invalid grant_type");
 * token.refresh/D and opencloud.accepts-tokens/D SKIP (no tokens); on W also browser.web-login/url, and
 * opencloud.default-role skips</td></tr>
 * </table>
 */
public final class Checks {
    private Checks() {
    }

    /** Catalogue order of DESIGN.md. */
    public static List<Check> all() {
        return List.of(
                new DiscoverySharedIssuerCheck(),
                new DiscoveryPerClientCheck(),
                new JwksSingleKeyCheck(),
                new TokenPerClientCheck(),
                new TokenRefreshCheck(),
                new WebfingerPlatformsCheck(),
                new WebfingerWebClientCheck(),
                new OpenCloudWebConfigCheck(),
                new OpenCloudAcceptsTokensCheck(),
                new OpenCloudDefaultRoleCheck(),
                new BrowserWebLoginCheck(),
                new RedirectPolicyCheck(),
                new ProxyDiscoveryRewriteCheck());
    }

    public static List<Finding> run(CheckContext context) {
        return run(all(), context);
    }

    public static List<Finding> run(List<Check> checks, CheckContext context) {
        List<Finding> out = new ArrayList<>();
        for (Check check : checks) {
            try {
                out.addAll(check.run(context));
            } catch (RuntimeException e) {
                out.add(Finding.fail(check.id(), context.setup().name(), "the check runs to its end",
                        e.getClass().getSimpleName() + ": " + e.getMessage(), "",
                        "Fix what the exception names, then run again; a check that throws is a defect of the run or the deployment."));
            }
        }
        return out;
    }
}
