package io.github.akoc.report;

import io.github.akoc.deployment.Versions;
import io.github.akoc.provision.AuthentikVersion;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the suite knows the versions a report is about, said at its top: run here against a build from the release's
 * source (fixtures/recorded/), known from its sources and API schema only, or newer than anything it knows (a PASS
 * there rests on behaviour the suite has not seen). Stand-ins are named as such.
 */
public final class VersionKnowledge {
    /** The project's own locally built images (the container self-test's stand-ins among them) carry this prefix. */
    public static final String SELF_TEST_IMAGES = "akoc-selftest/";
    private static final Pattern RELEASE = Pattern.compile("(\\d{4}\\.\\d{1,2}\\.\\d+(?:-[A-Za-z0-9.]+)?|\\d+\\.\\d+\\.\\d+)$");

    private final List<RecordedBuilds.Build> ran;
    private final List<AuthentikVersion> authentikLines;
    private final List<String> opencloudLines;
    /** Lines known only from release notes and single source files (no API schema, no whole tree). */
    private final List<String> notesLines;

    VersionKnowledge(List<RecordedBuilds.Build> ran, List<AuthentikVersion> authentikLines, List<String> opencloudLines,
                     List<String> notesLines) {
        this.ran = ran;
        this.authentikLines = authentikLines;
        this.opencloudLines = opencloudLines;
        this.notesLines = notesLines;
    }

    private static List<String> lines(Versions v, String key) {
        return Arrays.stream(v.get(key).split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** From the project's fixtures: the recorded builds and the lines versions.properties names. */
    public static VersionKnowledge fromFixtures() {
        Versions v = Versions.fromDefaultLocation();
        List<AuthentikVersion> lines = java.util.stream.Stream.concat(lines(v, "authentik.schema.npm").stream(),
                lines(v, "authentik.schema.snapshot").stream()).map(AuthentikVersion::parse).sorted().toList();
        List<String> notes = new java.util.ArrayList<>();
        lines(v, "authentik.notes.lines").forEach(l -> notes.add("authentik " + l));
        lines(v, "opencloud.notes.lines").forEach(l -> notes.add("OpenCloud " + l));
        return new VersionKnowledge(RecordedBuilds.all(), lines, lines(v, "opencloud.known.lines"), notes);
    }

    /** Per system of a report's versions, how the suite knows it; what it cannot say when its fixtures are not at hand. */
    public static Map<String, String> forReport(Map<String, String> versions) {
        try {
            return fromFixtures().of(versions);
        } catch (RuntimeException e) {
            return Map.of("versions", "the suite's fixtures (fixtures/recorded, fixtures/versions.properties) are not at hand: "
                    + "it cannot say how it knows these versions (" + e.getMessage() + ")");
        }
    }

    /** Per system of the report's versions (authentik, opencloud), how the suite knows it. */
    public Map<String, String> of(Map<String, String> versions) {
        Map<String, String> out = new LinkedHashMap<>();
        Optional.ofNullable(versions.get("authentik")).ifPresent(v -> out.put("authentik", authentik(v)));
        Optional.ofNullable(versions.get("opencloud")).ifPresent(v -> out.put("opencloud", opencloud(v)));
        return out;
    }

    /** What is said of a stand-in or of a tag without a release number, else empty. */
    private static Optional<String> notARelease(String described, String system, String modelledOn) {
        if (described.contains("stand-in") || described.startsWith(SELF_TEST_IMAGES)) {
            return Optional.of(described + ": the suite's stand-in, modelled on " + modelledOn + "; says the suite works, not that "
                    + system + " does");
        }
        return release(described).isEmpty()
                ? Optional.of(described + ": no release number in the tag; the suite cannot say whether it knows this version")
                : Optional.empty();
    }

    String authentik(String described) {
        Optional<String> said = notARelease(described, "authentik", "that release's sources");
        if (said.isPresent()) {
            return said.get();
        }
        Optional<String> tag = release(described);
        AuthentikVersion v;
        try {
            v = AuthentikVersion.parse(tag.get());
        } catch (IllegalArgumentException e) {
            return described + ": not an authentik release number; the suite cannot say whether it knows this version";
        }
        Optional<RecordedBuilds.Build> same = ran.stream().filter(b -> b.authentik().year() == v.year() && b.authentik().month() == v.month()).reduce((a, b) -> b);
        boolean lineKnown = authentikLines.stream().anyMatch(l -> l.year() == v.year() && l.month() == v.month());
        if (same.isPresent() && tag.get().equals(same.get().manifest().path("authentikVersion").asText())) {
            return "authentik " + tag.get() + ": run here against a build from its source (fixtures/recorded/" + same.get() + ")";
        }
        if (same.isPresent()) {
            return "authentik " + tag.get() + ": known from its sources and API schema; its " + v.year() + "." + v.month()
                    + " line ran here as " + same.get().manifest().path("authentikVersion").asText() + " (fixtures/recorded/" + same.get() + ")";
        }
        if (lineKnown) {
            return "authentik " + tag.get() + ": known from its sources and API schema, not run against here";
        }
        AuthentikVersion newest = authentikLines.get(authentikLines.size() - 1);
        if (notesLines.contains("authentik " + v.year() + "." + v.month())) {
            return "authentik " + tag.get() + ": known from its release notes and single source files only (no API schema of it is "
                    + "published); provisioning speaks the newest published API, " + newest.year() + "." + newest.month();
        }
        if (v.compareTo(newest) > 0) {
            return "authentik " + tag.get() + ": NEWER than anything the suite knows (its newest line: " + newest.year() + "."
                    + newest.month() + "); a PASS rests on behaviour the suite has not seen in this release";
        }
        return "authentik " + tag.get() + ": a line the suite has no API schema of; provisioning and checks assume its neighbours' behaviour";
    }

    String opencloud(String described) {
        Optional<String> said = notARelease(described, "OpenCloud", "OpenCloud 7.3.0's sources and, for later releases, their release notes and files");
        if (said.isPresent()) {
            return said.get();
        }
        Optional<String> tag = release(described);
        String line = tag.get().replaceAll("^(\\d+\\.\\d+)\\..*", "$1");
        Optional<RecordedBuilds.Build> same = ran.stream().filter(b -> b.opencloud().equals(tag.get())).findFirst();
        if (same.isPresent()) {
            return "OpenCloud " + tag.get() + ": run here against a build from its source (fixtures/recorded/" + same.get() + ")";
        }
        if (opencloudLines.contains(line)) {
            return "OpenCloud " + tag.get() + ": known from its sources (the " + line + " line), not run against here";
        }
        if (notesLines.contains("OpenCloud " + line)) {
            return "OpenCloud " + tag.get() + ": known from its release notes and single source files (the " + line
                    + " line; no whole tree could be had), not run against here";
        }
        return "OpenCloud " + tag.get() + ": NOT known to the suite from its sources (it knows " + String.join(", ", opencloudLines)
                + "); a PASS rests on behaviour the suite has not seen in this release";
    }

    /** The release number at the end of an image reference or description ("…/server:2026.8.3" → "2026.8.3"). */
    static Optional<String> release(String described) {
        String tag = described.contains(":") ? described.substring(described.lastIndexOf(':') + 1) : described;
        Matcher m = RELEASE.matcher(tag.strip());
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
