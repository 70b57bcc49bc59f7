package io.github.akoc.standin;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.akoc.Fixtures;
import io.github.akoc.report.RecordedBuilds;
import io.github.akoc.Verification;
import io.github.akoc.deployment.Deployment;
import io.github.akoc.report.Report;
import io.github.akoc.report.Timings;
import io.github.akoc.stack.local.LocalStack;
import io.github.akoc.testing.SelfTest;
import io.github.akoc.world.Recorder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Holds the stand-ins against what the real systems answered (fixtures/recorded/): the guide's deployment is
 * verified on the local stack with the stand-ins while every exchange is recorded, and each question that the
 * recording of the real run asked too must get the same kind of answer: the same status, Content-Type and JSON
 * shape (every field path), the same flow-executor components in the same order for each login, the same token response fields
 * and token claims. A stand-in that drifts from the real system fails here; a difference the stand-ins are known
 * to have is listed, with its reason, in the build's known-differences.yml (fixtures/recorded/authentik-VERSION/), and an entry that no longer
 * happens fails too, so the list stays true.
 */
@SelfTest
class RecordingsContractTest {
    /** Every recorded build with each setup: the stand-ins run in that build's version mode. */
    static Stream<Arguments> recordings() {
        return RecordedBuilds.all().stream().flatMap(b -> Stream.of("web-only", "web-desktop-mobile").map(s -> Arguments.of(b, s)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("recordings")
    void theStandInsAnswerWhatTheRealSystemsAnswered(RecordedBuilds.Build build, String setupName, @TempDir Path tmp) throws IOException {
        JsonNode manifest = build.manifest();
        Path realRun = build.dir().resolve("runs").resolve("containers-" + setupName + ".jsonl");
        List<Recordings.Exchange> real = Recordings.read(realRun);
        assertTrue(real.size() > 20, "the recording " + realRun + " holds the run: " + real.size() + " exchanges");

        List<Recordings.Exchange> standIn = recordStandIns(setupName, build.standInVersion(), build.opencloud(), tmp);
        Map<String, String> differences = new LinkedHashMap<>();
        compare(fullest(real), fullest(standIn), executorSequences(real), executorSequences(standIn))
                .forEach((k, v) -> differences.put(setupName + " " + k, v));
        compareValues(real, standIn, recordedHeaders(manifest)).forEach((k, v) -> differences.put(setupName + " " + k, v));
        // the whole comparison, for whoever updates the stand-ins or known-differences.yml
        Path out = Path.of("target", "recordings-contract", build + "-" + setupName + ".txt");
        Files.createDirectories(out.getParent());
        StringBuilder text = new StringBuilder();
        differences.forEach((k, v) -> text.append(k).append("\n    ").append(v).append("\n"));
        Files.writeString(out, text);
        Map<String, String> known = knownDifferences(build.dir().resolve("known-differences.yml"));
        Map<String, String> unexplained = new LinkedHashMap<>(differences);
        unexplained.keySet().removeAll(known.keySet());
        assertEquals(Map.of(), unexplained, "answers of the stand-ins that the real systems (" + manifest.path("systems")
                + ") did not give (all differences: " + out + "); fix the stand-in, or list the difference with its reason in " + build.dir().resolve("known-differences.yml"));
        // the known differences of this setup that did not show up are stale
        Set<String> stale = new TreeSet<>();
        known.forEach((k, why) -> {
            if (k.startsWith(setupName + " ") && !differences.containsKey(k)) {
                stale.add(k);
            }
        });
        assertEquals(Set.of(), stale, "known differences that no longer happen: remove them from known-differences.yml");
    }

    /** The stand-ins in the recorded build's modes: its authentik line, and the OpenCloud release it ran. */
    private static List<Recordings.Exchange> recordStandIns(String setupName, String version, String opencloudVersion, Path tmp) {
        Deployment setup = Fixtures.fromDefaultLocation().deployments().load(setupName);
        Path recordDir = tmp.resolve("recorded");
        String before = System.getProperty(Recorder.PROPERTY);
        System.setProperty(Recorder.PROPERTY, recordDir.toString());
        try (LocalStack stack = LocalStack.start(setup, new InProcessStandIns(), tmp.resolve("run"), version, opencloudVersion)) {
            Report report = new Verification(stack, version, tmp.resolve("report"), Duration.ofSeconds(30)).run(new Timings());
            assertTrue(report.findings().stream().noneMatch(io.github.akoc.check.Finding::failed),
                    "the guide's deployment passes on the stand-ins: " + report.findings());
        } finally {
            if (before == null) {
                System.clearProperty(Recorder.PROPERTY);
            } else {
                System.setProperty(Recorder.PROPERTY, before);
            }
        }
        return Recordings.read(recordDir.resolve("local-" + setupName + ".jsonl"));
    }

    /**
     * Per question and status, the answer with the most fields: a question asked again while the system starts (503,
     * 403 before the bootstrap token exists, an empty list before a blueprint ran) gets several answers, and the
     * fullest one shows what the system answers once it is there.
     */
    static Map<String, Recordings.Exchange> fullest(List<Recordings.Exchange> exchanges) {
        Map<String, Recordings.Exchange> out = new LinkedHashMap<>();
        for (Recordings.Exchange e : exchanges) {
            out.merge(e.question() + " -> " + e.status(), e,
                    (had, now) -> Recordings.shape(now.body()).size() > Recordings.shape(had.body()).size() ? now : had);
        }
        return out;
    }

    /**
     * Per flow and browser session, the statuses and components the executor answered, in order (302 chains included).
     * The sessions' logins run side by side, so their exchanges interleave in a recording; recordings made before
     * exchanges carried their session are one sequence.
     */
    static Map<String, List<List<String>>> executorSequences(List<Recordings.Exchange> exchanges) {
        Map<String, Map<Integer, List<String>>> bySession = new LinkedHashMap<>();
        for (Recordings.Exchange e : exchanges) {
            if (e.question().contains(" /api/v3/flows/executor/")) {
                String flow = e.question().substring(e.question().indexOf("/api/v3/flows/executor/"));
                String step = e.line().path("method").asText() + " " + e.status()
                        + (e.body().has("component") ? " " + e.body().path("component").asText() : "");
                bySession.computeIfAbsent(flow, k -> new LinkedHashMap<>())
                        .computeIfAbsent(e.line().path("session").asInt(0), k -> new ArrayList<>()).add(step);
            }
        }
        Map<String, List<List<String>>> out = new LinkedHashMap<>();
        bySession.forEach((flow, sessions) -> out.put(flow, new ArrayList<>(sessions.values())));
        return out;
    }

    /**
     * What differs, keyed "QUESTION aspect" (the caller adds the setup). A stand-in may leave out an answer the
     * real system gave (the run took another path), but every answer it gives must be one the real system gave to
     * that question: same status, then same Content-Type and the same JSON field paths. Questions only the
     * stand-in asked are not compared: the real run never asked them.
     */
    /** The response headers the recorder kept when the real run was recorded (the manifest's recorderHeaders). */
    static List<String> recordedHeaders(JsonNode manifest) {
        JsonNode list = manifest.path("recorderHeaders");
        if (!list.isArray() || list.isEmpty()) {
            throw new IllegalArgumentException("the manifest names no recorderHeaders: the headers the recorder kept in that run");
        }
        List<String> out = new ArrayList<>();
        list.forEach(h -> out.add(h.asText().toLowerCase(java.util.Locale.ROOT)));
        return out;
    }

    /**
     * The values a client or browser acts on ({@link Recordings#values}), between answers to the same request: same
     * question, same query parameter names and Origin (a redirect or CORS answer follows from them), same status. An
     * answer of the stand-in must agree with one the real system gave to that request; requests the real run never
     * made are not compared.
     */
    static Map<String, String> compareValues(List<Recordings.Exchange> real, List<Recordings.Exchange> standIn, List<String> headers) {
        Map<String, List<Map<String, String>>> realValues = new LinkedHashMap<>();
        real.forEach(r -> realValues.computeIfAbsent(Recordings.request(r) + " -> " + r.status(), k -> new ArrayList<>())
                .add(Recordings.values(r, headers)));
        Map<String, String> out = new LinkedHashMap<>();
        for (Recordings.Exchange s : standIn) {
            String key = Recordings.request(s) + " -> " + s.status();
            List<Map<String, String>> answers = realValues.get(key);
            Map<String, String> mine = Recordings.values(s, headers);
            if (answers == null || answers.contains(mine)) {
                continue;
            }
            Map<String, String> nearest = answers.get(0);
            new TreeSet<>(java.util.stream.Stream.concat(nearest.keySet().stream(), mine.keySet().stream()).toList()).forEach(k -> {
                if (!java.util.Objects.equals(nearest.get(k), mine.get(k))) {
                    out.put(key + " " + k, "real " + nearest.getOrDefault(k, "(none)") + ", stand-in " + mine.getOrDefault(k, "(none)"));
                }
            });
        }
        return out;
    }

    static Map<String, String> compare(Map<String, Recordings.Exchange> real, Map<String, Recordings.Exchange> standIn,
                                       Map<String, List<List<String>>> realFlows, Map<String, List<List<String>>> standInFlows) {
        Map<String, TreeSet<Integer>> realStatuses = new LinkedHashMap<>();
        real.values().forEach(r -> realStatuses.computeIfAbsent(r.question(), k -> new TreeSet<>()).add(r.status()));
        Map<String, String> out = new LinkedHashMap<>();
        for (Recordings.Exchange s : standIn.values()) {
            String q = s.question();
            if (!realStatuses.containsKey(q) || q.contains(" /api/v3/flows/executor/") || q.contains(" /if/flow/")) {
                continue;
            }
            Recordings.Exchange r = real.get(q + " -> " + s.status());
            if (r == null) {
                out.put(q + " status", "real " + realStatuses.get(q) + ", stand-in " + s.status());
                continue;
            }
            if (!r.contentType().equals(s.contentType())) {
                out.put(q + " -> " + s.status() + " content-type", "real " + r.contentType() + ", stand-in " + s.contentType());
            }
            // OpenCloud's proxy puts its CSP on every answer; the web UI's login lives or dies by it (opencloud.csp)
            String realCsp = r.line().path("responseHeaders").path("content-security-policy").asText(null);
            String standInCsp = s.line().path("responseHeaders").path("content-security-policy").asText(null);
            if (realCsp != null && !realCsp.equals(standInCsp)) {
                out.put(q + " -> " + s.status() + " content-security-policy", "real " + realCsp + ", stand-in " + standInCsp);
            }
            if (r.body().isObject() || r.body().isArray()) {
                TreeSet<String> missing = new TreeSet<>(Recordings.shape(r.body()));
                missing.removeAll(Recordings.shape(s.body()));
                TreeSet<String> extra = new TreeSet<>(Recordings.shape(s.body()));
                extra.removeAll(Recordings.shape(r.body()));
                if (!missing.isEmpty()) {
                    out.put(q + " -> " + s.status() + " fields missing", missing.toString());
                }
                if (!extra.isEmpty()) {
                    out.put(q + " -> " + s.status() + " fields extra", extra.toString());
                }
            }
        }
        // per login: the suite logs in more often than the recorded run did (probes added later), so every chain
        // the stand-in walked must be one the real system walked
        realFlows.forEach((flow, sessions) -> {
            List<List<String>> other = standInFlows.get(flow);
            if (other != null) {
                Set<List<String>> realChains = new java.util.LinkedHashSet<>();
                sessions.forEach(steps -> realChains.addAll(chains(steps)));
                Set<List<String>> unseen = new java.util.LinkedHashSet<>();
                other.forEach(steps -> unseen.addAll(chains(steps)));
                unseen.removeAll(realChains);
                if (!unseen.isEmpty()) {
                    out.put("executor " + flow, "real " + realChains + ", stand-in " + unseen);
                }
            }
        });
        return out;
    }

    /** A flow's steps cut into its runs: each run begins with the step the flow's first run began with. */
    static Set<List<String>> chains(List<String> steps) {
        Set<List<String>> out = new java.util.LinkedHashSet<>();
        List<String> current = new ArrayList<>();
        for (String step : steps) {
            if (!current.isEmpty() && step.equals(steps.get(0))) {
                out.add(List.copyOf(current));
                current.clear();
            }
            current.add(step);
        }
        if (!current.isEmpty()) {
            out.add(List.copyOf(current));
        }
        return out;
    }

    static Map<String, String> knownDifferences(Path file) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        JsonNode list = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(file.toFile());
        for (JsonNode d : list) {
            JsonNode setups = d.path("setups");
            if (!setups.isArray() || setups.isEmpty() || d.path("difference").asText().isBlank() || d.path("why").asText().isBlank()) {
                throw new IllegalArgumentException(file + ": every entry needs setups (a list), difference and why; got " + d);
            }
            setups.forEach(setup -> out.put(setup.asText() + " " + d.path("difference").asText(), d.path("why").asText()));
        }
        return out;
    }
}
