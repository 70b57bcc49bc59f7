package io.github.akoc.deployment;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A registered redirect URI with authentik's matching mode (strict = equality, regex = full match). */
public record RedirectUri(MatchingMode matchingMode, String url) {
    public enum MatchingMode { @JsonProperty("strict") STRICT, @JsonProperty("regex") REGEX;
        public String apiValue() {
            return this == STRICT ? "strict" : "regex";
        }
    }

    public boolean matches(String candidate) {
        return matchingMode == MatchingMode.STRICT ? url.equals(candidate)
                : java.util.regex.Pattern.compile(url).matcher(candidate).matches();
    }
}
