package io.github.akoc.stack;

import java.util.Map;

/**
 * Variable substitution as {@code docker compose} applies it to a compose file's values: {@code $$},
 * {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-default}}, {@code ${VAR-default}}, {@code ${VAR:+alt}},
 * {@code ${VAR+alt}}, {@code ${VAR:?err}}, {@code ${VAR?err}}; defaults may nest. An unset variable
 * becomes the empty string, as compose does (it only warns).
 */
public final class ComposeInterpolation {
    private final Map<String, String> vars;

    public ComposeInterpolation(Map<String, String> vars) {
        this.vars = Map.copyOf(vars);
    }

    public boolean isSet(String name) {
        return vars.containsKey(name);
    }

    /** @param where names the value for error messages (e.g. "services.opencloud.environment.OC_URL") */
    public String apply(String value, String where) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c != '$' || i + 1 == value.length()) {
                out.append(c);
                i++;
            } else if (value.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
            } else if (value.charAt(i + 1) == '{') {
                int end = closingBrace(value, i + 2, where);
                out.append(braced(value.substring(i + 2, end), where));
                i = end + 1;
            } else {
                int end = i + 1;
                while (end < value.length() && isNameChar(value.charAt(end), end == i + 1)) {
                    end++;
                }
                if (end == i + 1) {
                    throw new IllegalArgumentException(where + ": invalid interpolation format in '" + value
                            + "': a '$' must be followed by a variable name, '{' or '$'");
                }
                out.append(vars.getOrDefault(value.substring(i + 1, end), ""));
                i = end;
            }
        }
        return out.toString();
    }

    private String braced(String expr, String where) {
        int op = 0;
        while (op < expr.length() && isNameChar(expr.charAt(op), op == 0)) {
            op++;
        }
        String name = expr.substring(0, op);
        if (name.isEmpty()) {
            throw new IllegalArgumentException(where + ": invalid interpolation format '${" + expr + "}'");
        }
        String value = vars.get(name);
        if (op == expr.length()) {
            return value == null ? "" : value;
        }
        boolean colon = expr.charAt(op) == ':';
        int kind = colon ? op + 1 : op;
        if (kind >= expr.length()) {
            throw new IllegalArgumentException(where + ": invalid interpolation format '${" + expr + "}'");
        }
        // With ':' an empty value counts as unset.
        boolean set = value != null && !(colon && value.isEmpty());
        String arg = expr.substring(kind + 1);
        switch (expr.charAt(kind)) {
            case '-':
                return set ? value : apply(arg, where);
            case '+':
                return set ? apply(arg, where) : "";
            case '?':
                if (!set) {
                    throw new IllegalArgumentException(where + ": required variable " + name + " is missing a value: "
                            + apply(arg, where));
                }
                return value;
            default:
                throw new IllegalArgumentException(where + ": invalid interpolation format '${" + expr + "}'");
        }
    }

    private static int closingBrace(String value, int from, String where) {
        int depth = 1;
        for (int j = from; j < value.length(); j++) {
            char c = value.charAt(j);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return j;
            }
        }
        throw new IllegalArgumentException(where + ": unclosed '${' in '" + value + "'");
    }

    private static boolean isNameChar(char c, boolean first) {
        return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (!first && c >= '0' && c <= '9');
    }
}
