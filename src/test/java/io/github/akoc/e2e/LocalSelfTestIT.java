package io.github.akoc.e2e;

import io.github.akoc.testing.SelfTest;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.akoc.check.Checks;
import io.github.akoc.check.Finding;
import io.github.akoc.report.Report;
import io.github.akoc.world.HttpResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The self-test: each guide setup stood up on the local stack (stand-ins for authentik and OpenCloud,
 * the real Caddy and Chromium), provisioned, logged into, and checked. On the guide's configuration every
 * check of the catalogue applies to both setups and must pass.
 */
@SelfTest
class LocalSelfTestIT {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"web-only", "web-desktop-mobile"})
    void guideConfigurationPassesEveryCheck(String setupName) throws Exception {
        try (LocalRun run = LocalRun.start(setupName)) {
            Report report = run.verify();

            assertEquals(List.of(), LocalRun.keys(report, Finding.Status.FAIL), "failed findings on the guide's configuration");
            assertEquals(List.of(), LocalRun.keys(report, Finding.Status.SKIP), "skipped findings on the guide's configuration");
            // the hardening gap of the guide: with the shared issuer and key, only OpenCloud's audience check (8.1.0+, which
            // the suite's web-desktop-mobile deployment turns on) refuses another application's token; web-only's
            // application issuer refuses it already
            // (the browser allows third-party cookies by default: the silent renew must pass, see the test below for one
            // that blocks them)
            List<String> warned = new java.util.ArrayList<>(LocalRun.keys(report, Finding.Status.WARN));
            // and authentik's: end-session leaves the user on its "You've logged out of" page, still signed in to authentik
            // (default-provider-invalidation-flow has no User Logout stage; the guide registers no Post Logout URI)
            assertTrue(warned.remove("logout.web/https://opencloud.company"), "logout.web warns: " + warned);
            report.findings().stream().filter(f -> f.check().equals("logout.web")).forEach(f -> assertTrue(
                    f.actual().contains("SESSION_END_PAGE") && f.actual().contains("logged out of"), "the logout ends on authentik's page: " + f));
            boolean audienceCheck = io.github.akoc.check.OpenCloudRelease.parse(
                    io.github.akoc.deployment.Versions.fromDefaultLocation().get("opencloud.version")).orElseThrow().hasAudienceCheck();
            assertEquals(setupName.equals("web-only") || audienceCheck ? List.of() : List.of("opencloud.rejects-foreign-token/opencloud-e2e-foreign-global"),
                    warned, "warnings on the guide's configuration");
            if (!setupName.equals("web-only") && audienceCheck) {
                report.findings().stream().filter(f -> f.check().equals("opencloud.rejects-foreign-token")).forEach(f -> assertTrue(
                        f.status() == Finding.Status.PASS && f.actual().startsWith("401"), "refused by the audience check: " + f));
            }
            report.findings().stream().filter(f -> f.check().equals("browser.silent-renew")).forEach(f -> assertTrue(
                    f.status() == Finding.Status.PASS && f.actual().contains("the same user as before"), "the renewal in the iframe: " + f));
            assertEquals("allowed", report.versions().get("browser third-party cookies"));
            Set<String> checked = report.findings().stream().map(Finding::check).collect(Collectors.toSet());
            assertEquals(LocalRun.checksFor(setupName), checked, "every catalogue check that applies to the setup ran");
            report.findings().stream().filter(f -> f.check().equals("token.per-client"))
                    .forEach(f -> assertTrue(f.actual().contains("signature verified"), f.toString()));

            Path json = LocalRun.REPORT_DIR.resolve("local-" + setupName + ".json");
            JsonNode written = HttpResult.JSON.readTree(Files.readString(json));
            assertEquals("local", written.get("stack").asText());
            assertEquals(setupName, written.get("setup").asText());
            assertEquals(report.findings().size(), written.get("findings").size());
            for (String phase : List.of("stack", "provision", "login", "tokens", "checks")) {
                assertTrue(written.get("timings").has(phase), "timing of phase " + phase + " in " + json);
            }
            assertTrue(Files.isRegularFile(LocalRun.REPORT_DIR.resolve("local-" + setupName + ".md")));
        }
    }

    /**
     * A browser that blocks third-party cookies (Safari, Firefox strict, incognito) keeps authentik's session cookie
     * from the silent-renew iframe: authentik answers login_required, and the check WARNs with that cause, not a FAIL.
     */
    @org.junit.jupiter.api.Test
    void aBrowserBlockingThirdPartyCookiesGetsLoginRequiredInTheIframeAndAWarning() throws Exception {
        String before = System.getProperty(io.github.akoc.world.World.THIRD_PARTY_COOKIES);
        System.setProperty(io.github.akoc.world.World.THIRD_PARTY_COOKIES, "block");
        try (LocalRun run = LocalRun.start("web-only")) {
            Report report = run.verify();

            Finding renew = report.findings().stream().filter(f -> f.check().equals("browser.silent-renew")).findFirst().orElseThrow();
            assertEquals(Finding.Status.WARN, renew.status(), renew.toString());
            assertTrue(renew.actual().contains("error=login_required") && renew.remedy().contains("third-party cookies"), renew.toString());
            assertEquals(List.of(), LocalRun.keys(report, Finding.Status.FAIL), "nothing fails");
            assertEquals("blocked", report.versions().get("browser third-party cookies"));
        } finally {
            if (before == null) {
                System.clearProperty(io.github.akoc.world.World.THIRD_PARTY_COOKIES);
            } else {
                System.setProperty(io.github.akoc.world.World.THIRD_PARTY_COOKIES, before);
            }
        }
    }

    /**
     * logout.web's PASS as the sources predict it: a deployment (beyond the guide) that registers the web UI's
     * post_logout_redirect_uri as a Post Logout URI and ends authentik's session with the brand's invalidation flow (User
     * Logout stage) brings the browser back to OpenCloud, whose web UI then shows authentik's login: logged out of both.
     */
    @org.junit.jupiter.api.Test
    void aPostLogoutUriAndAUserLogoutStageReturnTheBrowserToOpenCloudLoggedOut() throws Exception {
        try (LocalRun run = LocalRun.start("web-only")) {
            java.util.Map<String, Object> change = java.util.Map.of(
                    "authentik", java.util.Map.of("invalidationFlow", "default-invalidation-flow"),
                    "providers", java.util.Map.of("web", java.util.Map.of("redirectUris", List.of(
                            java.util.Map.of("matchingMode", "strict", "url", "https://opencloud.company/oidc-callback.html"),
                            java.util.Map.of("matchingMode", "strict", "url", "https://opencloud.company/oidc-silent-redirect.html"),
                            java.util.Map.of("matchingMode", "strict", "url", "https://opencloud.company/"),
                            java.util.Map.of("matchingMode", "strict", "url", "https://opencloud.company/", "type", "logout")))));
            io.github.akoc.deployment.Deployment registered = new io.github.akoc.deployment.Mutation("post-logout-uri-registered",
                    "web-only", "", "", "this test", "-", change, List.of(), null, null).applyTo(run.setup());
            Report report = run.verify(registered, "web-only-post-logout-registered");

            Finding logout = report.findings().stream().filter(f -> f.check().equals("logout.web")).findFirst().orElseThrow();
            assertEquals(Finding.Status.PASS, logout.status(), logout.toString());
            assertTrue(logout.actual().contains("RETURNED_TO_LOGIN"), logout.toString());
            assertEquals(List.of(), LocalRun.keys(report, Finding.Status.FAIL), "nothing else fails");
        }
    }
}
