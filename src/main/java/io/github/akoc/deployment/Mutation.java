package io.github.akoc.deployment;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One item of the misconfiguration catalogue as data (fixtures/mutations.yml): how a user gets the guide
 * wrong (with the field report or document it comes from and the guide step it breaks), expressed as a change
 * to the DEPLOYMENT only, and which findings ("check/subject") must be its root failures. The expectation stays
 * the guide's. The change goes through the same paths a user's mistake would: provider values (providers),
 * the OpenCloud .env (env) or overlay list (composeFiles), the proxy rule (proxy), authentik's flows (authentik). So a mutation works on
 * any stack. A mutation about a feature of some releases names the first (minAuthentikVersion, minOpenCloudVersion,
 * as year.minor, or with the patch where pre-releases lack it).
 */
public record Mutation(String name, String setup, String catalogue, String why, String source, String guideStep,
                       Map<String, Object> change, List<String> expected, String minAuthentikVersion,
                       String minOpenCloudVersion) {

    public static List<Mutation> load(Path file) {
        try {
            List<Mutation> all = DeploymentLoader.YAML.readValue(file.toFile(), new TypeReference<>() { });
            all.forEach(m -> {
                if (m.name() == null || m.setup() == null || m.change() == null || m.expected() == null || m.expected().isEmpty()
                        || m.source() == null || m.source().isBlank() || m.guideStep() == null || m.guideStep().isBlank()) {
                    throw new IllegalArgumentException("mutation in " + file + " needs name, setup, source, guideStep, change and expected: " + m);
                }
            });
            return all;
        } catch (IOException e) {
            throw new IllegalArgumentException("mutations file " + file.toAbsolutePath() + " is not valid: " + e.getMessage(), e);
        }
    }

    /** Why this mutation does not apply to these releases under test, or empty when it does. */
    public java.util.Optional<String> notApplicable(String authentikVersion, String opencloudVersion) {
        if (minAuthentikVersion != null && !atLeast(authentikVersion, minAuthentikVersion)) {
            return java.util.Optional.of(name + " is about authentik " + minAuthentikVersion + "+; this run uses " + authentikVersion);
        }
        if (minOpenCloudVersion != null && !atLeast(opencloudVersion, minOpenCloudVersion)) {
            return java.util.Optional.of(name + " is about OpenCloud " + minOpenCloudVersion + "+; this run uses " + opencloudVersion);
        }
        return java.util.Optional.empty();
    }

    /**
     * Compares release numbers: the numbers min names (2026.5, or 2026.8.0 where a patch matters), then a pre-release
     * (2026.8.0-rc1) before its release. A version without numbers never qualifies.
     */
    static boolean atLeast(String version, String min) {
        java.util.regex.Matcher v = RELEASE.matcher(version == null ? "" : version);
        java.util.regex.Matcher m = RELEASE.matcher(min);
        if (!v.lookingAt() || !m.matches()) {
            return false;
        }
        for (int g = 1; g <= 3; g++) {
            if (m.group(g) == null) {
                return true; // equal on every number min names
            }
            int c = Integer.compare(v.group(g) == null ? 0 : Integer.parseInt(v.group(g)), Integer.parseInt(m.group(g)));
            if (c != 0) {
                return c > 0;
            }
        }
        return v.group(4) == null; // 2026.8.0-rc1 comes before 2026.8.0
    }

    private static final java.util.regex.Pattern RELEASE = java.util.regex.Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?(-[0-9A-Za-z.]+)?");

    /** The setup with this change applied: clients merged by client id, env and proxy merged, lists replaced. */
    public Deployment applyTo(Deployment base) {
        if (!base.name().equals(setup)) {
            throw new IllegalArgumentException("mutation " + name + " is for setup " + setup + ", not " + base.name());
        }
        ObjectNode tree = DeploymentLoader.YAML.valueToTree(base);
        JsonNode patch = DeploymentLoader.YAML.valueToTree(change);
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            switch (e.getKey()) {
                case "providers" -> e.getValue().fields().forEachRemaining(c -> merge(client(tree, c.getKey()), c.getValue()));
                case "env" -> merge((ObjectNode) tree.path("opencloud").path("env"), e.getValue());
                case "composeFiles" -> ((ObjectNode) tree.path("opencloud")).set("composeFiles", e.getValue());
                case "proxy" -> merge((ObjectNode) tree.path("proxy"), e.getValue());
                case "authentik" -> merge((ObjectNode) tree.path("authentik"), e.getValue());
                default -> throw new IllegalArgumentException("mutation " + name + ": unknown change '" + e.getKey()
                        + "', expected providers, env, composeFiles, proxy or authentik");
            }
        }
        Deployment changed = DeploymentLoader.YAML.convertValue(tree, Deployment.class);
        DeploymentLoader.validate(changed, "mutation " + name);
        return changed;
    }

    private ObjectNode client(ObjectNode tree, String clientId) {
        for (JsonNode c : (ArrayNode) tree.path("providers")) {
            if (clientId.equals(c.path("clientId").asText())) {
                return (ObjectNode) c;
            }
        }
        throw new IllegalArgumentException("mutation " + name + ": setup " + setup + " has no client " + clientId);
    }

    private static void merge(ObjectNode target, JsonNode patch) {
        patch.fields().forEachRemaining(f -> target.set(f.getKey(), f.getValue()));
    }
}
