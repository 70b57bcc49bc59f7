package io.github.akoc.login;

import java.nio.file.Path;
import java.util.List;

/**
 * What a real browser saw logging in: OpenCloud → authentik's login page → back to OpenCloud.
 * {@code steps} are the hosts/paths passed through in order; on failure the screenshot and page source
 * are written beside the report.
 */
public record BrowserLogin(boolean signedIn, String finalUrl, String signedInAs, List<String> steps, String error,
                           Path screenshot, Path pageSource) {
}
