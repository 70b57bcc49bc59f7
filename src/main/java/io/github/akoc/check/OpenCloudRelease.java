package io.github.akoc.check;

import io.github.akoc.expectation.Expectation;
import io.github.akoc.expectation.ExpectedClient;
import io.github.akoc.world.HttpResult;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenCloud release under test as OpenCloud itself reports it (/status.php productversion, "7.3.0+85e63ca" on the
 * real 7.3.0), and what that release can do where remedies differ by release: the one home of those release facts,
 * which the OpenCloud stand-in reads too. Observed, not configured: the verify command meets deployments whose images
 * the suite did not choose.
 */
public record OpenCloudRelease(int major, int minor, String text) {
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.\\d+.*");

    /** PROXY_OIDC_AUDIENCES, off unless set: OpenCloud 8.1.0 release notes (2026-10-05), opencloud-eu/opencloud PR #3466. */
    public static final OpenCloudRelease AUDIENCE_CHECK_SINCE = new OpenCloudRelease(8, 1, "8.1.0");
    /** A token without the roles claim (oidc role driver) gets 403, before 500: 9.1.0 release notes, #3894. */
    public static final OpenCloudRelease ROLES_403_SINCE = new OpenCloudRelease(9, 1, "9.1.0");

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

    /** The PROXY_OIDC_AUDIENCES value that lets every client of the expectation in: their client ids (authentik's aud). */
    static String audiencesFor(Expectation e) {
        return String.join(",", e.clients().stream().map(ExpectedClient::clientId).toList());
    }

    public boolean atLeast(OpenCloudRelease first) {
        return major > first.major || (major == first.major && minor >= first.minor);
    }

    public boolean answers403WithoutRoles() {
        return atLeast(ROLES_403_SINCE);
    }

    public boolean hasAudienceCheck() {
        return atLeast(AUDIENCE_CHECK_SINCE);
    }
}
