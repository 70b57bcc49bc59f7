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
        eachFile(service, "environment", setup, compose, (environment, where) -> {
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
        });
        return env;
    }

    /** Each of the setup's compose files in order: the service's entry under key, and where it is (for errors). */
    private static void eachFile(String service, String key, Deployment setup, OpenCloudCompose compose,
                                 java.util.function.BiConsumer<JsonNode, String> entry) {
        for (String name : setup.opencloud().composeFiles()) {
            Path file = compose.file(name);
            entry.accept(read(file).path("services").path(service).path(key), file + ": services." + service + "." + key);
        }
    }

    /**
     * The service's extra_hosts (name → address, as its /etc/hosts gets them) of the setup's composeFiles: compose
     * appends each file's list; a later entry for the same name wins here, as the hosts file's first does not matter
     * for the names a deployment maps once.
     */
    public static Map<String, String> extraHosts(String service, Deployment setup, OpenCloudCompose compose) {
        ComposeInterpolation interpolation = new ComposeInterpolation(setup.opencloud().env());
        Map<String, String> out = new TreeMap<>();
        eachFile(service, "extra_hosts", setup, compose, (hosts, where) -> {
            if (hosts.isObject()) {
                hosts.fields().forEachRemaining(e -> out.put(interpolation.apply(e.getKey(), where), interpolation.apply(e.getValue().asText(), where)));
            } else if (hosts.isArray()) {
                for (JsonNode h : hosts) {
                    String entry = interpolation.apply(h.asText(), where);
                    int sep = entry.indexOf('=') >= 0 ? entry.indexOf('=') : entry.indexOf(':');
                    if (sep <= 0) {
                        throw new IllegalArgumentException(where + ": \"" + entry + "\" is not HOST:IP or HOST=IP");
                    }
                    out.put(entry.substring(0, sep), entry.substring(sep + 1));
                }
            } else if (!hosts.isMissingNode()) {
                throw new IllegalArgumentException(where + " must be a list or a mapping, got " + hosts.getNodeType());
            }
        });
        return out;
    }

    /**
     * The files compose bind-mounts into one service, by the path the service sees (a later compose file's mount of
     * the same target replaces an earlier one); relative sources are found as compose files are. Named volumes and
     * directories are left out: a stack that runs the service outside a container maps only files.
     */
    public static Map<String, Path> boundFiles(String service, Deployment setup, OpenCloudCompose compose) {
        ComposeInterpolation interpolation = new ComposeInterpolation(setup.opencloud().env());
        Map<String, Path> out = new TreeMap<>();
        eachFile(service, "volumes", setup, compose, (volumes, where) -> {
            for (JsonNode v : volumes) {
                String source;
                String target;
                if (v.isTextual()) {
                    String[] parts = interpolation.apply(v.asText(), where).split(":");
                    if (parts.length < 2) {
                        continue;
                    }
                    source = parts[0];
                    target = parts[1];
                } else {
                    source = interpolation.apply(v.path("source").asText(""), where);
                    target = v.path("target").asText("");
                }
                if (!(source.startsWith("./") || source.startsWith("/")) || target.isEmpty()) {
                    continue; // a named volume
                }
                Path host = source.startsWith("/") ? Path.of(source) : fileOrNull(compose, source.substring(2));
                if (host != null && java.nio.file.Files.isRegularFile(host)) {
                    out.put(target, host.toAbsolutePath());
                }
            }
        });
        return out;
    }

    private static Path fileOrNull(OpenCloudCompose compose, String relative) {
        try {
            return compose.file(relative);
        } catch (IllegalArgumentException e) {
            return null;
        }
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
