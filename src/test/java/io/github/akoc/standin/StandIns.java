package io.github.akoc.standin;

import java.util.concurrent.CountDownLatch;

import io.github.akoc.stack.local.LocalServices;
import io.github.akoc.standin.authentik.AuthentikStandIn;
import io.github.akoc.standin.opencloud.OpenCloudStandIn;

/** {@code java -jar target/standins.jar authentik|opencloud}: runs one stand-in from the environment until killed. */
public final class StandIns {
    private static final String USAGE = "usage: java -jar standins.jar authentik|opencloud";

    private StandIns() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 1) {
            System.err.println(USAGE);
            System.exit(2);
        }
        LocalServices.Running running;
        try {
            running = switch (args[0]) {
                case "authentik" -> AuthentikStandIn.start(System.getenv());
                case "opencloud" -> OpenCloudStandIn.start(System.getenv());
                default -> null;
            };
        } catch (IllegalArgumentException e) {
            System.err.println(args[0] + " stand-in: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (running == null) {
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        System.err.println(running.version() + " listening on port " + running.port());
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, "stand-in shutdown"));
        new CountDownLatch(1).await();
    }
}
