package io.github.akoc.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.akoc.report.DetectionMatrix;
import io.github.akoc.testing.SelfTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The catalogue on the local stack (stand-ins, real Caddy and Chromium): the project's own test of it. Where the
 * catalogue was also run against the real systems (fixtures/recorded/detection-matrix.json), the stand-ins must
 * find the same: the same root failures and the same dependent findings, so a mutation the stand-ins catch only
 * because they are convenient fails here.
 */
@SelfTest
class MisconfigurationIT extends Catalogue {
    static final Path REAL_MATRIX = Path.of(System.getProperty("fixtures.dir", "fixtures"), "recorded", "detection-matrix.json");

    @Override
    StackRun start(String setup) {
        return LocalRun.start(setup);
    }

    @Override
    String matrixDir() {
        return "local";
    }

    @Override
    void compareWithReality(DetectionMatrix.Row row) {
        JsonNode real = realRow(row.mutation());
        if (real == null) {
            return; // a mutation added after the last run against the real systems
        }
        List<String> realRoots = new ArrayList<>();
        real.path("roots").forEach(r -> realRoots.add(r.path("finding").asText()));
        List<String> realDependent = new ArrayList<>();
        real.path("dependent").forEach(d -> realDependent.add(d.asText()));
        assertEquals(realRoots, row.roots().stream().map(DetectionMatrix.Root::finding).toList(),
                row.mutation() + ": root failures on the stand-ins vs on the real systems (" + REAL_MATRIX + ")");
        assertEquals(realDependent, row.dependent(),
                row.mutation() + ": dependent findings on the stand-ins vs on the real systems (" + REAL_MATRIX + ")");
    }

    private static JsonNode realRow(String mutation) {
        try {
            for (JsonNode r : new ObjectMapper().readTree(REAL_MATRIX.toFile())) {
                if (r.path("mutation").asText().equals(mutation)) {
                    return r;
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + REAL_MATRIX, e);
        }
    }
}
