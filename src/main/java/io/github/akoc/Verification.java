package io.github.akoc;

import io.github.akoc.check.CheckContext;
import io.github.akoc.check.Checks;
import io.github.akoc.check.Finding;
import io.github.akoc.expectation.ForeignApplication;
import io.github.akoc.login.BrowserLogin;
import io.github.akoc.login.BrowserLoginDriver;
import io.github.akoc.login.Session;
import io.github.akoc.login.TokenFlows;
import io.github.akoc.provision.AuthentikApi;
import io.github.akoc.provision.AuthentikVersion;
import io.github.akoc.provision.Provisioned;
import io.github.akoc.provision.Provisioner;
import io.github.akoc.report.Report;
import io.github.akoc.report.ReportWriter;
import io.github.akoc.report.Timings;
import io.github.akoc.deployment.Deployment;
import io.github.akoc.expectation.Expectation;
import io.github.akoc.expectation.Names;
import io.github.akoc.stack.Stack;
import org.openqa.selenium.WebDriver;
import io.github.akoc.world.Recorder;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One verification of a running stack, top to bottom through the layers: provision authentik as the guide
 * says, log in through a real browser, fetch tokens for every client, run every check, write the report.
 * The stack is started (and its start timed) by the caller, which also owns closing it.
 */
public final class Verification {
    private final Stack stack;
    private final AuthentikVersion authentikVersion;
    private final Path reportDir;
    private final Duration readinessTimeout;

    public Verification(Stack stack, String authentikVersion, Path reportDir, Duration readinessTimeout) {
        this.stack = stack;
        this.authentikVersion = AuthentikVersion.parse(authentikVersion);
        this.reportDir = reportDir;
        this.readinessTimeout = readinessTimeout;
    }

    /**
     * Brings the running stack and authentik to a setup: the stack restarts only what the change touches,
     * provisioning is idempotent (objects already as wanted are left alone).
     */
    public Provisioned apply(Deployment setup, Timings timings) {
        if (!setup.equals(stack.setup())) {
            try (var p = timings.phase("reconfigure")) {
                stack.reconfigure(setup);
            }
        }
        try (var p = timings.phase("provision")) {
            String token = stack.adminToken().orElseThrow(() ->
                    new IllegalStateException("stack " + stack.name() + " has no authentik API token to provision with"));
            return new Provisioner(AuthentikApi.of(stack.world(), setup, token), readinessTimeout,
                    Duration.ofMillis(500), Provisioner.DEFAULT_USERNAME).withLiveness(stack::assertRunning).provision(setup, authentikVersion);
        }
    }

    /** Verifies the deployment the stack was started with against the guide's expectation for its setup. */
    public Report run(Timings timings) {
        Deployment d = stack.setup();
        return run(d, expectationOf(d), d.name(), timings);
    }

    /** The guide's expectation for the setup a deployment follows, stated in its names (fixtures/ of the project). */
    public static Expectation expectationOf(Deployment d) {
        return Fixtures.fromDefaultLocation().guide().expectation(d.name(), Names.of(d));
    }

    /**
     * Verifies a (possibly mutated) deployment on the running stack against an expectation that does not
     * come from it: the stack is reconfigured and authentik re-provisioned to the deployment first.
     * {@code reportName} names the report files ({@code <stack>-<reportName>}).
     */
    public Report run(Deployment setup, Expectation expectation, String reportName, Timings timings) {
        Recorder.label(stack.name() + "-" + reportName);
        io.github.akoc.world.BackOff.Tally before = stack.world().backOff().tally();
        Provisioned provisioned = apply(setup, timings);
        List<Finding> findings;
        // the browser stays open through the checks: logout.web logs its web UI out last
        WebDriver driver = stack.newBrowser();
        try {
            BrowserLoginDriver browser = new BrowserLoginDriver();
            BrowserLogin browserLogin;
            try (var p = timings.phase("login")) {
                browserLogin = browser.login(driver, expectation, provisioned.username(), provisioned.password(),
                        reportDir.resolve("browser").resolve(stack.name() + "-" + reportName));
            }
            Session session;
            try (var p = timings.phase("tokens")) {
                session = new TokenFlows(stack.world(), expectation).run(provisioned.username(), provisioned.password(), browserLogin,
                        ForeignApplication.PROBES);
            }
            // logout.web asks for it only when the login signed in
            session = session.withWebLogout(() -> browser.logout(driver, expectation));
            try (var p = timings.phase("checks")) {
                findings = Checks.run(new CheckContext(setup, expectation, stack.world(), session));
            }
        } finally {
            driver.quit();
        }
        io.github.akoc.world.BackOff.Tally waited = stack.world().backOff().tally().since(before);
        waited.describe().ifPresent(what -> timings.record(what, waited.waitedMillis()));
        Report report = new Report(stack.name(), reportName, Report.withBrowserSettings(stack.versions()), Report.clientsOf(expectation), findings, timings.asMap());
        ReportWriter.write(report, reportDir);
        return report;
    }
}
