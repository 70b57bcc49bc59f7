package io.github.akoc.login;

import java.util.List;

/**
 * What logging out of the signed-in web UI did, as the web UI logs out (logout.js: the stored user forgotten, the browser
 * sent to the issuer's end_session_endpoint with id_token_hint, post_logout_redirect_uri {@code <origin>/} and a state)
 * and where the browser then came to rest. {@code endSessionUrl} is null when the web UI would not go to authentik at
 * all ({@code detail} says why); {@code steps} are the pages passed through, {@code detail} what the last page showed.
 */
public record WebLogout(String endSessionUrl, Ending ending, String finalUrl, List<String> steps, String detail) {
    public WebLogout {
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    /** Where the browser came to rest after end-session. */
    public enum Ending {
        /** back at OpenCloud and signed in again, without a password: authentik's session outlived the logout */
        RETURNED_SIGNED_IN,
        /** back at OpenCloud, whose web UI then sent the browser to authentik's login: logged out of both */
        RETURNED_TO_LOGIN,
        /** on authentik's "You've logged out of APP" page (SessionEndStage): not returned, still signed in to authentik */
        SESSION_END_PAGE,
        /** on authentik's login page without passing OpenCloud again: not returned, logged out of authentik */
        AUTHENTIK_LOGIN,
        /** an error page (authentik's "Bad Request" or "Not found", or OpenCloud's) */
        ERROR_PAGE,
        /** none of these within the bound, or the web UI did not go to authentik */
        NO_END
    }
}
