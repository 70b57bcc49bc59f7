package io.github.akoc.stack.containers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import org.testcontainers.DockerClientFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Everything a kept stack of one setup (-De2e.reuse=true) holds, in one place: the containers Testcontainers started
 * (labelled {@value #LABEL}), the OpenCloud compose project (its own containers and named volumes, labelled by compose),
 * the network, and the state under target/e2e-reuse/SETUP. {@link #remove} takes all of it away; run it by hand with
 * {@code mvn -q -Premove-kept-stack process-classes} (every setup).
 */
public final class KeptStack {
    static final String LABEL = "akoc.e2e.reuse";
    private static final String COMPOSE_PROJECT = "com.docker.compose.project";
    static final Path STATE_ROOT = Path.of("target", "e2e-reuse");

    private final String setup;

    private KeptStack(String setup) {
        this.setup = setup;
    }

    public static KeptStack of(String setup) {
        return new KeptStack(setup);
    }

    /** The name of the kept stack's network and of its compose project. */
    public String name() {
        return "akoc-e2e-" + setup;
    }

    Path stateDir() {
        return STATE_ROOT.resolve(setup);
    }

    /** What is left of the kept stack: container names, volume and network names, the state directory; empty when nothing is. */
    public List<String> remains() {
        DockerClient docker = DockerClientFactory.instance().client();
        List<String> out = new ArrayList<>();
        containers(docker).forEach(c -> out.add("container " + String.join(",", c.getNames())));
        docker.listVolumesCmd().withFilter("label", List.of(COMPOSE_PROJECT + "=" + name())).exec().getVolumes()
                .forEach(v -> out.add("volume " + v.getName()));
        docker.listNetworksCmd().withNameFilter(name()).exec().stream().filter(n -> n.getName().equals(name()))
                .forEach(n -> out.add("network " + n.getName()));
        if (Files.exists(stateDir())) {
            out.add("state " + stateDir());
        }
        return out;
    }

    /** Removes the whole kept stack (containers first, then volumes and the network, then the state); returns what was there. */
    public List<String> remove() {
        List<String> removed = remains();
        DockerClient docker = DockerClientFactory.instance().client();
        for (Container c : containers(docker)) {
            docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
        }
        docker.listVolumesCmd().withFilter("label", List.of(COMPOSE_PROJECT + "=" + name())).exec().getVolumes()
                .forEach(v -> docker.removeVolumeCmd(v.getName()).exec());
        docker.listNetworksCmd().withNameFilter(name()).exec().stream().filter(n -> n.getName().equals(name()))
                .forEach(n -> docker.removeNetworkCmd(n.getId()).exec());
        deleteTree(stateDir());
        return removed;
    }

    /** Testcontainers' containers of this setup, and the compose project's. */
    private List<Container> containers(DockerClient docker) {
        List<Container> out = new ArrayList<>(docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(LABEL, setup)).exec());
        docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(COMPOSE_PROJECT, name())).exec().stream()
                .filter(c -> out.stream().noneMatch(o -> o.getId().equals(c.getId()))).forEach(out::add);
        return out;
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the kept stack's state " + dir, e);
        }
    }

    /** Removes the kept stacks of the setups named, or of every setup kept under target/e2e-reuse and both guide setups. */
    public static void main(String[] args) throws IOException {
        List<String> setups = new ArrayList<>(List.of(args));
        if (setups.isEmpty()) {
            setups.addAll(List.of("web-only", "web-desktop-mobile"));
            if (Files.isDirectory(STATE_ROOT)) {
                try (Stream<Path> kept = Files.list(STATE_ROOT)) {
                    kept.map(p -> p.getFileName().toString()).filter(s -> !setups.contains(s)).forEach(setups::add);
                }
            }
        }
        for (String setup : setups) {
            List<String> removed = of(setup).remove();
            System.out.println("kept stack " + setup + ": " + (removed.isEmpty() ? "nothing kept" : "removed " + String.join("; ", removed)));
        }
    }
}
