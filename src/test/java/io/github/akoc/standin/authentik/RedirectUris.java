package io.github.akoc.standin.authentik;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.databind.JsonNode;

/** A provider's redirect URIs and authentik's matching of them: strict = equality, regex = Python re.fullmatch. */
final class RedirectUris {
    static final Set<String> FORBIDDEN_SCHEMES = Set.of("javascript", "data", "vbscript");

    record Rule(String mode, String url, String type) {
        boolean matches(String candidate) {
            if (mode.equals("strict")) {
                return url.equals(candidate);
            }
            try {
                return Pattern.compile(url).matcher(candidate).matches();
            } catch (PatternSyntaxException e) {
                return false;
            }
        }
    }

    private RedirectUris() {
    }

    /**
     * The rules of a provider. Releases before the list form (2024.8.3) stored a newline-separated string whose
     * lines were matched as regular expressions, falling back to equality (UNCONFIRMED detail: see report).
     */
    static List<Rule> rules(JsonNode redirectUris) {
        List<Rule> out = new ArrayList<>();
        if (redirectUris == null || redirectUris.isNull()) {
            return out;
        }
        if (redirectUris.isTextual()) {
            for (String line : redirectUris.asText().split("\\s+")) {
                if (!line.isBlank()) {
                    out.add(new Rule("regex-or-equal", line, "authorization"));
                }
            }
            return out;
        }
        for (JsonNode r : redirectUris) {
            out.add(new Rule(r.path("matching_mode").asText(), r.path("url").asText(), r.path("redirect_uri_type").asText("authorization")));
        }
        return out;
    }

    /** True when any registered URI is of that redirect_uri_type. */
    static boolean hasType(JsonNode redirectUris, String type) {
        return rules(redirectUris).stream().anyMatch(r -> r.type().equals(type));
    }

    static boolean allowed(JsonNode redirectUris, String candidate, String type) {
        if (candidate == null || hasForbiddenScheme(candidate)) {
            return false;
        }
        for (Rule r : rules(redirectUris)) {
            if (!r.type().equals(type)) {
                continue;
            }
            if (r.mode().equals("regex-or-equal") ? (r.url().equals(candidate) || new Rule("regex", r.url(), type).matches(candidate))
                    : r.matches(candidate)) {
                return true;
            }
        }
        return false;
    }

    static boolean hasForbiddenScheme(String uri) {
        int colon = uri.indexOf(':');
        if (colon < 0) {
            return false;
        }
        String scheme = uri.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        return FORBIDDEN_SCHEMES.contains(scheme);
    }

    /** Errors authentik's serializer gives for the list form (schema already checked the shape). */
    static List<String> validateList(JsonNode redirectUris) {
        List<String> errors = new ArrayList<>();
        for (JsonNode r : redirectUris) {
            String url = r.path("url").asText();
            if (r.path("matching_mode").asText().equals("regex")) {
                try {
                    Pattern.compile(url);
                } catch (PatternSyntaxException e) {
                    errors.add("Invalid Regex Pattern: " + url);
                }
            }
        }
        return errors;
    }

    static String withParams(String redirectUri, String params) {
        int hash = redirectUri.indexOf('#');
        String base = hash >= 0 ? redirectUri.substring(0, hash) : redirectUri;
        return base + (base.contains("?") ? "&" : "?") + params;
    }
}
