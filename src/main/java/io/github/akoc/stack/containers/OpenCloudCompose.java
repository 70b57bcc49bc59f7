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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

    private final Path dir;
    private final List<String> extraFiles;
    private final Duration startupTimeout;
    private Deployment setup;
    private Map<String, String> extraEnv;
    private ComposeContainer compose;

    /**
     * @param dir        per-run directory prepared by {@link #prepare}
     * @param extraFiles overlays after ours, relative to dir (the self-test's image swaps)
     */
    private OpenCloudCompose(Path dir, Deployment setup, Map<String, String> extraEnv, List<String> extraFiles,
                             Duration startupTimeout) {
        this.dir = dir;
        this.setup = setup;
        this.extraEnv = extraEnv;
        this.extraFiles = List.copyOf(extraFiles);
        this.startupTimeout = startupTimeout;
    }

    /**
     * Where opencloud-compose is: -Dopencloud.compose.dir, else the snapshot in ../shared/upstream (present where
     * this project is built), else target/opencloud-compose-REF downloaded from GitHub at the pinned ref.
     */
    public static Path locate(String ref) {
        String configured = System.getProperty("opencloud.compose.dir");
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            if (!Files.isRegularFile(p.resolve("docker-compose.yml"))) {
                throw new IllegalArgumentException("-Dopencloud.compose.dir=" + configured
                        + ": expected an opencloud-compose checkout with docker-compose.yml in it");
            }
            return p;
        }
        Path snapshot = Path.of("..", "shared", "upstream", "opencloud-compose");
        if (Files.isRegularFile(snapshot.resolve("docker-compose.yml"))) {
            return snapshot;
        }
        Path target = Path.of("target", "opencloud-compose-" + ref);
        if (!Files.isRegularFile(target.resolve("docker-compose.yml"))) {
            download(ref, target);
        }
        return target;
    }

    /** Fetches opencloud-eu/opencloud-compose at ref as a tarball and unpacks it into target. */
    static void download(String ref, Path target) {
        if (!ref.matches("[A-Za-z0-9._/-]+")) {
            throw new IllegalArgumentException("opencloud.compose.ref '" + ref + "': expected a branch, tag or commit");
        }
        URI uri = URI.create("https://github.com/opencloud-eu/opencloud-compose/archive/" + ref + ".tar.gz");
        try {
            Files.createDirectories(target);
            Path tarball = Files.createTempFile("opencloud-compose-", ".tar.gz");
            HttpResponse<Path> r = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(Duration.ofSeconds(20)).build()
                    .send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2)).build(),
                            HttpResponse.BodyHandlers.ofFile(tarball));
            if (r.statusCode() != 200) {
                throw new IllegalStateException("downloading " + uri + " answered " + r.statusCode()
                        + "; set -Dopencloud.compose.dir to a checkout of opencloud-compose instead");
            }
            run(List.of("tar", "-xzf", tarball.toString(), "--strip-components=1", "-C", target.toString()),
                    null, Duration.ofMinutes(1));
            Files.deleteIfExists(tarball);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot download opencloud-compose from " + uri
                    + "; set -Dopencloud.compose.dir to a checkout of it instead", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while downloading " + uri, e);
        }
    }

    /**
     * Makes the per-run directory: a copy of opencloud-compose, our custom/ files and overlay, the TLS files
     * and Caddyfiles under e2e/, and the .env (setup values, OpenCloud image, our network and Caddy image).
     *
     * @param ourCompose the project's compose/ directory
     * @param extraFiles further overlays copied in (self-test image swaps)
     */
    public static OpenCloudCompose prepare(Path run, Path upstream, Path ourCompose, Deployment setup, TestCa ca,
                                           Map<String, String> extraEnv, List<Path> extraFiles,
                                           Duration startupTimeout) {
        try {
            copyTree(upstream, run);
            copyTree(ourCompose.resolve("custom"), run.resolve("custom"));
            Files.copy(ourCompose.resolve(OVERLAY), run.resolve(OVERLAY), StandardCopyOption.REPLACE_EXISTING);
            Path e2e = Files.createDirectories(run.resolve("e2e"));
            ca.writeCertificate(e2e.resolve("ca.crt"));
            Path crt = ca.issue(setup.opencloud().host()).write(e2e, "opencloud");
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
            OpenCloudCompose c = new OpenCloudCompose(run, setup, extraEnv, extras, startupTimeout);
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

    /** The images the files name after interpolation (for the presence check). */
    public List<String> images() {
        return docker(List.of("config", "--images"), Duration.ofMinutes(1)).lines()
                .map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
    }

    private String docker(List<String> args, Duration timeout) {
        List<String> cmd = new ArrayList<>(List.of("docker", "compose", "--project-directory", dir.toString()));
        for (File f : files()) {
            cmd.add("-f");
            cmd.add(f.getPath());
        }
        cmd.addAll(args);
        return run(cmd, dir, timeout);
    }

    public void start() {
        compose = new ComposeContainer("e2e", files())
                .withPull(false)
                .withExposedService(INGRESS_SERVICE, CaddyContainer.HTTPS_PORT,
                        Wait.forListeningPort().withStartupTimeout(startupTimeout))
                .withStartupTimeout(startupTimeout);
        for (String service : SERVICES) {
            compose.withLogConsumer(service,
                    new Slf4jLogConsumer(LoggerFactory.getLogger("container." + service)).withPrefix(service));
        }
        compose.start();
    }

    public String ingressHost() {
        return compose.getServiceHost(INGRESS_SERVICE, CaddyContainer.HTTPS_PORT);
    }

    public int ingressPort() {
        return compose.getServicePort(INGRESS_SERVICE, CaddyContainer.HTTPS_PORT);
    }

    public Optional<ContainerState> service(String name) {
        return compose == null ? Optional.empty() : compose.getContainerByServiceName(name);
    }

    /** The compose project name Testcontainers chose (for `docker compose -p` by hand). */
    public String project() {
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
        List<String> cmd = new ArrayList<>(List.of("docker", "compose", "--project-directory", dir.toString(),
                "-p", project));
        for (File f : files()) {
            cmd.add("-f");
            cmd.add(f.getPath());
        }
        cmd.addAll(List.of("up", "-d", "--pull", "never"));
        run(cmd, dir, startupTimeout);
    }

    /** Each service's log, by service name (for the failure report). */
    public Map<String, String> logs() {
        Map<String, String> logs = new LinkedHashMap<>();
        for (String s : SERVICES) {
            service(s).ifPresent(c -> logs.put(s, c.getLogs()));
        }
        return logs;
    }

    @Override
    public void close() {
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
