package io.github.akoc.provision;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An authentik release (YEAR.MONTH.PATCH) and the API differences provisioning must respect. Each switch
 * names the release it comes from (facts/authentik.md, and the release's schema.yml).
 */
public record AuthentikVersion(int year, int month, int patch) implements Comparable<AuthentikVersion> {
    private static final Pattern FORM = Pattern.compile("(\\d{4})\\.(\\d{1,2})\\.(\\d+)(?:[-+].*)?");

    public static AuthentikVersion parse(String text) {
        Matcher m = text == null ? null : FORM.matcher(text.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("authentik version '" + text
                    + "' is not a release number: expected YEAR.MONTH.PATCH such as 2026.8.3");
        }
        return new AuthentikVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)));
    }

    public boolean atLeast(int y, int m, int p) {
        return compareTo(new AuthentikVersion(y, m, p)) >= 0;
    }

    private boolean line(int y, int m) {
        return year == y && month == m;
    }

    /**
     * redirect_uris as a list of {matching_mode, url} (CVE-2024-52289 fix, backported to 2024.8.5 and
     * 2024.10.3); before, one newline-separated string.
     */
    public boolean redirectUrisAsList() {
        return line(2024, 8) ? patch >= 5 : atLeast(2024, 10, 3);
    }

    /** Collection path of the scope mappings below /api/v3/ (moved under provider/ in 2024.8). */
    public String scopeMappingPath() {
        return atLeast(2024, 8, 0) ? "propertymappings/provider/scope/" : "propertymappings/scope/";
    }

    /** Redirect URIs carry redirect_uri_type (authorization | logout) from 2026.5 on (schema.yml RedirectURIRequest). */
    public boolean redirectUriTypes() {
        return atLeast(2026, 5, 0);
    }

    /** OAuth2 providers have grant_types from 2026.5 on; one created without them gets []. */
    public boolean grantTypes() {
        return atLeast(2026, 5, 0);
    }

    /**
     * refresh_token_threshold on OAuth2ProviderRequest: absent from 2024.12.3's schema, present in
     * 2025.10.4's. The first release in between that has it is not pinned down (UNCONFIRMED), so the
     * earliest release whose schema we hold with it is the switch.
     */
    public boolean refreshTokenThreshold() {
        return atLeast(2025, 10, 0);
    }

    /** Releases before 2025.10 need Redis beside PostgreSQL. */
    public boolean redis() {
        return !atLeast(2025, 10, 0);
    }

    @Override
    public int compareTo(AuthentikVersion o) {
        int c = Integer.compare(year, o.year);
        if (c == 0) {
            c = Integer.compare(month, o.month);
        }
        return c != 0 ? c : Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return year + "." + month + "." + patch;
    }
}
