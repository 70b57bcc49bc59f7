package io.github.akoc.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.akoc.check.Finding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ReportWriterTest {
    private static Report sample() {
        Map<String, Long> timings = new LinkedHashMap<>();
        timings.put("stack", 1200L);
        timings.put("checks", 35L);
        Map<String, String> clients = new LinkedHashMap<>();
        clients.put("web", "web");
        clients.put("ios", "OpenCloudIOS");
        Finding root = Finding.fail("browser.web-login", "https://opencloud.company", "signed in", "not signed in; screenshot /tmp/r/shot.png",
                "step b", "Fix it.");
        return new Report("local", "web-desktop-mobile", Map.of("authentik", "2026.8.3"), clients, List.of(
                Finding.pass("discovery.shared-issuer", "https://authentik.company/.well-known/openid-configuration",
                        "issuer == x", "issuer x", "step a"),
                root,
                Finding.skip("token.refresh", "OpenCloudIOS", "needs an account (--user/--password-file)"),
                Finding.fail("opencloud.accepts-tokens", "web", "200", "401", "step c", "see").dependentOn(root.key()),
                Finding.pass("webfinger.platforms", "ios", "x", "x", "step d")), timings);
    }

    @Test
    void jsonHasTheDocumentedShape(@TempDir Path dir) throws Exception {
        ReportWriter.write(sample(), dir);
        JsonNode j = new ObjectMapper().readTree(dir.resolve("local-web-desktop-mobile.json").toFile());
        assertEquals(List.of("stack", "setup", "clients", "versions", "knownAs", "findings", "timings"), iterator(j));
        assertTrue(j.get("knownAs").get("authentik").asText().contains("2026.8.3"), j.get("knownAs").toString());
        assertEquals("OpenCloudIOS", j.get("clients").get("ios").asText());
        assertEquals("local", j.get("stack").asText());
        assertEquals("web-desktop-mobile", j.get("setup").asText());
        assertEquals("2026.8.3", j.get("versions").get("authentik").asText());
        assertEquals(5, j.get("findings").size());
        assertEquals("browser.web-login/https://opencloud.company", j.get("findings").get(3).get("dependsOn").asText());
        JsonNode fail = j.get("findings").get(1);
        assertEquals(List.of("check", "subject", "status", "expected", "actual", "guideStep", "remedy"), iterator(fail));
        assertEquals("browser.web-login", fail.get("check").asText());
        assertEquals("https://opencloud.company", fail.get("subject").asText());
        assertEquals("FAIL", fail.get("status").asText());
        assertEquals("signed in", fail.get("expected").asText());
        assertEquals("not signed in; screenshot /tmp/r/shot.png", fail.get("actual").asText());
        assertEquals("step b", fail.get("guideStep").asText());
        assertEquals("Fix it.", fail.get("remedy").asText());
        assertEquals("SKIP", j.get("findings").get(2).get("status").asText());
        assertEquals("", j.get("findings").get(0).get("remedy").asText());
        assertEquals(1200L, j.get("timings").get("stack").asLong());
        assertTrue(j.get("timings").get("checks").isIntegralNumber());
        assertEquals(List.of("stack", "checks"), iterator(j.get("timings")));
    }

    @Test
    void markdownSaysWhereTheResultCameFromAndSummarises(@TempDir Path dir) throws Exception {
        Path md = ReportWriter.write(sample(), dir);
        String text = Files.readString(md);
        assertEquals(dir.resolve("local-web-desktop-mobile.md"), md);
        assertTrue(text.contains("Stack: **local** (ran against in-process stand-ins for authentik and OpenCloud, not the real images)"), text);
        assertTrue(text.contains("**2 passed, 1 failed (root causes), 1 dependent on those, 0 warnings, 1 skipped**"), text);
        assertTrue(text.contains("### `browser.web-login` — https://opencloud.company"), text);
        assertTrue(text.contains("- remedy: **Fix it.**"), text);
        assertTrue(text.contains("- findings that follow from it (DEPENDENT): opencloud.accepts-tokens/web"), text);
        // the matrix opens the report: checks × clients, platform subjects in their client's column
        assertTrue(text.indexOf("| check | web | OpenCloudIOS | deployment |") < text.indexOf("## Root failures"), text);
        assertTrue(text.contains("| `webfinger.platforms` |  | ✓ |  |"), text);
        assertTrue(text.contains("| `opencloud.accepts-tokens` | ↳ |  |  |"), text);
        assertTrue(text.contains("| `browser.web-login` |  |  | ✗ |"), text);
        assertTrue(text.contains("[shot.png]("), text);
        assertTrue(text.contains("| stack | 1200 |"), text);
        assertTrue(text.contains("| authentik | 2026.8.3 |"), text);
    }

    @Test
    void markdownForContainersDoesNotClaimStandIns(@TempDir Path dir) throws Exception {
        Report r = sample();
        String text = Files.readString(ReportWriter.write(new Report("containers", r.setup(), r.versions(), r.clients(), r.findings(), r.timings()), dir));
        assertFalse(text.contains("stand-ins"), text);
        assertTrue(text.contains("Stack: **containers**"), text);
    }

    @Test
    void timingsRecordAPhaseEvenWhenItThrows() {
        Timings t = new Timings();
        try (var p = t.phase("ok")) {
            assertNotNull(p);
        }
        assertThrows(IllegalStateException.class, () -> {
            try (var p = t.phase("broken")) {
                throw new IllegalStateException("boom");
            }
        });
        assertEquals(List.of("ok", "broken"), List.copyOf(t.asMap().keySet()));
        assertTrue(t.asMap().values().stream().allMatch(ms -> ms >= 0));
    }

    private static List<String> iterator(JsonNode n) {
        List<String> out = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
