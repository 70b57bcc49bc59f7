package io.github.akoc.stack;

import io.github.akoc.deployment.Deployment;
import io.github.akoc.world.World;
import org.openqa.selenium.WebDriver;

import java.util.Map;
import java.util.Optional;

/**
 * A running deployment of one setup: authentik behind the guide's proxy and OpenCloud behind its TLS
 * ingress, reachable by their public names. Implementations: {@code local} (stand-ins, real Caddy and
 * Chromium, no Docker), {@code containers} (Testcontainers, real images), {@code external} (a deployment
 * given by URLs). Closing stops everything the stack started, also after a failed start.
 */
public interface Stack extends AutoCloseable {
    /** "local", "containers" or "external": written into every report. */
    String name();

    Deployment setup();

    World world();

    /** What actually ran (image names and tags, stand-in versions), for the report. */
    Map<String, String> versions();

    /** authentik's API token (the bootstrap token on stacks we start); empty when none was given. */
    Optional<String> adminToken();

    /** A new browser that shares the world's view (names, trust); the caller quits it. */
    WebDriver newBrowser();

    /**
     * Brings the running stack to a changed setup, restarting only what the change touches (OpenCloud
     * for .env or overlay changes, the proxy for proxy rule changes). authentik objects are provisioning's
     * business, not the stack's.
     */
    void reconfigure(Deployment changed);

    /**
     * Throws, naming it and showing the end of its log, when a part of the stack has exited (a crashed worker
     * would otherwise leave every wait running to its bound). Waits call it on each poll.
     */
    default void assertRunning() {
    }

    @Override
    void close();
}
