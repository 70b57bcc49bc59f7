package io.github.akoc.deployment;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A registered redirect URI with authentik's matching mode (strict = equality, regex = full match) and its type: where
 * authorization may redirect (the default), or, from authentik 2026.5, where end-session may send the browser back to
 * (a Post Logout URI, {@code redirect_uri_type: logout}).
 */
public record RedirectUri(MatchingMode matchingMode, String url, Type type) {
    public enum MatchingMode { @JsonProperty("strict") STRICT, @JsonProperty("regex") REGEX;
        public String apiValue() {
            return this == STRICT ? "strict" : "regex";
        }
    }

    public enum Type { @JsonProperty("authorization") AUTHORIZATION, @JsonProperty("logout") LOGOUT;
        public String apiValue() {
            return this == AUTHORIZATION ? "authorization" : "logout";
        }
    }

    public RedirectUri {
        type = type == null ? Type.AUTHORIZATION : type;
    }

    public RedirectUri(MatchingMode matchingMode, String url) {
        this(matchingMode, url, Type.AUTHORIZATION);
    }

    public boolean matches(String candidate) {
        return matchingMode == MatchingMode.STRICT ? url.equals(candidate)
                : java.util.regex.Pattern.compile(url).matcher(candidate).matches();
    }
}
