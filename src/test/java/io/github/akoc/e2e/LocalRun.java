package io.github.akoc.e2e;

import io.github.akoc.Verification;
import io.github.akoc.check.Finding;
import io.github.akoc.report.Report;
import io.github.akoc.report.Timings;
import io.github.akoc.deployment.Deployment;
import io.github.akoc.deployment.DeploymentLoader;
import io.github.akoc.deployment.Versions;
import io.github.akoc.stack.local.LocalStack;
import io.github.akoc.standin.InProcessStandIns;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A local stack of one setup with its verification: what the local end-to-end tests share. */
final class LocalRun implements StackRun {
    static final Path REPORT_DIR = Path.of("target", "e2e-report");
    private final Timings startTimings = new Timings();
    private final LocalStack stack;
    private final Verification verification;
    private final Deployment setup;

    private LocalRun(String setupName) {
        setup = DeploymentLoader.fromDefaultLocation().load(setupName);
        String version = Versions.fromDefaultLocation().get("authentik.version");
        try (var p = startTimings.phase("stack")) {
            stack = LocalStack.start(setup, new InProcessStandIns(), Path.of("target", "e2e-run", setupName), version);
        }
        verification = new Verification(stack, version, REPORT_DIR, Duration.ofSeconds(30));
    }

    /** Starts the local stack of a setup, or skips the calling test when another stack was asked for. */
    static LocalRun start(String setupName) {
        StackSelection.assume("local");
        return new LocalRun(setupName);
    }

    @Override
    public Deployment setup() {
        return setup;
    }

    @Override
    public Report verify() {
        return verification.run(Timings.startingWith(startTimings.asMap()));
    }

    @Override
    public Report verify(Deployment changed, String reportName) {
        return verification.run(changed, Verification.expectationOf(setup), reportName, new Timings());
    }

    @Override
    public void restore() {
        verification.apply(setup, new Timings());
    }

    static List<String> keys(Report r, Finding.Status status) {
        return r.findings().stream().filter(f -> f.status() == status).map(Finding::key).toList();
    }

    @Override
    public void close() {
        stack.close();
    }
}
