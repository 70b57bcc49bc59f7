package io.github.akoc.e2e;

import org.junit.jupiter.api.Tag;

/**
 * The catalogue on the container stack, with the images the properties name (the real ones by default):
 * {@code mvn verify -Pcatalogue}. It proves, for those versions, that each misconfiguration is caught and
 * explained; it is not part of command 1 or 2 because it restarts OpenCloud and re-provisions authentik once
 * per mutation.
 */
@Tag("catalogue")
class ContainersMisconfigurationIT extends Catalogue {
    @Override
    StackRun start(String setup, int lane) {
        return ContainersRun.start(setup);
    }

    @Override
    String matrixDir() {
        return "containers";
    }
}
