package io.github.akoc.stack.containers;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Network;

import java.util.Map;

/**
 * The network of a kept stack (-De2e.reuse=true): found by name, created once without Testcontainers' session
 * labels (which would have it removed at the end of the run), and left in place on close.
 */
final class KeptNetwork implements Network {
    private final String id;

    private KeptNetwork(String id) {
        this.id = id;
    }

    static KeptNetwork named(String name) {
        var docker = DockerClientFactory.instance().client();
        var existing = docker.listNetworksCmd().withNameFilter(name).exec().stream().filter(n -> n.getName().equals(name)).findFirst();
        String id = existing.isPresent() ? existing.get().getId()
                : docker.createNetworkCmd().withName(name).withCheckDuplicate(true).withLabels(Map.of("akoc.e2e.reuse", name)).exec().getId();
        return new KeptNetwork(id);
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public void close() {
        // kept for the next run
    }
}
