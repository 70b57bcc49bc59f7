package io.github.akoc.provision;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * authentik's own schema.yml of one release as a request validator. Fields the schema does not declare
 * are errors (authentik's serializers ignore them silently, which would hide a field sent to the wrong
 * release).
 */
final class AuthentikSchema {
    static final List<String> RELEASES = List.of("2024.8.3", "2024.12.3", "2025.10.4", "2026.2.0", "2026.5.6", "2026.8.3");
    private static final Map<String, OpenApiInteractionValidator> CACHE = new ConcurrentHashMap<>();

    private AuthentikSchema() {
    }

    static Path dir() {
        return Path.of(System.getProperty("authentik.schema.dir", "target/authentik-schema"));
    }

    static Path file(String release) {
        Path f = dir().resolve("schema-" + release + ".yml");
        if (!Files.isRegularFile(f)) {
            throw new IllegalStateException("authentik schema " + f.toAbsolutePath() + " is missing: run "
                    + "`bash src/build/fetch-upstream.sh $PWD/target` or pass -Dauthentik.schema.dir=DIR");
        }
        return f;
    }

    static OpenApiInteractionValidator validator(String release) {
        return CACHE.computeIfAbsent(release, r -> OpenApiInteractionValidator
                .createForSpecificationUrl(file(r).toUri().toString())
                .withLevelResolver(LevelResolver.create()
                        .withLevel("validation.schema.additionalProperties", ValidationReport.Level.ERROR)
                        .build())
                .build());
    }

    /** Validates one request body sent with the given method to /api/v3/PATH. */
    static ValidationReport validate(String release, String method, String path, String json) {
        SimpleRequest.Builder b = new SimpleRequest.Builder(Request.Method.valueOf(method), "/api/v3/" + path)
                .withHeader("Authorization", "Bearer test-token")
                .withContentType("application/json");
        if (json != null) {
            b.withBody(json);
        }
        return validator(release).validateRequest(b.build());
    }

    static String describe(ValidationReport report) {
        StringBuilder sb = new StringBuilder();
        report.getMessages().forEach(m -> sb.append("\n  ").append(m.getLevel()).append(' ').append(m.getKey())
                .append(": ").append(m.getMessage()));
        return sb.toString();
    }
}
