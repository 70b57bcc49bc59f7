package io.github.akoc.stack.containers;

import io.github.akoc.deployment.Deployment;
import io.github.akoc.world.TestCa;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.ContainerState;
import org.testcontainers.containers.output.Slf4jLogConsumer;
import org.testcontainers.containers.wait.strategy.Wait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * opencloud-compose as the user runs it (the setup's COMPOSE_FILE list and .env) plus our test overlay
 * (compose/opencloud-e2e.yml: TLS ingress, shared network, test CA), started with Testcontainers'
 * ComposeContainer from a per-run copy, so relative paths and the .env beside the first file work and runs
 * never write into the checkout.
 */
public final class OpenCloudCompose implements AutoCloseable {
    public static final String INGRESS_SERVICE = "opencloud-ingress";
    public static final String OVERLAY = "opencloud-e2e.yml";
    /** Services the logs are collected from (those of opencloud-compose the suite uses, and ours). */
    public static final List<String> SERVICES = List.of("opencloud", "ldap-server", INGRESS_SERVICE);
    static final String LDAP_SERVICE = "ldap-server";
    static final int LDAP_PORT = 1636;

    private final Path dir;
    private final List<String> extraFiles;
    private final Duration startupTimeout;
    private Deployment setup;
    private Map<String, String> extraEnv;
    private ComposeContainer compose;
    /** The fixed project name of a kept stack (-De2e.reuse=true), run by compose itself; null: Testcontainers runs it. */
    private final String keptProject;
    static final String KEPT_OVERLAY = "opencloud-e2e-kept.yml";

    /**
     * @param dir        per-run directory prepared by {@link #prepare}
     * @param extraFiles overlays after ours, relative to dir (the self-test's image swaps)
     */
    private OpenCloudCompose(Path dir, Deployment setup, Map<String, String> extraEnv, List<String> extraFiles,
                             Duration startupTimeout, String keptProject) {
        this.keptProject = keptProject;
        this.dir = dir;
        this.setup = setup;
        this.extraEnv = extraEnv;
        this.extraFiles = List.copyOf(extraFiles);
        this.startupTimeout = startupTimeout;
    }

    /**
     * Makes the per-run directory: a copy of opencloud-compose, our custom/ files and overlay, the TLS files
     * and Caddyfiles under e2e/, and the .env (setup values, OpenCloud image, our network and Caddy image).
     *
     * @param ourCompose the project's compose/ directory
     * @param extraFiles further overlays copied in (self-test image swaps)
     */
    public static OpenCloudCompose prepare(Path run, Path upstream, Path ourCompose, Deployment setup, TestCa ca,
                                           TestCa.Issued opencloudCertificate, Map<String, String> extraEnv, List<Path> extraFiles,
                                           Duration startupTimeout, String keptProject) {
        try {
            copyTree(upstream, run);
            copyTree(ourCompose.resolve("custom"), run.resolve("custom"));
            if (Files.isDirectory(ourCompose.resolve("mutations"))) {
                copyTree(ourCompose.resolve("mutations"), run.resolve("mutations")); // overlays of the misconfiguration catalogue
            }
            Files.copy(ourCompose.resolve(OVERLAY), run.resolve(OVERLAY), StandardCopyOption.REPLACE_EXISTING);
            Path e2e = Files.createDirectories(run.resolve("e2e"));
            ca.writeCertificate(e2e.resolve("ca.crt"));
            Path crt = opencloudCertificate.write(e2e, "opencloud");
            // the CA in the chain: Chromium's spki list matches only keys of the chain the server sends
            Files.writeString(crt, ca.certificatePem(), StandardOpenOption.APPEND);
            Files.copy(ourCompose.resolve("Caddyfile.opencloud"), e2e.resolve("Caddyfile.opencloud"),
                    StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(e2e.resolve("Caddyfile.root"),
                    CaddyContainer.rootCaddyfile(CaddyContainer.DIR + "Caddyfile.opencloud"));
            List<String> extras = new ArrayList<>();
            for (Path f : extraFiles) {
                Files.copy(f, run.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                extras.add(f.getFileName().toString());
            }
            if (keptProject != null) {
                // a kept project is run by compose itself; its ingress is published on loopback at a port compose picks
                Files.writeString(run.resolve(KEPT_OVERLAY), "# kept stack (-De2e.reuse=true): the JVM reaches the ingress here\n"
                        + "services:\n  " + INGRESS_SERVICE + ":\n    ports:\n      - \"127.0.0.1::" + CaddyContainer.HTTPS_PORT + "\"\n");
                extras.add(KEPT_OVERLAY);
            }
            OpenCloudCompose c = new OpenCloudCompose(run, setup, extraEnv, extras, startupTimeout, keptProject);
            c.writeEnv();
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare opencloud-compose in " + run, e);
        }
    }

    private void writeEnv() throws IOException {
        Map<String, String> env = new LinkedHashMap<>(setup.opencloud().env());
        env.putAll(extraEnv);
        StringBuilder out = new StringBuilder("# written per run by the suite\n");
        env.forEach((k, v) -> {
            if (v.contains("\n") || v.contains("'")) {
                throw new IllegalArgumentException(".env value of " + k + " in setup " + setup.name()
                        + ": expected one line without single quotes");
            }
            out.append(k).append("='").append(v).append("'\n");
        });
        Files.writeString(dir.resolve(".env"), out.toString());
    }

    /** The compose files in order: the setup's COMPOSE_FILE list, our overlay, then the extras. */
    public List<File> files() {
        List<File> files = new ArrayList<>();
        for (String name : setup.opencloud().composeFiles()) {
            files.add(existing(name));
        }
        files.add(existing(OVERLAY));
        extraFiles.forEach(f -> files.add(existing(f)));
        return files;
    }

    private File existing(String name) {
        Path p = dir.resolve(name);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("compose file '" + name + "' of setup " + setup.name()
                    + " is not in " + dir + " (opencloud-compose plus the project's compose/custom)");
        }
        return p.toFile();
    }

    public Path dir() {
        return dir;
    }

    /** `docker compose config` over the files with the .env: a broken overlay fails here, before anything starts. */
    public String config() {
        return docker(List.of("config"), Duration.ofMinutes(1));
    }

    /**
     * Refuses, before anything starts, a checkout that lacks a file its services bind-mount: compose would mount
     * an empty directory in its place (ldap-server's entrypoint script, missing from a data-only snapshot), and
     * the failure would show much later, inside the container.
     */
    public void checkBindMounts() {
        List<String> missing = io.github.akoc.stack.OpenCloudComposeCheckout.missingBindSources(
                docker(List.of("config", "--format", "json"), Duration.ofMinutes(1)));
        if (!missing.isEmpty()) {
            throw new IllegalStateException("opencloud-compose lacks files its services bind-mount: " + missing
                    + "; use a complete checkout (-Dopencloud.compose.dir=DIR, or the pinned opencloud.compose.ref downloaded), "
                    + "not a data-only copy");
        }
    }

    /** The compose services the files define (after interpolation). */
    public List<String> services() {
        return docker(List.of("config", "--services"), Duration.ofMinutes(1)).lines().map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
    }

    /** The images the files name after interpolation (for the presence check). */
    public List<String> images() {
        return docker(List.of("config", "--images"), Duration.ofMinutes(1)).lines()
                .map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
    }

    private String docker(List<String> args, Duration timeout) {
        return run(composeCommand(null, args), dir, timeout);
    }

    public void start() {
        if (keptProject != null) {
            // up -d keeps every container whose configuration did not change: the second run finds them running
            run(composeCommand(List.of("up", "-d", "--pull", "never", "--remove-orphans")), dir, startupTimeout);
            if (services().contains(LDAP_SERVICE)) {
                awaitListening(LDAP_SERVICE, LDAP_PORT, startupTimeout);
            }
            return;
        }
        compose = new ComposeContainer("e2e", files())
                .withPull(false)
                .withExposedService(INGRESS_SERVICE, CaddyContainer.HTTPS_PORT,
                        Wait.forListeningPort().withStartupTimeout(startupTimeout))
                .withStartupTimeout(startupTimeout);
        if (ContainersStack.streamLogs()) {
            for (String service : SERVICES) {
                compose.withLogConsumer(service,
                        new Slf4jLogConsumer(LoggerFactory.getLogger("container." + service)).withPrefix(service));
            }
        }
        compose.start();
        if (services().contains(LDAP_SERVICE)) {
            // OpenCloud autoprovisions users into it; nothing in compose waits for it
            awaitListening(LDAP_SERVICE, LDAP_PORT, startupTimeout);
        }
    }

    /** Waits until a service's container listens on port (read from /proc/net/tcp*, as Testcontainers does). */
    public void awaitListening(String service, int port, Duration timeout) {
        String hex = String.format(":%04X ", port);
        org.awaitility.Awaitility.await(service + " listening on port " + port)
                .atMost(timeout).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> {
                    String id = containerIds(service).get(0);
                    String out = run(List.of("docker", "exec", id, "sh", "-c", "cat /proc/net/tcp /proc/net/tcp6 2>/dev/null"),
                            null, Duration.ofSeconds(20));
                    return out.lines().anyMatch(l -> l.contains(hex) && l.trim().split("\\s+").length > 3
                            && l.trim().split("\\s+")[3].equals("0A"));
                });
    }

    public String ingressHost() {
        return keptProject != null ? org.testcontainers.DockerClientFactory.instance().dockerHostIpAddress()
                : compose.getServiceHost(INGRESS_SERVICE, CaddyContainer.HTTPS_PORT);
    }

    public int ingressPort() {
        if (keptProject != null) {
            String hostPort = run(composeCommand(List.of("port", INGRESS_SERVICE, String.valueOf(CaddyContainer.HTTPS_PORT))), dir,
                    Duration.ofSeconds(30)).strip();
            return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
        }
        return compose.getServicePort(INGRESS_SERVICE, CaddyContainer.HTTPS_PORT);
    }

    /** The ids of a service's containers of this project, looked up afresh (a reconfigure recreates them). */
    List<String> containerIds(String service) {
        var client = org.testcontainers.DockerClientFactory.instance().client();
        List<String> ids = client.listContainersCmd().withLabelFilter(Map.of("com.docker.compose.project", project(),
                "com.docker.compose.service", service)).exec().stream().map(c -> c.getId()).toList();
        if (ids.isEmpty()) {
            throw new IllegalStateException("no running container of compose service " + service);
        }
        return ids;
    }

    /** How many of the project's containers were there before since (a kept stack taken up again). */
    int reusedServices(java.time.Instant since) {
        var client = org.testcontainers.DockerClientFactory.instance().client();
        return (int) client.listContainersCmd().withLabelFilter(Map.of("com.docker.compose.project", project())).exec().stream()
                .filter(c -> c.getCreated() != null && c.getCreated() * 1000 < since.toEpochMilli()).count();
    }

    private List<String> composeCommand(List<String> args) {
        return composeCommand(project(), args);
    }

    /** `docker compose` over this run's directory and compose files, for the project named (null: none named). */
    private List<String> composeCommand(String project, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of("docker", "compose", "--project-directory", dir.toString()));
        if (project != null) {
            cmd.addAll(List.of("-p", project));
        }
        for (File f : files()) {
            cmd.add("-f");
            cmd.add(f.getPath());
        }
        cmd.addAll(args);
        return cmd;
    }

    public Optional<ContainerState> service(String name) {
        return compose == null ? Optional.empty() : compose.getContainerByServiceName(name);
    }

    /** The compose project name Testcontainers chose (for `docker compose -p` by hand). */
    public String project() {
        if (keptProject != null) {
            return keptProject;
        }
        return service(INGRESS_SERVICE).orElseThrow(() -> new IllegalStateException("compose is not running"))
                .getContainerInfo().getConfig().getLabels().get("com.docker.compose.project");
    }

    /** The environment of a service's current container (looked up afresh: reconfigure recreates containers). */
    public Map<String, String> serviceEnv(String service) {
        var client = org.testcontainers.DockerClientFactory.instance().client();
        var found = client.listContainersCmd().withLabelFilter(Map.of("com.docker.compose.project", project(),
                "com.docker.compose.service", service)).exec();
        if (found.size() != 1) {
            throw new IllegalStateException("expected one running container of service " + service + ", found " + found.size());
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (String kv : client.inspectContainerCmd(found.get(0).getId()).exec().getConfig().getEnv()) {
            int eq = kv.indexOf('=');
            env.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return env;
    }

    /**
     * Brings the running project to a changed setup: new .env and file list, then `docker compose up -d`, which
     * recreates only the services whose configuration changed (OpenCloud); the ingress and its mapped port stay.
     */
    public void reconfigure(Deployment changed) {
        String project = project();
        this.setup = changed;
        try {
            writeEnv();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(".env"), e);
        }
        run(composeCommand(project, List.of("up", "-d", "--pull", "never")), dir, startupTimeout);
    }

    /** A compose service that has exited or keeps restarting (restart: always hides a crash loop) fails the run. */
    public void assertRunning() {
        if (compose == null && keptProject == null) {
            return;
        }
        var client = org.testcontainers.DockerClientFactory.instance().client();
        String project = project();
        for (String name : SERVICES) {
            // looked up afresh: a reconfigure recreates the service's container
            var found = client.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("com.docker.compose.project", project,
                    "com.docker.compose.service", name)).exec();
            for (var c : found) {
                var info = client.inspectContainerCmd(c.getId()).exec();
                Integer restarts = info.getRestartCount();
                boolean running = Boolean.TRUE.equals(info.getState().getRunning());
                if (!running || (restarts != null && restarts >= 3)) {
                    throw new IllegalStateException("compose service " + name + " is " + (running
                            ? "restarting (" + restarts + " restarts)" : "not running (exit code " + info.getState().getExitCodeLong() + ")")
                            + "; its log is written to the report's logs/" + name + ".log");
                }
            }
        }
    }

    /** Restarts one service of the running project (`docker compose restart`), e.g. OpenCloud after a proxy change. */
    public void restart(String service) {
        run(composeCommand(List.of("restart", service)), dir, startupTimeout);
    }

    /** Each service's log, by service name (for the failure report). */
    public Map<String, String> logs() {
        Map<String, String> logs = new LinkedHashMap<>();
        if (keptProject != null) {
            for (String s : SERVICES) {
                try {
                    logs.put(s, run(composeCommand(List.of("logs", "--no-color", s)), dir, Duration.ofMinutes(1)));
                } catch (RuntimeException e) {
                    logs.put(s, "(no log: " + e.getMessage() + ")\n");
                }
            }
            return logs;
        }
        for (String s : SERVICES) {
            service(s).ifPresent(c -> logs.put(s, c.getLogs()));
        }
        return logs;
    }

    @Override
    public void close() {
        if (keptProject != null) {
            return; // kept for the next run
        }
        if (compose != null) {
            compose.stop();
            compose = null;
        }
    }

    /** Runs cmd; returns its stdout (stderr, e.g. compose's warnings, only goes into the error message). */
    static String run(List<String> cmd, Path workDir, Duration timeout) {
        Path err = null;
        try {
            err = Files.createTempFile("e2e-cmd-", ".err");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err.toFile());
            if (workDir != null) {
                pb.directory(workDir.toFile());
            }
            Process p = pb.start();
            byte[] out;
            try (var in = p.getInputStream()) {
                out = in.readAllBytes();
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("`" + String.join(" ", cmd) + "` did not finish within " + timeout);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("`" + String.join(" ", cmd) + "` failed (exit " + p.exitValue() + "):\n"
                        + Files.readString(err) + new String(out, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + cmd.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + cmd, e);
        } finally {
            if (err != null) {
                try {
                    Files.deleteIfExists(err);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
