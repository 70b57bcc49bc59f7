package io.github.akoc.cli;

import io.github.akoc.check.CheckContext;
import io.github.akoc.check.Checks;
import io.github.akoc.check.Finding;
import io.github.akoc.login.BrowserLogin;
import io.github.akoc.login.BrowserLoginDriver;
import io.github.akoc.login.Session;
import io.github.akoc.login.TokenFlows;
import io.github.akoc.stack.local.LocalBrowser;
import org.openqa.selenium.WebDriver;
import io.github.akoc.report.Report;
import io.github.akoc.report.ReportWriter;
import io.github.akoc.report.Timings;
import io.github.akoc.Fixtures;
import io.github.akoc.deployment.Deployment;
import io.github.akoc.expectation.Expectation;
import io.github.akoc.expectation.Names;
import io.github.akoc.stack.external.ExternalStack;
import io.github.akoc.world.World;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Verifies a running deployment against the guide: discovery, keys, WebFinger, web config, proxy.",
                "Exit codes: 0 every executed check passed; 1 at least one check failed; 2 bad input or nothing could be checked."})
public final class VerifyCommand implements Callable<Integer> {
    static final int EXIT_PASSED = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_BAD_INPUT = 2;

    @Spec
    CommandSpec spec;

    @Option(names = "--opencloud", required = true, paramLabel = "URL", description = "OpenCloud's public URL, e.g. https://cloud.example")
    String opencloud;

    @Option(names = "--issuer", required = true, paramLabel = "URL", description = "the issuer OpenCloud is configured with (IDP_ISSUER_URL), e.g. https://auth.example/")
    String issuer;

    @Option(names = "--setup", paramLabel = "NAME", defaultValue = "web-desktop-mobile", description = "web-only or web-desktop-mobile (default: ${DEFAULT-VALUE})")
    String setupName;

    @Option(names = "--slug", paramLabel = "SLUG|CLIENT=SLUG", description = "application slug for the per-client discovery checks; repeat, or client=slug (client id or platform)")
    List<String> slugs = new ArrayList<>();

    @Option(names = "--ca-cert", paramLabel = "FILE", description = "PEM CA to trust in addition to the system's")
    Path caCert;

    @Option(names = "--resolve", paramLabel = "NAME=HOST:PORT", description = "reach NAME at HOST:PORT with NAME's Host and SNI (repeatable)")
    List<String> resolve = new ArrayList<>();

    @Option(names = "--authentik-token", paramLabel = "TOKEN", description = {"authentik API token. Optional; this version only carries it along (no check reads authentik's",
                    "API yet) and never changes the deployment"})
    String authentikToken;

    @Option(names = "--user", paramLabel = "NAME", description = {"an existing user of the deployment: enables the account checks (browser login in a local",
                    "Chromium, tokens for every client, OpenCloud's acceptance, default role, refresh, redirect policy);",
                    "without --user/--password-file they report SKIP"})
    String user;

    @Option(names = "--password-file", paramLabel = "FILE", description = "file whose first line is that user's password (never printed)")
    Path passwordFile;

    @Option(names = "--fail-on-warn", description = "exit 1 also for warnings (hardening beyond the guide, e.g. opencloud.rejects-foreign-token)")
    boolean failOnWarn;

    @Option(names = "--report", paramLabel = "DIR", description = "write the Markdown and JSON report into DIR")
    Path reportDir;

    @Option(names = "--fixtures", paramLabel = "DIR", hidden = true, description = "the setups folder (default: the built-in fixtures)")
    Path fixtures;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Timings timings = new Timings();
        Deployment setup;
        Expectation expectation;
        World world;
        String password = null;
        try {
            URI oc = httpsUrl("--opencloud", opencloud);
            URI iss = httpsUrl("--issuer", issuer);
            if (!Fixtures.SETUPS.contains(setupName) && fixtures == null) {
                throw new IllegalArgumentException("--setup " + setupName + ": expected one of " + String.join(", ", Fixtures.SETUPS));
            }
            Map<String, String> slugMap = slugMap();
            Map<String, InetSocketAddress> names = new LinkedHashMap<>();
            resolve.stream().map(ExternalStack::parseResolve).forEach(e -> names.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
            if ((user == null) != (passwordFile == null)) {
                throw new IllegalArgumentException((user == null ? "--password-file" : "--user")
                        + ": expected --user NAME and --password-file FILE together");
            }
            if (passwordFile != null) {
                password = readPassword(passwordFile);
            }
            Fixtures all = fixtures != null ? new Fixtures(fixtures) : Fixtures.fromJar();
            Deployment guide = all.deployments().load(setupName);
            setup = ExternalStack.rebase(guide, oc, iss, slugMap);
            expectation = all.guide().expectation(setupName, Names.of(setup));
            // Parse the CA before the world starts its proxy thread, so bad input leaves nothing running.
            String spki = OperatorFiles.spki(caCert);
            world = new World(names, io.github.akoc.world.Trust.systemPlus(caCert), spki);
            try (var p = timings.phase("reachability")) {
                String problem = Reachability.probeOpenCloud(world, oc);
                if (problem == null) {
                    problem = Reachability.probeIssuer(world, iss);
                }
                if (problem != null) {
                    world.close();
                    err.println("error: " + problem);
                    return EXIT_BAD_INPUT;
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return EXIT_BAD_INPUT;
        }
        LocalBrowser[] browser = {null};
        Path artifacts = reportDir != null ? reportDir.resolve("browser") : tempDir();
        try (ExternalStack stack = new ExternalStack(setup, world, authentikToken,
                w -> browser[0].newDriver(w.chromiumFlags(), w.chromiumPrefs(), artifacts.resolve("profiles")))) {
            Session session = null;
            WebDriver driver = null;
            List<Finding> findings;
            try {
                if (user != null) {
                    try {
                        browser[0] = LocalBrowser.locate();
                    } catch (IllegalStateException e) {
                        err.println("error: --user " + user + ": the browser login needs Chromium and chromedriver: " + e.getMessage());
                        return EXIT_BAD_INPUT;
                    }
                    // the browser stays open through the checks: logout.web logs its web UI out last
                    driver = stack.newBrowser();
                    BrowserLoginDriver loginDriver = new BrowserLoginDriver();
                    BrowserLogin login;
                    try (var p = timings.phase("login")) {
                        login = loginDriver.login(driver, expectation, user, password, artifacts);
                    }
                    try (var p = timings.phase("tokens")) {
                        session = new TokenFlows(world, expectation).run(user, password, login);
                    }
                    // logout.web asks for it only when the login signed in
                    WebDriver signedIn = driver;
                    session = session.withWebLogout(() -> loginDriver.logout(signedIn, expectation));
                }
                try (var p = timings.phase("checks")) {
                    findings = Checks.run(new CheckContext(setup, expectation, world, session));
                }
            } finally {
                if (driver != null) {
                    driver.quit();
                }
            }
            io.github.akoc.world.BackOff.Tally waited = world.backOff().tally();
            waited.describe().ifPresent(what -> {
                timings.record(what, waited.waitedMillis());
                out.println("verify: authentik or OpenCloud asked to wait (" + what + ")");
            });
            findings.forEach(f -> out.println(line(f)));
            long passed = count(findings, Finding.Status.PASS);
            long failed = count(findings, Finding.Status.FAIL);
            long dependent = count(findings, Finding.Status.DEPENDENT);
            long warned = count(findings, Finding.Status.WARN);
            long skipped = count(findings, Finding.Status.SKIP);
            out.printf("verify: %d passed, %d failed, %d dependent on those, %d warnings, %d skipped (stack external, setup %s, %s)%n",
                    passed, failed, dependent, warned, skipped,
                    setup.name(), session == null ? "no account: --user/--password-file not given" : "account " + user);
            if (reportDir != null) {
                Path written = ReportWriter.write(new Report("external", setup.name(), Report.withBrowserSettings(stack.versions()), Report.clientsOf(expectation), findings, timings.asMap()), reportDir);
                out.println("report: " + written);
            }
            if (failed > 0 || (failOnWarn && warned > 0)) {
                return EXIT_FAILED;
            }
            if (passed == 0) {
                err.println("error: nothing could be checked (every check skipped)");
                return EXIT_BAD_INPUT;
            }
            return EXIT_PASSED;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static String readPassword(Path file) {
        try {
            String text = Files.readString(file).lines().findFirst().orElse("");
            if (text.isEmpty()) {
                throw new IllegalArgumentException("--password-file " + file + ": expected the password on its first line, found an empty file");
            }
            return text;
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("--password-file " + file + ": expected a readable file holding the password (" + e + ")");
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("akoc-verify");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create a temporary folder for the browser", e);
        }
    }

    static String line(Finding f) {
        String head = String.format("%-4s %s %s", f.status(), f.check(), f.subject());
        return switch (f.status()) {
            case PASS -> head;
            case SKIP -> head + ": " + f.actual();
            case FAIL, WARN -> head + ": expected " + f.expected() + "; actual " + f.actual() + ". Remedy: " + f.remedy();
            case DEPENDENT -> head + ": follows from " + f.dependsOn() + " (" + f.actual() + ")";
        };
    }

    private static long count(List<Finding> findings, Finding.Status status) {
        return findings.stream().filter(f -> f.status() == status).count();
    }

    private Map<String, String> slugMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (String s : slugs) {
            int eq = s.indexOf('=');
            if (eq == 0 || eq == s.length() - 1 || s.isBlank()) {
                throw new IllegalArgumentException("--slug " + s + ": expected SLUG or CLIENT=SLUG");
            }
            if (eq < 0) {
                map.put("web", s);
            } else {
                map.put(s.substring(0, eq), s.substring(eq + 1));
            }
        }
        return map;
    }

    static URI httpsUrl(String option, String value) {
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException(option + " " + value + ": expected an https URL such as https://host.example/");
        }
        return uri;
    }
}
