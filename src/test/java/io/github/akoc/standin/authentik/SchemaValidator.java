package io.github.akoc.standin.authentik;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Validates admin API request bodies against the selected release's own schema.yml, answering in the shape of
 * authentik's (Django REST framework's) field-level errors. The schema also tells which fields and paths the
 * release has, so version differences follow the file rather than hard-coded version checks.
 */
final class SchemaValidator {
    private static final Pattern MISSING = Pattern.compile("\\(\\[(.*)]\\)");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");

    private final OpenApiInteractionValidator validator;
    private final JsonNode schemas;
    private final Set<String> paths;

    private SchemaValidator(OpenApiInteractionValidator validator, JsonNode schemas, Set<String> paths) {
        this.validator = validator;
        this.schemas = schemas;
        this.paths = paths;
    }

    /** Loads schema.yml keeping only the paths the stand-in serves, which keeps parsing well under a second. */
    static SchemaValidator load(Path schemaFile, List<String> servedPathPrefixes) {
        try {
            ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
            ObjectNode root = (ObjectNode) yaml.readTree(schemaFile.toFile());
            ObjectNode allPaths = (ObjectNode) root.get("paths");
            Set<String> present = new LinkedHashSet<>();
            allPaths.fieldNames().forEachRemaining(present::add);
            Iterator<Map.Entry<String, JsonNode>> it = allPaths.fields();
            while (it.hasNext()) {
                String p = it.next().getKey();
                if (servedPathPrefixes.stream().noneMatch(p::startsWith)) {
                    it.remove();
                }
            }
            // Responses are never validated: drop them so the parser has less to resolve.
            allPaths.elements().forEachRemaining(item -> item.elements().forEachRemaining(op -> {
                if (op.isObject() && op.has("responses")) {
                    ((ObjectNode) op).putObject("responses").putObject("default").put("description", "not validated");
                }
            }));
            ((ObjectNode) root.get("components")).remove("responses");
            JsonNode allSchemas = pruneComponents(root);
            String spec = new ObjectMapper().writeValueAsString(root);
            OpenApiInteractionValidator v = OpenApiInteractionValidator.createForInlineApiSpecification(spec)
                    .withLevelResolver(LevelResolver.create()
                            .withLevel("validation.request.security", ValidationReport.Level.IGNORE)
                            .withLevel("validation.request.parameter.query.unexpected", ValidationReport.Level.IGNORE)
                            // Fields a release does not know are refused, so a version mismatch in provisioning shows.
                            .withLevel("validation.schema.additionalProperties", ValidationReport.Level.ERROR)
                            .withLevel("validation.response", ValidationReport.Level.IGNORE)
                            .build())
                    .build();
            return new SchemaValidator(v, allSchemas, present);
        } catch (IOException e) {
            throw new IllegalArgumentException("STANDIN_AUTHENTIK_SCHEMA: cannot read " + schemaFile + " as an OpenAPI schema: " + e.getMessage(), e);
        }
    }

    /** Drops component schemas no kept path refers to (transitively): parsing the whole file takes far too long. */
    private static JsonNode pruneComponents(ObjectNode root) {
        ObjectNode components = (ObjectNode) root.get("components");
        ObjectNode all = (ObjectNode) components.get("schemas");
        Set<String> keep = new LinkedHashSet<>();
        java.util.Deque<JsonNode> todo = new java.util.ArrayDeque<>();
        todo.add(root.get("paths"));
        components.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("schemas")) {
                todo.add(e.getValue());
            }
        });
        while (!todo.isEmpty()) {
            JsonNode n = todo.pop();
            if (n.isObject() && n.has("$ref")) {
                String ref = n.get("$ref").asText();
                String name = ref.substring(ref.lastIndexOf('/') + 1);
                if (ref.startsWith("#/components/schemas/") && keep.add(name) && all.has(name)) {
                    todo.add(all.get(name));
                }
            }
            n.elements().forEachRemaining(todo::add);
        }
        ObjectNode kept = Call.JSON.createObjectNode();
        for (String name : all.properties().stream().map(Map.Entry::getKey).toList()) {
            if (keep.contains(name)) {
                kept.set(name, all.get(name));
            }
        }
        components.set("schemas", kept);
        return all;
    }

    boolean hasPath(String path) {
        return paths.contains(path);
    }

    /** Property names of a component schema (e.g. OAuth2Provider) in this release. */
    Set<String> properties(String component) {
        Set<String> out = new LinkedHashSet<>();
        schemas.path(component).path("properties").fieldNames().forEachRemaining(out::add);
        return out;
    }

    JsonNode property(String component, String property) {
        return schemas.path(component).path("properties").path(property);
    }

    /**
     * Validates one request; returns an empty map when valid, else field -> messages as authentik answers in a 400.
     * fullPath includes /api/v3.
     */
    Map<String, List<String>> validate(String method, String fullPath, Map<String, List<String>> query, String body) {
        SimpleRequest.Builder b = new SimpleRequest.Builder(Request.Method.valueOf(method), fullPath);
        if (body != null) {
            b.withBody(body).withContentType("application/json");
        }
        query.forEach(b::withQueryParam);
        ValidationReport report = validator.validateRequest(b.build());
        Map<String, List<String>> errors = new LinkedHashMap<>();
        for (ValidationReport.Message m : report.getMessages()) {
            if (m.getLevel() != ValidationReport.Level.ERROR) {
                continue;
            }
            collect(m, errors);
        }
        return errors;
    }

    private static void collect(ValidationReport.Message m, Map<String, List<String>> errors) {
        if (!m.getNestedMessages().isEmpty()) {
            m.getNestedMessages().forEach(n -> collect(n, errors));
            return;
        }
        String pointer = m.getContext().flatMap(ValidationReport.MessageContext::getPointers)
                .map(ValidationReport.MessageContext.Pointers::getInstance).orElse("");
        String field = pointer.replaceFirst("^/", "").replace('/', '.');
        if (m.getKey().endsWith(".required")) {
            Matcher names = MISSING.matcher(m.getMessage());
            if (names.find()) {
                Matcher q = QUOTED.matcher(names.group(1));
                while (q.find()) {
                    add(errors, field.isEmpty() ? q.group(1) : field + "." + q.group(1), "This field is required.");
                }
                return;
            }
        }
        if (m.getKey().endsWith(".additionalProperties")) {
            Matcher q = QUOTED.matcher(m.getMessage());
            while (q.find()) {
                add(errors, field.isEmpty() ? q.group(1) : field + "." + q.group(1), "Unknown field in this release of authentik's API.");
            }
            return;
        }
        add(errors, field.isEmpty() ? "non_field_errors" : field, m.getMessage());
    }

    private static void add(Map<String, List<String>> errors, String field, String message) {
        errors.computeIfAbsent(field, k -> new java.util.ArrayList<>()).add(message);
    }
}
