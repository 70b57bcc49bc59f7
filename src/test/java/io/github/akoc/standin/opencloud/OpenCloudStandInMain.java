package io.github.akoc.standin.opencloud;

import java.util.concurrent.CountDownLatch;

/** Manual testing only: runs the stand-in with this process's environment until the JVM is stopped. */
public final class OpenCloudStandInMain {
    private OpenCloudStandInMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        OpenCloudStandIn standIn = OpenCloudStandIn.start(System.getenv());
        Runtime.getRuntime().addShutdownHook(new Thread(standIn::close));
        System.err.println("OpenCloud stand-in listening on port " + standIn.port());
        new CountDownLatch(1).await();
    }
}
