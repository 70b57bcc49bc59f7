package io.github.akoc.check;

import io.github.akoc.expectation.Expectation;
import io.github.akoc.login.WebLogout;

import java.util.List;
import java.util.Optional;

/**
 * {@code logout.web}: logging out of the web UI ends at authentik without an error page and returns to OpenCloud. The web
 * UI logs out with oidc-client-ts' signoutRedirect: end_session_endpoint with id_token_hint and post_logout_redirect_uri
 * {@code <origin>/} (opencloud-eu/web v7.2.0 authService.ts logoutUser, userManager.ts). What authentik does with it:
 * <ul>
 * <li>end-session runs the provider's invalidation flow with a SessionEndStage; the guide's
 * default-provider-invalidation-flow has no stage, so the user sees "You've logged out of APP" and stays signed in to
 * authentik; only a User Logout stage (the brand's default-invalidation-flow) ends that session (end_session.py,
 * flows/stage.py, blueprints @version/2026.2.2);</li>
 * <li>before 2026.5 post_logout_redirect_uri is not read, so nothing returns the browser to OpenCloud;</li>
 * <li>from 2026.5 it counts against the provider's Post Logout (logout-type) redirect URIs only, is ignored when there are
 * none (the guide registers none), and is a 400 "Bad Request" page when it matches none; 2026.5.0–2026.5.2 refused it even
 * without any (goauthentik/authentik#22603, #22718 @07b41fff; field-failures #19).</li>
 * </ul>
 * So under the guide this check WARNs with the reason (not returned), and FAILs on an error page. It runs last: it ends the
 * browser's login, and from 2026.5 end-session deletes the web UI's access tokens.
 */
public final class LogoutWebCheck implements Check {
    public static final String ID = "logout.web";

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
        Optional<WebLogout> done = ctx.session().get().logOutOfWebUi();
        if (done.isEmpty()) {
            return List.of(Finding.skip(ID, subject, "this run has no browser left to log out"));
        }
        WebLogout l = done.get();
        String web = e.webClient().clientId();
        String home = subject + "/";
        String expected = "the web UI's logout (end-session with id_token_hint and post_logout_redirect_uri " + home
                + ") ends the authentik session and returns to " + home + " without an error page";
        String step = e.setup() + ": provider " + web + " with the invalidation flow " + ctx.deployment().authentik().invalidationFlow()
                + " and no Post Logout redirect URI (the guide names none)";
        String actual = actual(l);
        String returning = "To come back to OpenCloud after logout, use authentik 2026.5 or later and register exactly " + home
                + " (strict) as a Post Logout redirect URI of provider " + web + " (before 2026.5 authentik does not read "
                + "post_logout_redirect_uri).";
        String ending = "To end the authentik session too, give provider " + web + " an invalidation flow with a User Logout stage "
                + "(authentik's default-invalidation-flow).";
        return List.of(switch (l.ending()) {
            case RETURNED_TO_LOGIN -> Finding.pass(ID, subject, expected, actual, step);
            case SESSION_END_PAGE -> Finding.warn(ID, subject, expected, actual, step, "Beyond the guide: logging out of OpenCloud "
                    + "leaves the user on authentik's page and still signed in to authentik, so anyone at this browser gets back in "
                    + "without a password. " + returning + " " + ending);
            case AUTHENTIK_LOGIN -> Finding.warn(ID, subject, expected, actual, step, "Beyond the guide: the authentik session "
                    + "ended, but the browser stays at authentik. " + returning);
            case RETURNED_SIGNED_IN -> Finding.warn(ID, subject, expected, actual, step, "Beyond the guide: the logout looks like "
                    + "it did nothing: the browser came back to OpenCloud, and the web UI signed straight in again through authentik's "
                    + "surviving session. " + ending);
            case ERROR_PAGE -> Finding.fail(ID, subject, expected, actual, step, "authentik refused the web UI's logout. From 2026.5 "
                    + "post_logout_redirect_uri " + home + " must match one of provider " + web + "'s Post Logout redirect URIs exactly "
                    + "when it has any (register " + home + ", strict, or none), and the id_token_hint must verify: an encryption key "
                    + "on the provider (JWE tokens) or another issuer fails it. authentik 2026.5.0–2026.5.2 refuse it even without "
                    + "Post Logout URIs (goauthentik/authentik#22603): upgrade.");
            case NO_END -> Finding.fail(ID, subject, expected, actual, step, l.endSessionUrl() == null
                    ? "The web UI cannot log out at authentik: it needs the issuer's discovery to name an end_session_endpoint "
                    + "(authentik's per-application /application/o/<slug>/end-session/) and an id token in its stored user."
                    : "The browser never came to rest on a page after authentik's end-session: see what it shows, and the "
                    + "provider's invalidation flow " + ctx.deployment().authentik().invalidationFlow() + ".");
        });
    }

    private static String actual(WebLogout l) {
        String where = l.endSessionUrl() == null ? "the web UI did not go to authentik: " + l.detail()
                : "end-session " + withoutQuery(l.endSessionUrl()) + " → " + String.join(" → ", l.steps()) + " (" + l.ending()
                + ")" + (l.detail() == null || l.detail().isBlank() ? "" : "; the page: " + l.detail());
        return where;
    }

    private static String withoutQuery(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q) + "?id_token_hint=…&post_logout_redirect_uri=…&state=…";
    }
}
