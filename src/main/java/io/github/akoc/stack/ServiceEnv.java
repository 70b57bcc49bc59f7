package io.github.akoc.stack;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.akoc.deployment.Deployment;
import io.github.akoc.deployment.DeploymentLoader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The environment {@code docker compose} gives one service: {@code services.<name>.environment} of the
 * setup's composeFiles merged in order (a later file overrides a key), each value interpolated with the
 * setup's .env values.
 */
public final class ServiceEnv {
    public static final String OPENCLOUD = "opencloud";

    private ServiceEnv() {
    }

    /** The environment of the opencloud service for this setup. */
    public static Map<String, String> opencloud(Deployment setup, OpenCloudCompose compose) {
        return of(OPENCLOUD, setup, compose);
    }

    public static Map<String, String> of(String service, Deployment setup, OpenCloudCompose compose) {
        ComposeInterpolation interpolation = new ComposeInterpolation(setup.opencloud().env());
        Map<String, String> env = new TreeMap<>();
        for (String name : setup.opencloud().composeFiles()) {
            Path file = compose.file(name);
            JsonNode environment = read(file).path("services").path(service).path("environment");
            String where = file + ": services." + service + ".environment";
            if (environment.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = environment.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    put(env, e.getKey(), e.getValue().isNull() ? null : e.getValue().asText(), interpolation, where);
                }
            } else if (environment.isArray()) {
                for (JsonNode item : environment) {
                    String[] kv = item.asText().split("=", 2);
                    put(env, kv[0], kv.length == 2 ? kv[1] : null, interpolation, where);
                }
            } else if (!environment.isMissingNode()) {
                throw new IllegalArgumentException(where + " must be a mapping or a list, got " + environment.getNodeType());
            }
        }
        return env;
    }

    private static void put(Map<String, String> env, String key, String raw, ComposeInterpolation interpolation, String where) {
        if (raw == null) {
            // "KEY:" without a value: compose passes the variable's own value, or nothing when it is unset.
            if (interpolation.isSet(key)) {
                env.put(key, interpolation.apply("${" + key + "}", where));
            } else {
                env.remove(key);
            }
            return;
        }
        env.put(key, interpolation.apply(raw, where + "." + key));
    }

    private static JsonNode read(Path file) {
        try {
            return DeploymentLoader.YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("compose file " + file + " cannot be read as YAML: " + e.getMessage(), e);
        }
    }
}
