package io.github.akoc.login;

import java.nio.file.Path;
import java.util.List;

/**
 * What a real browser saw logging in: OpenCloud → authentik's login page → back to OpenCloud.
 * {@code steps} are the hosts/paths passed through in order; on failure the screenshot and page source
 * are written beside the report.
 */
public record BrowserLogin(boolean signedIn, String finalUrl, String signedInAs, List<String> steps, String error,
                           Path screenshot, Path pageSource, String accessToken, SilentRenew silentRenew) {

    /**
     * {@code accessToken}: the one the signed-in web UI holds (oidc-client-ts keeps its user in web storage), null if none;
     * {@code silentRenew}: what renewing it as the web UI does gave, null when not signed in.
     */
    @Override
    public String toString() {
        return "BrowserLogin[signedIn=" + signedIn + ", finalUrl=" + finalUrl + ", signedInAs=" + signedInAs + ", steps=" + steps
                + ", error=" + error + ", accessToken=" + (accessToken == null ? "none" : "(" + accessToken.length() + " chars)")
                + ", silentRenew=" + silentRenew + "]";
    }
}
