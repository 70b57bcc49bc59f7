package io.github.akoc.cli;

import io.github.akoc.check.CheckContext;
import io.github.akoc.check.Checks;
import io.github.akoc.check.Finding;
import io.github.akoc.report.Report;
import io.github.akoc.report.ReportWriter;
import io.github.akoc.report.Timings;
import io.github.akoc.setup.Setup;
import io.github.akoc.setup.SetupLoader;
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

    @Option(names = "--authentik-token", paramLabel = "TOKEN", description = "authentik API token (enables the checks that need authentik's API)")
    String authentikToken;

    @Option(names = "--user", paramLabel = "NAME", description = "test user for the browser login and tokens")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE", description = "file holding the test user's password")
    Path passwordFile;

    @Option(names = "--report", paramLabel = "DIR", description = "write the Markdown and JSON report into DIR")
    Path reportDir;

    @Option(names = "--fixtures", paramLabel = "DIR", hidden = true, description = "the setups folder (default: the built-in fixtures)")
    Path fixtures;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Timings timings = new Timings();
        Setup setup;
        World world;
        try {
            URI oc = httpsUrl("--opencloud", opencloud);
            URI iss = httpsUrl("--issuer", issuer);
            Map<String, String> slugMap = slugMap();
            Setup guide = Fixtures.setups(fixtures).load(setupName);
            setup = ExternalStack.rebase(guide, oc, iss, slugMap);
            Map<String, InetSocketAddress> names = new LinkedHashMap<>();
            resolve.stream().map(ExternalStack::parseResolve).forEach(e -> names.put(e.getKey(), e.getValue()));
            world = new World(names, io.github.akoc.world.Trust.systemPlus(caCert), Fixtures.spki(caCert));
            if ((user == null) != (passwordFile == null)) {
                throw new IllegalArgumentException("--user and --password-file go together");
            }
            if (passwordFile != null && !Files.isReadable(passwordFile)) {
                throw new IllegalArgumentException("--password-file " + passwordFile + ": expected a readable file holding the password");
            }
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
        try (ExternalStack stack = new ExternalStack(setup, world, authentikToken, w -> {
            throw new UnsupportedOperationException("browser login against an external deployment needs --user");
        })) {
            List<Finding> findings;
            try (var p = timings.phase("checks")) {
                findings = Checks.run(new CheckContext(setup, world, null));
            }
            findings.forEach(f -> out.println(line(f)));
            long passed = count(findings, Finding.Status.PASS);
            long failed = count(findings, Finding.Status.FAIL);
            long skipped = count(findings, Finding.Status.SKIP);
            out.printf("verify: %d passed, %d failed, %d skipped (stack external, setup %s)%n", passed, failed, skipped, setup.name());
            if (reportDir != null) {
                Path written = ReportWriter.write(new Report("external", setup.name(), stack.versions(), findings, timings.asMap()), reportDir);
                out.println("report: " + written);
            }
            if (failed > 0) {
                return EXIT_FAILED;
            }
            return passed == 0 ? EXIT_BAD_INPUT : EXIT_PASSED;
        }
    }

    static String line(Finding f) {
        String head = String.format("%-4s %s %s", f.status(), f.check(), f.subject());
        return switch (f.status()) {
            case PASS -> head;
            case SKIP -> head + ": " + f.actual();
            case FAIL -> head + ": expected " + f.expected() + "; actual " + f.actual() + ". Remedy: " + f.remedy();
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
