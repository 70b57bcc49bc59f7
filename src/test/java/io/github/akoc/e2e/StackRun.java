package io.github.akoc.e2e;

import io.github.akoc.deployment.Deployment;
import io.github.akoc.report.Report;

/** A running stack of one setup with its verification, whatever the stack: what the catalogue runs on. */
interface StackRun extends AutoCloseable {
    Deployment setup();

    /** The guide's own deployment; the stack's start time is the report's first phase. */
    Report verify();

    /** A changed deployment, judged against the guide's expectation for the setup the run started with. */
    Report verify(Deployment changed, String reportName);

    /** Brings stack and authentik back to the guide's deployment after a mutation. */
    void restore();

    @Override
    void close();
}
