package io.github.akoc.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.akoc.report.DetectionMatrix;
import io.github.akoc.testing.SelfTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The catalogue on the local stack (stand-ins, real Caddy and Chromium): the project's own test of it. Where the
 * catalogue was also run against the real systems (fixtures/recorded/authentik-VERSION/detection-matrix.json, the build nearest the run's authentik version), the stand-ins must
 * find the same: the same root failures and the same dependent findings, so a mutation the stand-ins catch only
 * because they are convenient fails here. Findings of checks added after that run (absent from the recorded
 * reports) are left out of the comparison: the recording says nothing about them.
 */
@SelfTest
class MisconfigurationIT extends Catalogue {
    /** The recorded build of the run's authentik line (RecordedBuilds.nearest): its matrix and reports. */
    static final io.github.akoc.report.RecordedBuilds.Build REAL = io.github.akoc.report.RecordedBuilds.nearest(
            io.github.akoc.deployment.Versions.fromDefaultLocation().get("authentik.version"));
    static final Path REAL_MATRIX = REAL.matrix();

    @Override
    StackRun start(String setup, int lane) {
        return LocalRun.start(setup, lane);
    }

    /**
     * Two stacks for a setup with eight or more mutations (-De2e.catalogue.lanes=N to change): a local stack costs
     * about 2 s to start and a mutation 8 s, mostly waiting on the browser and the stand-ins, so two side by side fit
     * the two cores. One while recording: the recorder labels its lines per run, one run at a time.
     */
    @Override
    int lanes(int mutationsOfSetup) {
        if (io.github.akoc.world.Recorder.fromSystemProperty() != null || mutationsOfSetup < 8) {
            return 1;
        }
        return Integer.getInteger("e2e.catalogue.lanes", 2);
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
        Set<String> recorded = recordedChecks();
        recorded.removeAll(explainedByTheOpenCloudRelease());
        realRoots.removeIf(f -> !recorded.contains(checkOf(f)));
        realDependent.removeIf(f -> !recorded.contains(checkOf(f)));
        assertEquals(realRoots, row.roots().stream().map(DetectionMatrix.Root::finding).filter(f -> recorded.contains(checkOf(f))).toList(),
                row.mutation() + ": root failures on the stand-ins vs on the real systems (" + REAL_MATRIX + ")");
        assertEquals(realDependent, row.dependent().stream().filter(f -> recorded.contains(checkOf(f))).toList(),
                row.mutation() + ": dependent findings on the stand-ins vs on the real systems (" + REAL_MATRIX + ")");
    }

    /**
     * Checks whose verdicts differ between the OpenCloud release of this run and the one the real systems ran, for a
     * reason of the releases (not of the stand-ins): from 8.1.0 the audience check of the web-desktop-mobile deployment
     * refuses the foreign probe's token with 401 before OpenCloud looks at roles, where 7.3.0 took it.
     */
    static Set<String> explainedByTheOpenCloudRelease() {
        String recorded = REAL.opencloud();
        boolean now = io.github.akoc.check.OpenCloudRelease.parse(io.github.akoc.deployment.Versions.fromDefaultLocation().get("opencloud.version"))
                .map(io.github.akoc.check.OpenCloudRelease::hasAudienceCheck).orElse(false);
        boolean then = io.github.akoc.check.OpenCloudRelease.parse(recorded)
                .map(io.github.akoc.check.OpenCloudRelease::hasAudienceCheck).orElse(false);
        return now == then ? Set.of() : Set.of(io.github.akoc.check.OpenCloudRejectsForeignTokenCheck.ID);
    }

    /** "check/subject ← root" or "check/subject" → check. */
    static String checkOf(String finding) {
        int slash = finding.indexOf('/');
        int arrow = finding.indexOf(' ');
        int end = slash < 0 ? arrow : arrow < 0 ? slash : Math.min(slash, arrow);
        return end < 0 ? finding : finding.substring(0, end);
    }

    /** The checks the real systems were run with: every check id in the recorded guide reports. */
    static Set<String> recordedChecks() {
        Set<String> out = new TreeSet<>();
        try (Stream<Path> reports = Files.list(REAL_MATRIX.resolveSibling("reports"))) {
            for (Path p : reports.filter(f -> f.toString().endsWith(".json")).toList()) {
                new ObjectMapper().readTree(p.toFile()).path("findings").forEach(f -> out.add(f.path("check").asText()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the recorded reports beside " + REAL_MATRIX, e);
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no recorded report with findings beside " + REAL_MATRIX);
        }
        return out;
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
