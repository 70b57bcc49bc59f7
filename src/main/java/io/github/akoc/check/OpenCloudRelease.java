package io.github.akoc.check;

import io.github.akoc.world.HttpResult;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenCloud release under test as OpenCloud itself reports it (/status.php productversion, "7.3.0+85e63ca" on the
 * real 7.3.0), and what that release can do where remedies differ by release. Observed, not configured: the verify
 * command meets deployments whose images the suite did not choose.
 */
public record OpenCloudRelease(int major, int minor, String text) {
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.\\d+.*");

    /** PROXY_OIDC_AUDIENCES, off unless set: OpenCloud 8.1.0 release notes (2026-10-05), opencloud-eu/opencloud PR #3466. */
    public static final String AUDIENCE_CHECK_SINCE = "8.1.0";

    public static Optional<OpenCloudRelease> parse(String productVersion) {
        Matcher m = VERSION.matcher(productVersion == null ? "" : productVersion.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new OpenCloudRelease(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), productVersion.strip()));
    }

    /** What /status.php says; empty when it cannot be read (then remedies name what holds for any release). */
    static Optional<OpenCloudRelease> observe(CheckContext ctx) {
        try {
            HttpResult r = ctx.get(ctx.expectation().opencloudUrl() + "/status.php");
            return r.status() == 200 ? parse(r.json().path("productversion").asText("")) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** From 9.1.0 a token without the roles claim (oidc role driver) gets 403, before 500 (9.1.0 release notes, #3894). */
    public boolean answers403WithoutRoles() {
        return major > 9 || (major == 9 && minor >= 1);
    }

    public boolean hasAudienceCheck() {
        return major > 8 || (major == 8 && minor >= 1);
    }
}
