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
final class LocalRun extends StackRun {
    static final Path REPORT_DIR = Path.of("target", "e2e-report");

    private LocalRun(Deployment setup, Timings startTimings, LocalStack stack, Verification verification, String lane) {
        super(setup, startTimings, stack, verification, lane);
    }

    /** Starts the local stack of a setup, or skips the calling test when another stack was asked for. */
    static LocalRun start(String setupName) {
        return start(setupName, "");
    }

    /**
     * One of the catalogue's stacks of a setup (lane 1, 2, …), each with its own run folder and guide report
     * (local-SETUP-catalogue-laneN), so the self-test's own reports of the setup are not overwritten.
     */
    static LocalRun start(String setupName, int lane) {
        return start(setupName, "-catalogue-lane" + lane);
    }

    private static LocalRun start(String setupName, String suffix) {
        StackSelection.assume("local");
        Deployment setup = DeploymentLoader.fromDefaultLocation().load(setupName);
        String version = Versions.fromDefaultLocation().get("authentik.version");
        Timings startTimings = new Timings();
        LocalStack stack;
        try (var p = startTimings.phase("stack")) {
            stack = LocalStack.start(setup, new InProcessStandIns(), Path.of("target", "e2e-run", setupName + suffix), version);
        }
        return new LocalRun(setup, startTimings, stack, new Verification(stack, version, REPORT_DIR, Duration.ofSeconds(30)), suffix);
    }

    static List<String> keys(Report r, Finding.Status status) {
        return r.findings().stream().filter(f -> f.status() == status).map(Finding::key).toList();
    }

    /** The catalogue's checks that apply to the guide's expectation for the setup (Check.appliesTo). */
    static java.util.Set<String> checksFor(String setupName) {
        return io.github.akoc.check.Checks.idsFor(Verification.expectationOf(DeploymentLoader.fromDefaultLocation().load(setupName)));
    }
}
