package io.github.akoc.e2e;

import io.github.akoc.Verification;
import io.github.akoc.deployment.Deployment;
import io.github.akoc.deployment.DeploymentLoader;
import io.github.akoc.deployment.Versions;
import io.github.akoc.report.Timings;
import io.github.akoc.stack.containers.ContainersStack;
import io.github.akoc.stack.containers.SelfTestImages;

import java.nio.file.Path;

/**
 * A container stack of one setup with its verification: the real images of the properties, or with
 * e2e.selftest.images=true the locally built self-test images. Its logs are written when it closes.
 */
final class ContainersRun extends StackRun {
    private final Versions versions;
    private final String authentikVersion;

    private ContainersRun(Deployment setup, Timings startTimings, ContainersStack stack, Versions versions, String authentikVersion) {
        super(setup, startTimings, stack, new Verification(stack, authentikVersion, ContainersVerificationIT.REPORT_DIR,
                ContainersVerificationIT.READINESS));
        this.versions = versions;
        this.authentikVersion = authentikVersion;
    }

    static ContainersRun start(String setupName) {
        StackSelection.assume("containers");
        Deployment setup = DeploymentLoader.fromDefaultLocation().load(setupName);
        Versions versions = Versions.fromDefaultLocation();
        String authentikVersion = versions.get("authentik.version");
        ContainersStack.Builder builder = ContainersStack.builder(setup).reportDir(ContainersVerificationIT.REPORT_DIR);
        if (SelfTestImages.wanted()) {
            SelfTestImages.assumeWanted();
            versions = SelfTestImages.versions(Path.of("target", "e2e-versions", setupName), authentikVersion,
                    versions.get("opencloud.version"));
            builder = SelfTestImages.stack(builder, versions);
        }
        Timings startTimings = new Timings();
        ContainersStack stack;
        try (var p = startTimings.phase("stack")) {
            stack = builder.start();
        }
        return new ContainersRun(setup, startTimings, stack, versions, authentikVersion);
    }

    /** The image versions the stack was started with (the self-test's own when it runs). */
    Versions versions() {
        return versions;
    }

    String authentikVersion() {
        return authentikVersion;
    }
}
