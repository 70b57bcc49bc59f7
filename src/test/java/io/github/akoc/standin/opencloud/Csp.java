package io.github.akoc.standin.opencloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Content-Security-Policy header OpenCloud's proxy puts on every response (seemslegit42/grid = opencloud-eu/opencloud
 * @85e63ca, release 7.3.0: services/proxy/pkg/middleware/security.go). Its built-in directives are merged with the
 * file PROXY_CSP_CONFIG_FILE_LOCATION names (lists concatenated, duplicates dropped); a file at
 * PROXY_CSP_CONFIG_FILE_OVERRIDE_LOCATION replaces both. Then every {@code ${NAME}} and {@code ${NAME|default}} is
 * taken from the environment, the default when the variable is empty (gookit/goutil internal/varexpr, vendored there).
 * A file that cannot be read stops OpenCloud ("Failed to load CSP configuration.", proxy/pkg/command/server.go).
 * The header lists the directives by name; recorded from OpenCloud 7.3.0 in fixtures/recorded/.
 */
final class Csp {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(.+?)}");

    /** OpenCloud's embedded services/proxy/pkg/config/csp.yaml @85e63ca, as data. */
    private static final Map<String, List<String>> BUILT_IN = new LinkedHashMap<>();

    static {
        BUILT_IN.put("child-src", List.of("'self'"));
        BUILT_IN.put("connect-src", List.of("'self'", "blob:", "https://raw.githubusercontent.com/opencloud-eu/awesome-apps/",
                "https://update.opencloud.eu/"));
        BUILT_IN.put("default-src", List.of("'none'"));
        BUILT_IN.put("font-src", List.of("'self'"));
        BUILT_IN.put("frame-ancestors", List.of("'self'"));
        BUILT_IN.put("frame-src", List.of("'self'", "blob:", "https://embed.diagrams.net/"));
        BUILT_IN.put("img-src", List.of("'self'", "data:", "blob:", "https://raw.githubusercontent.com/opencloud-eu/awesome-apps/"));
        BUILT_IN.put("manifest-src", List.of("'self'"));
        BUILT_IN.put("media-src", List.of("'self'"));
        BUILT_IN.put("object-src", List.of("'self'", "blob:"));
        BUILT_IN.put("script-src", List.of("'self'", "'unsafe-inline'"));
        BUILT_IN.put("style-src", List.of("'self'", "'unsafe-inline'"));
    }

    private Csp() {
    }

    /** The header value for this environment; IllegalArgumentException naming the variable when its file cannot be read. */
    static String header(Map<String, String> env) {
        Map<String, List<String>> directives = new TreeMap<>();
        String override = env.getOrDefault("PROXY_CSP_CONFIG_FILE_OVERRIDE_LOCATION", "");
        String custom = env.getOrDefault("PROXY_CSP_CONFIG_FILE_LOCATION", "");
        if (!override.isEmpty()) {
            merge(directives, read("PROXY_CSP_CONFIG_FILE_OVERRIDE_LOCATION", override));
        } else {
            BUILT_IN.forEach((k, v) -> directives.put(k, new ArrayList<>(v)));
            if (!custom.isEmpty()) {
                merge(directives, read("PROXY_CSP_CONFIG_FILE_LOCATION", custom));
            }
        }
        StringBuilder out = new StringBuilder();
        directives.forEach((name, sources) -> {
            if (!out.isEmpty()) {
                out.append("; ");
            }
            out.append(name);
            sources.forEach(s -> out.append(' ').append(expand(s, env)));
        });
        return out.toString();
    }

    private static Map<String, List<String>> read(String variable, String file) {
        try {
            JsonNode root = YAML.readTree(Files.readString(Path.of(file)));
            Map<String, List<String>> out = new LinkedHashMap<>();
            JsonNode d = root == null ? null : root.path("directives");
            if (d != null && d.isObject()) {
                d.fields().forEachRemaining(e -> {
                    List<String> values = new ArrayList<>();
                    if (e.getValue().isArray()) {
                        e.getValue().forEach(v -> values.add(v.asText()));
                    } else {
                        values.add(e.getValue().asText());
                    }
                    out.put(e.getKey(), values);
                });
            }
            return out;
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(variable + "=" + file + ": Failed to load CSP configuration (" + e.getMessage() + ")", e);
        }
    }

    private static void merge(Map<String, List<String>> into, Map<String, List<String>> more) {
        more.forEach((name, sources) -> {
            List<String> list = into.computeIfAbsent(name, k -> new ArrayList<>());
            sources.stream().filter(s -> !list.contains(s)).forEach(list::add);
        });
    }

    static String expand(String value, Map<String, String> env) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String[] parts = m.group(1).split("\\|", 2);
            String v = env.getOrDefault(parts[0].trim(), "");
            if (v.isEmpty() && parts.length == 2) {
                v = parts[1].trim();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }
}
