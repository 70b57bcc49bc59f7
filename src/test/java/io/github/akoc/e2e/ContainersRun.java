package io.github.akoc.e2e;

import io.github.akoc.Verification;
import io.github.akoc.deployment.Deployment;
import io.github.akoc.deployment.DeploymentLoader;
import io.github.akoc.deployment.Versions;
import io.github.akoc.report.Report;
import io.github.akoc.report.Timings;
import io.github.akoc.stack.containers.ContainersStack;
import io.github.akoc.stack.containers.SelfTestImages;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A container stack of one setup with its verification: the real images of the properties, or with
 * e2e.selftest.images=true the locally built self-test images, as {@link ContainersVerificationIT} chooses them.
 */
final class ContainersRun implements StackRun {
    private final Timings startTimings = new Timings();
    private final ContainersStack stack;
    private final Verification verification;
    private final Deployment setup;

    private ContainersRun(String setupName) {
        setup = DeploymentLoader.fromDefaultLocation().load(setupName);
        Versions defaults = Versions.fromDefaultLocation();
        String authentikVersion = defaults.get("authentik.version");
        ContainersStack.Builder builder = ContainersStack.builder(setup).reportDir(ContainersVerificationIT.REPORT_DIR);
        if (SelfTestImages.wanted()) {
            SelfTestImages.assumeWanted();
            Path tmp;
            try {
                tmp = Files.createTempDirectory("catalogue-versions");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            builder = SelfTestImages.stack(builder, SelfTestImages.versions(tmp, authentikVersion, defaults.get("opencloud.version")));
        }
        try (var p = startTimings.phase("stack")) {
            stack = builder.start();
        }
        verification = new Verification(stack, authentikVersion, ContainersVerificationIT.REPORT_DIR, ContainersVerificationIT.READINESS);
    }

    static ContainersRun start(String setupName) {
        StackSelection.assume("containers");
        return new ContainersRun(setupName);
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

    @Override
    public void close() {
        stack.close();
    }
}
