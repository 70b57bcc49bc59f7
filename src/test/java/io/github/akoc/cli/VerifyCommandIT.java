package io.github.akoc.cli;

import io.github.akoc.testing.SelfTest;

import io.github.akoc.Verification;
import io.github.akoc.check.BrowserSilentRenewCheck;
import io.github.akoc.check.BrowserWebLoginCheck;
import io.github.akoc.check.Checks;
import io.github.akoc.check.IdentitySameUserCheck;
import io.github.akoc.check.LogoutWebCheck;
import io.github.akoc.check.OpenCloudIssuerReachableCheck;
import io.github.akoc.check.OpenCloudRejectsForeignTokenCheck;
import io.github.akoc.check.WebfingerNativeScopesCheck;
import io.github.akoc.check.DiscoveryPerClientCheck;
import io.github.akoc.check.DiscoverySharedIssuerCheck;
import io.github.akoc.check.JwksSingleKeyCheck;
import io.github.akoc.check.OpenCloudAcceptsTokensCheck;
import io.github.akoc.check.OpenCloudDefaultRoleCheck;
import io.github.akoc.check.OpenCloudCspCheck;
import io.github.akoc.check.OpenCloudWebConfigCheck;
import io.github.akoc.check.ProxyDiscoveryRewriteCheck;
import io.github.akoc.check.RedirectPolicyCheck;
import io.github.akoc.check.TokenPerClientCheck;
import io.github.akoc.check.TokenRefreshCheck;
import io.github.akoc.check.WebfingerPlatformsCheck;
import io.github.akoc.check.WebfingerWebClientCheck;
import io.github.akoc.provision.Provisioned;
import io.github.akoc.report.Timings;
import io.github.akoc.e2e.StackSelection;
import io.github.akoc.deployment.Mutation;
import io.github.akoc.deployment.Deployment;
import io.github.akoc.deployment.DeploymentLoader;
import io.github.akoc.deployment.Versions;
import io.github.akoc.stack.local.LocalStack;
import io.github.akoc.standin.InProcessStandIns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The verify command against the local stack (in-process stand-ins, real Caddy and Chromium), run in-process
 * as an operator would run it: public names reached through --resolve, the stack's CA through --ca-cert.
 * The stack is provisioned with the guide's configuration (or a catalogue mutation) exactly as the suite does;
 * the command itself never changes it.
 */
@SelfTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VerifyCommandIT {
    /** The checks that need nothing but the public URLs. */
    static final Set<String> PUBLIC = Set.of(DiscoverySharedIssuerCheck.ID, DiscoveryPerClientCheck.ID, JwksSingleKeyCheck.ID,
            WebfingerPlatformsCheck.ID, WebfingerWebClientCheck.ID, WebfingerNativeScopesCheck.ID, OpenCloudWebConfigCheck.ID,
            OpenCloudIssuerReachableCheck.ID, OpenCloudCspCheck.ID, ProxyDiscoveryRewriteCheck.ID);
    /** The checks that need an account (--user/--password-file). */
    static final Set<String> ACCOUNT = Set.of(TokenPerClientCheck.ID, TokenRefreshCheck.ID, OpenCloudAcceptsTokensCheck.ID,
            OpenCloudDefaultRoleCheck.ID, BrowserWebLoginCheck.ID, BrowserSilentRenewCheck.ID, RedirectPolicyCheck.ID, IdentitySameUserCheck.ID,
            OpenCloudRejectsForeignTokenCheck.ID, LogoutWebCheck.ID);
    /** The public checks that apply to the setup's expectation (Check.appliesTo): web-only has no native app to ask scopes for. */
    static Set<String> publicFor(String setupName) {
        Set<String> out = new java.util.HashSet<>(PUBLIC);
        out.retainAll(Checks.idsFor(Verification.expectationOf(DeploymentLoader.fromDefaultLocation().load(setupName))));
        return out;
    }

    /** Account checks that need the suite's probe application, which the verify command never creates in a live authentik. */
    static final Set<String> PROBE = Set.of(OpenCloudRejectsForeignTokenCheck.ID);

    private final Map<String, Run> runs = new LinkedHashMap<>();

    /** One local stack of a setup, provisioned to the guide's configuration. */
    private record Run(Deployment guide, LocalStack stack, Verification verification, Provisioned provisioned) {
        static Run start(String setupName) {
            return start(DeploymentLoader.fromDefaultLocation().load(setupName), setupName);
        }

        static Run start(Deployment setup, String runName) {
            String version = Versions.fromDefaultLocation().get("authentik.version");
            LocalStack stack = LocalStack.start(setup, new InProcessStandIns(), Path.of("target", "cli-run", runName), version);
            try {
                Verification v = new Verification(stack, version, Path.of("target", "cli-report"), Duration.ofSeconds(30));
                return new Run(setup, stack, v, v.apply(setup, new Timings()));
            } catch (RuntimeException e) {
                stack.close();
                throw e;
            }
        }

        /** --resolve for both public names to Caddy's port, and the stack's CA. */
        List<String> reach() {
            List<String> args = new ArrayList<>();
            for (String name : List.of(guide.authentik().host(), guide.opencloud().host())) {
                InetSocketAddress a = stack.world().names().get(name);
                args.addAll(List.of("--resolve", name + "=" + a.getHostString() + ":" + a.getPort()));
            }
            args.addAll(List.of("--ca-cert", stack.caCertificate().toString()));
            return args;
        }

        List<String> target(Deployment s) {
            List<String> args = new ArrayList<>(List.of("verify", "--setup", s.name(),
                    "--opencloud", s.opencloud().baseUrl(), "--issuer", s.opencloud().env().get("IDP_ISSUER_URL")));
            args.addAll(reach());
            return args;
        }
    }

    private Run run(String setupName) {
        StackSelection.assume("local");
        return runs.computeIfAbsent(setupName, Run::start);
    }

    @AfterAll
    void stop() {
        runs.values().forEach(r -> r.stack().close());
    }

    /** What one invocation printed and returned. */
    record Outcome(int exit, String out, String err, Duration elapsed) {
        /** status → (check/subject) of each finding line. */
        List<String[]> findings() {
            List<String[]> rows = new ArrayList<>();
            for (String line : out.lines().toList()) {
                String[] p = line.split(" +", 3);
                if (p.length == 3 && Set.of("PASS", "FAIL", "WARN", "SKIP").contains(p[0])) {
                    rows.add(new String[]{p[0], p[1], p[2].split(": ", 2)[0], line});
                }
            }
            return rows;
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    /** The command's output beside the report, for reading after a run (and for the README's example). */
    static void keep(String name, Outcome o) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "cli-report"));
            Files.writeString(dir.resolve(name + ".txt"), o.toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Outcome verify(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long t0 = System.nanoTime();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
        return new Outcome(exit, out.toString(), err.toString(), Duration.ofNanos(System.nanoTime() - t0));
    }

    @Test
    void aCorrectDeploymentWithItsOwnSlugsPassesWhenTheyAreGiven() {
        StackSelection.assume("local");
        Deployment guide = DeploymentLoader.fromDefaultLocation().load("web-desktop-mobile");
        List<io.github.akoc.deployment.Provider> renamed = guide.providers().stream().map(p -> new io.github.akoc.deployment.Provider(
                p.platform(), p.clientId(), "oc-" + p.platform(), p.clientType(), p.issuerMode(), p.scopes(), p.redirectUris(),
                p.signingKey(), p.grantTypes(), p.subMode(), p.encryptionKey())).toList();
        Deployment own = new Deployment(guide.name(), new Deployment.Authentik(guide.authentik().host(), "oc-android",
                guide.authentik().authorizationFlow(), guide.authentik().invalidationFlow(), guide.authentik().signingKey(), null),
                renamed, guide.opencloud(), guide.proxy());
        Run r = Run.start(own, "own-slugs");
        try {
            List<String> args = r.target(own);
            for (String platform : List.of("web", "desktop", "android", "ios")) {
                args.addAll(List.of("--slug", platform + "=oc-" + platform));
            }
            Outcome o = verify(args);
            keep("own-slugs", o);
            assertEquals(0, o.exit(), o.toString());
            assertTrue(o.out().contains("PASS proxy.discovery-rewrite"), o.toString());
            assertTrue(o.out().contains("PASS discovery.per-client OpenCloudAndroid"), o.toString());
        } finally {
            r.stack().close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"web-only", "web-desktop-mobile"})
    void guideConfigurationPassesEveryPublicCheckAndSkipsTheAccountChecks(String setupName) {
        Run r = run(setupName);
        Outcome o = verify(r.target(r.guide()));
        keep("guide-" + setupName, o);

        assertEquals(0, o.exit(), o.toString());
        List<String[]> rows = o.findings();
        assertEquals(publicFor(setupName), checksWith(rows, "PASS"), "every public check passes: " + o);
        assertEquals(ACCOUNT, checksWith(rows, "SKIP"), "every account check skips: " + o);
        rows.forEach(f -> {
            assertFalse(f[0].equals("FAIL"), f[3]);
            assertTrue(!PUBLIC.contains(f[1]) || f[0].equals("PASS"), "public check not passed: " + f[3]);
            assertTrue(!ACCOUNT.contains(f[1]) || (f[0].equals("SKIP") && f[3].contains("--user")),
                    "account check skips naming what it needs: " + f[3]);
        });
        String summary = o.out().lines().filter(l -> l.startsWith("verify: ")).findFirst().orElse("");
        assertTrue(summary.matches("verify: \\d+ passed, 0 failed, 0 dependent on those, 0 warnings, \\d+ skipped \\(stack external, setup "
                + setupName + ", no account.*"), o.toString());
        assertEquals("", o.err(), o.toString());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"web-only", "web-desktop-mobile"})
    void withAnAccountTheAccountChecksPass(String setupName) throws Exception {
        Run r = run(setupName);
        Path pw = Files.createTempFile("verify-password", ".txt");
        try {
            Files.writeString(pw, r.provisioned().password() + "\n");
            List<String> args = r.target(r.guide());
            Path report = Path.of("target", "cli-report", "account-" + setupName);
            args.addAll(List.of("--user", r.provisioned().username(), "--password-file", pw.toString(), "--report", report.toString()));
            Outcome o = verify(args);
            keep("account-" + setupName, o);

            assertEquals(0, o.exit(), o.toString());
            Set<String> all = new java.util.HashSet<>(publicFor(setupName));
            all.addAll(ACCOUNT);
            all.removeAll(PROBE);
            // PASS, or WARN where the browser blocks third-party cookies (this Chromium does): authentik's session
            // cookie then never reaches the renewal iframe
            all.remove(BrowserSilentRenewCheck.ID);
            // WARN by authentik's sources: end-session leaves the user on authentik's "logged out of" page (tests below)
            all.remove(LogoutWebCheck.ID);
            assertTrue(checksWith(o.findings(), "WARN").contains(LogoutWebCheck.ID), o.toString());
            Set<String> renew = new java.util.HashSet<>(checksWith(o.findings(), "PASS"));
            renew.addAll(checksWith(o.findings(), "WARN"));
            assertTrue(renew.contains(BrowserSilentRenewCheck.ID), o.toString());
            Set<String> passed = new java.util.HashSet<>(checksWith(o.findings(), "PASS"));
            passed.remove(BrowserSilentRenewCheck.ID);
            assertEquals(all, passed, o.toString());
            assertEquals(PROBE, checksWith(o.findings(), "SKIP"), o.toString());
            assertTrue(o.findings().stream().filter(f -> f[0].equals("SKIP")).allMatch(f -> f[3].contains("probe")), o.toString());
            assertFalse(o.out().contains(r.provisioned().password()), "the password is never printed");
            String json = Files.readString(report.resolve("external-" + setupName + ".json"));
            assertTrue(json.contains("\"stack\":\"external\"") || json.contains("\"stack\" : \"external\""), json);
            if (o.findings().stream().anyMatch(f -> f[0].equals("WARN"))) {
                List<String> strict = new ArrayList<>(args);
                strict.add("--fail-on-warn");
                assertEquals(1, verify(strict).exit(), "a warning fails the run when asked");
            }
        } finally {
            Files.deleteIfExists(pw);
        }
    }

    /** The jar `mvn package` builds (the package phase runs before Failsafe): manifest, shaded deps, bundled fixtures. */
    @Test
    void theBuiltJarVerifiesTheGuideConfiguration() throws Exception {
        Path jar = Path.of("target", "authentik-opencloud-verify.jar");
        Assumptions.assumeTrue(Files.isRegularFile(jar), "no " + jar + ": run through mvn verify, which packages it first");
        Run r = run("web-desktop-mobile");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        cmd.addAll(r.target(r.guide()));
        Path out = Files.createTempFile("verify-jar", ".out");
        Path err = Files.createTempFile("verify-jar", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            boolean ended = p.waitFor(90, java.util.concurrent.TimeUnit.SECONDS);
            if (!ended) {
                p.destroyForcibly();
            }
            assertTrue(ended, "the jar ends within 90 s");
            Outcome o = new Outcome(p.exitValue(), Files.readString(out), Files.readString(err), Duration.ZERO);
            keep("jar-web-desktop-mobile", o);
            keep("jar-command", new Outcome(0, String.join(" ", cmd.subList(1, cmd.size())) + "\n", "", Duration.ZERO));
            assertEquals(0, o.exit(), o.toString());
            assertEquals(PUBLIC, checksWith(o.findings(), "PASS"), o.toString());
            assertEquals(ACCOUNT, checksWith(o.findings(), "SKIP"), o.toString());
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static List<org.junit.jupiter.api.Named<Mutation>> publicMutations() {
        return Mutation.load(Path.of(System.getProperty("fixtures.dir", "fixtures"), "mutations.yml")).stream()
                .filter(m -> m.expected().stream().anyMatch(e -> PUBLIC.contains(e.split("/")[0])))
                .map(m -> org.junit.jupiter.api.Named.of(m.name(), m))
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("publicMutations")
    void publicMutationExitsOneNamingItsChecks(Mutation mutation) {
        Run r = run(mutation.setup());
        Deployment mutated = mutation.applyTo(r.guide());
        Outcome o;
        try {
            r.verification().apply(mutated, new Timings());
            o = verify(r.target(mutated));
            keep("mutation-" + mutation.name(), o);
        } finally {
            r.verification().apply(r.guide(), new Timings());
        }

        assertEquals(1, o.exit(), mutation.name() + ": " + o);
        List<String[]> rows = o.findings();
        for (String expected : mutation.expected()) {
            String[] e = expected.split("/", 2);
            if (!PUBLIC.contains(e[0])) {
                continue;
            }
            List<String[]> ofCheck = rows.stream().filter(f -> f[1].equals(e[0])).toList();
            assertFalse(ofCheck.isEmpty(), mutation.name() + ": no finding of " + e[0] + ": " + o);
            boolean named = e.length == 1 || e[1].equals("*")
                    ? ofCheck.stream().allMatch(f -> f[0].equals("FAIL"))
                    : ofCheck.stream().anyMatch(f -> f[0].equals("FAIL") && f[2].equals(e[1]));
            assertTrue(named, mutation.name() + ": expected " + expected + " to FAIL: " + o);
        }
        // A public failure the mutation does not predict would send the operator to the wrong step.
        rows.stream().filter(f -> f[0].equals("FAIL")).forEach(f -> assertTrue(predicted(mutation, f[1], f[2]),
                mutation.name() + ": unexpected failure " + f[3]));
        rows.stream().filter(f -> f[0].equals("FAIL")).forEach(f -> assertTrue(f[3].contains("expected ") && f[3].contains("Remedy: "), f[3]));
        rows.stream().filter(f -> ACCOUNT.contains(f[1])).forEach(f -> assertEquals("SKIP", f[0], f[3]));
    }

    private static boolean predicted(Mutation m, String check, String subject) {
        return m.expected().stream().anyMatch(e -> e.equals(check) || e.equals(check + "/*") || e.equals(check + "/" + subject));
    }

    private static Set<String> checksWith(List<String[]> rows, String status) {
        Set<String> checks = new java.util.TreeSet<>();
        rows.stream().filter(f -> f[0].equals(status)).forEach(f -> checks.add(f[1]));
        // A check counts only when all its findings have that status.
        rows.stream().filter(f -> !f[0].equals(status)).forEach(f -> checks.remove(f[1]));
        return checks;
    }

    // ---- bad input: exit 2 and one line naming the input and what was expected ----

    private static void assertBadInput(Outcome o, String... fragments) {
        assertEquals(2, o.exit(), o.toString());
        List<String> lines = o.err().lines().toList();
        assertEquals(1, lines.size(), "one line: " + o);
        for (String f : fragments) {
            assertTrue(lines.get(0).contains(f), "'" + f + "' in: " + lines.get(0));
        }
        assertEquals("", o.out(), "no findings printed: " + o);
    }

    @Test
    void malformedUrl() {
        assertBadInput(verify(List.of("verify", "--opencloud", "https://open cloud", "--issuer", "https://auth.example/")),
                "--opencloud https://open cloud", "expected an https URL");
    }

    @Test
    void plainHttpUrl() {
        assertBadInput(verify(List.of("verify", "--opencloud", "https://cloud.example", "--issuer", "http://auth.example/")),
                "--issuer http://auth.example/", "expected an https URL");
    }

    @Test
    void unknownSetup() {
        assertBadInput(verify(List.of("verify", "--setup", "desktop-only", "--opencloud", "https://cloud.example", "--issuer", "https://auth.example/")),
                "--setup desktop-only", "expected one of web-only, web-desktop-mobile");
    }

    @Test
    void resolveWithoutPort() {
        assertBadInput(verify(List.of("verify", "--opencloud", "https://cloud.example", "--issuer", "https://auth.example/",
                "--resolve", "cloud.example=127.0.0.1")), "--resolve cloud.example=127.0.0.1", "expected NAME=HOST:PORT");
    }

    @Test
    void unreadableCaCert() {
        assertBadInput(verify(List.of("verify", "--opencloud", "https://cloud.example", "--issuer", "https://auth.example/",
                "--ca-cert", "target/no-such-ca.pem")), "--ca-cert target/no-such-ca.pem", "expected a readable PEM certificate file");
    }

    @Test
    void userWithoutPasswordFile() {
        assertBadInput(verify(List.of("verify", "--opencloud", "https://cloud.example", "--issuer", "https://auth.example/", "--user", "alice")),
                "--user", "expected --user NAME and --password-file FILE together");
    }

    @Test
    void unreadablePasswordFile() {
        assertBadInput(verify(List.of("verify", "--opencloud", "https://cloud.example", "--issuer", "https://auth.example/", "--user", "alice",
                "--password-file", "target/no-such-password")), "--password-file target/no-such-password", "expected a readable file");
    }

    @Test
    void missingRequiredOption() {
        Outcome o = verify(List.of("verify", "--opencloud", "https://cloud.example"));
        assertBadInput(o, "--issuer");
    }

    @Test
    void nameThatDoesNotResolve() {
        assertBadInput(verify(List.of("verify", "--opencloud", "https://opencloud.invalid", "--issuer", "https://authentik.invalid/")),
                "--opencloud https://opencloud.invalid", "the name opencloud.invalid does not resolve", "--resolve opencloud.invalid=HOST:PORT");
    }

    @Test
    void connectionRefused() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Outcome o = verify(List.of("verify", "--opencloud", "https://cloud.example", "--issuer", "https://auth.example/",
                "--resolve", "cloud.example=127.0.0.1:" + closed));
        assertBadInput(o, "--opencloud https://cloud.example (at 127.0.0.1:" + closed + ", given by --resolve)", "nothing accepts connections at 127.0.0.1:" + closed, "connection refused");
    }

    @Test
    void deadHostExitsWithinFifteenSeconds() throws Exception {
        // Accepts TCP (the kernel completes the handshake from the backlog) but never answers a byte.
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Outcome o = verify(List.of("verify", "--opencloud", "https://cloud.example", "--issuer", "https://auth.example/",
                    "--resolve", "cloud.example=127.0.0.1:" + silent.getLocalPort()));
            assertBadInput(o, "--opencloud https://cloud.example (at 127.0.0.1:" + silent.getLocalPort() + ", given by --resolve)", "no answer within 5 s");
            assertTrue(o.elapsed().compareTo(Duration.ofSeconds(15)) < 0, "exit 2 within 15 s, took " + o.elapsed());
            System.out.println("dead host: exit " + o.exit() + " after " + o.elapsed().toMillis() + " ms");
        }
    }

    @Test
    void tlsNotTrustedWithoutTheCa() {
        Run r = run("web-desktop-mobile");
        List<String> args = new ArrayList<>(r.target(r.guide()));
        int ca = args.indexOf("--ca-cert");
        args.remove(ca + 1);
        args.remove(ca);
        assertBadInput(verify(args), "--opencloud " + r.guide().opencloud().baseUrl(), "TLS certificate not trusted", "--ca-cert FILE");
    }

    @Test
    void serverThatIsNotOpenCloud() {
        Run r = run("web-desktop-mobile");
        List<String> args = new ArrayList<>(r.target(r.guide()));
        args.set(args.indexOf("--opencloud") + 1, r.guide().authentik().baseUrl());
        assertBadInput(verify(args), "--opencloud " + r.guide().authentik().baseUrl(), "expected an OpenCloud server (GET /status.php");
    }
}
