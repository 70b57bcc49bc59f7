package io.github.akoc.standin.opencloud;

import java.util.Map;

/** OpenCloud's claim names may be dotted paths into nested claims ("realm_access.roles"). */
final class ClaimPath {
    private ClaimPath() {
    }

    static Object walk(String path, Map<String, Object> claims) {
        if (claims.containsKey(path)) {
            return claims.get(path);
        }
        Object current = claims;
        for (String segment : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> m)) {
                return null;
            }
            current = m.get(segment);
        }
        return current;
    }

    /** A non-empty string claim, or null. */
    static String string(String path, Map<String, Object> claims) {
        return walk(path, claims) instanceof String s && !s.isEmpty() ? s : null;
    }
}
