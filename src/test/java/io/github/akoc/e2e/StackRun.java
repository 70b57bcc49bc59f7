package io.github.akoc.e2e;

import io.github.akoc.Verification;
import io.github.akoc.deployment.Deployment;
import io.github.akoc.report.Report;
import io.github.akoc.report.Timings;
import io.github.akoc.stack.Stack;

/** A running stack of one setup with its verification, whatever the stack: what the end-to-end tests and the catalogue run on. */
abstract class StackRun implements AutoCloseable {
    private final Deployment setup;
    /** The stack's start, the first phase of the guide deployment's report. */
    private final Timings startTimings;
    private final Stack stack;
    private final Verification verification;
    /** Names this stack's guide report apart when a setup has more than one stack (the catalogue's lanes): "" or "-lane2". */
    private final String lane;

    StackRun(Deployment setup, Timings startTimings, Stack stack, Verification verification) {
        this(setup, startTimings, stack, verification, "");
    }

    StackRun(Deployment setup, Timings startTimings, Stack stack, Verification verification, String lane) {
        this.setup = setup;
        this.startTimings = startTimings;
        this.stack = stack;
        this.verification = verification;
        this.lane = lane;
    }

    Deployment setup() {
        return setup;
    }

    /** The guide's own deployment; the stack's start time is the report's first phase. */
    Report verify() {
        return verification.run(setup, Verification.expectationOf(setup), setup.name() + lane, Timings.startingWith(startTimings.asMap()));
    }

    /** The guide's own deployment again, told each phase as it starts (to inject a fault there). */
    Report verify(java.util.function.Consumer<String> beforePhase) {
        return verification.run(new Timings().onPhaseStart(beforePhase));
    }

    Stack stack() {
        return stack;
    }

    /** A changed deployment, judged against the guide's expectation for the setup the run started with. */
    Report verify(Deployment changed, String reportName) {
        return verification.run(changed, Verification.expectationOf(setup), reportName, new Timings());
    }

    /** Brings stack and authentik back to the guide's deployment after a mutation; the test user it signs in with. */
    io.github.akoc.provision.Provisioned restore() {
        return verification.apply(setup, new Timings());
    }

    @Override
    public void close() {
        stack.close();
    }
}
