package io.github.akoc.stack.containers;

import com.github.dockerjava.api.exception.NotFoundException;
import io.github.akoc.deployment.Deployment;
import io.github.akoc.deployment.Versions;
import io.github.akoc.stack.Stack;
import io.github.akoc.world.World;
import org.awaitility.Awaitility;
import org.openqa.selenium.WebDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.output.Slf4jLogConsumer;
import org.testcontainers.containers.output.ToStringConsumer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.lifecycle.Startable;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.utility.DockerImageName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The container stack: authentik (server, worker, PostgreSQL, Redis for releases before 2025.10) behind the
 * guide's Caddy, opencloud-compose with our TLS ingress overlay, and a browser, all on one network where the
 * public names are network aliases. The JVM is outside that network; its {@link World} maps the public names
 * to the two proxies' mapped ports. Images and versions come from {@link Versions}
 * (fixtures/versions.properties, each overridable with -Dname=value).
 */
public final class ContainersStack implements Stack {
    private static final Logger LOG = LoggerFactory.getLogger(ContainersStack.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    public static final String AUTHENTIK_ALIAS = "authentik-server";
    public static final String POSTGRES_ALIAS = "postgresql";
    public static final String REDIS_ALIAS = "redis";

    private final Builder options;
    private Deployment setup;
    private final Network network;
    /** Secrets, test CA and certificates: fresh per run, or kept between runs with -De2e.reuse=true. */
    private final ReuseState state;
    private final java.time.Instant startedAt = java.time.Instant.now();
    private final Map<String, GenericContainer<?>> containers = new LinkedHashMap<>();
    /** Logs as they stream: Testcontainers removes a container that failed its wait, and its log with it. */
    private final Map<String, ToStringConsumer> captured = new LinkedHashMap<>();
    private final Map<String, String> versions = new LinkedHashMap<>();
    private final String siteTemplate;
    private CaddyContainer proxy;
    private BrowserContainer browser;
    private OpenCloudCompose opencloud;
    private World world;

    private ContainersStack(Builder options) {
        this.options = options;
        this.setup = options.setup;
        KeptStack kept = KeptStack.of(setup.name());
        this.state = options.reuse
                ? ReuseState.loadOrCreate(kept, options.versions.get("authentik.image") + ":" + options.versions.get("authentik.version"),
                setup.authentik().host(), setup.opencloud().host())
                : ReuseState.fresh(setup.authentik().host(), setup.opencloud().host());
        this.network = options.reuse ? KeptNetwork.named(kept.name()) : Network.newNetwork();
        try {
            this.siteTemplate = Files.readString(options.composeDir.resolve("Caddyfile"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the guide's Caddyfile in " + options.composeDir, e);
        }
    }

    public static Builder builder(Deployment setup) {
        return new Builder(setup);
    }

    /** Starts the stack with the defaults (versions file, -D overrides, compose/ of the working directory). */
    public static ContainersStack start(Deployment setup) {
        return builder(setup).start();
    }

    public static final class Builder {
        private final Deployment setup;
        private Versions versions;
        private Path composeDir = Path.of("compose");
        private Path workDir = Path.of("target", "e2e-run");
        private Path reportDir = Path.of("target", "e2e-report");
        private Path opencloudComposeDir;
        private final List<Path> extraComposeFiles = new ArrayList<>();
        private final Map<String, String> extraComposeEnv = new LinkedHashMap<>();
        private Duration authentikStartup = AuthentikContainer.DEFAULT_STARTUP_TIMEOUT;
        private Duration opencloudStartup = Duration.ofMinutes(3);
        private boolean imagesLocal = Boolean.getBoolean("e2e.images.local");
        private Duration pullTimeout = Duration.ofMinutes(Long.getLong("e2e.pull.timeout.minutes", 15));
        private boolean reuse = Boolean.getBoolean("e2e.reuse");

        private Builder(Deployment setup) {
            this.setup = Objects.requireNonNull(setup);
        }

        public Builder versions(Versions v) {
            this.versions = v;
            return this;
        }

        /** The project's compose/ (the guide's Caddyfile, our overlay and custom/ files). */
        public Builder composeDir(Path dir) {
            this.composeDir = dir;
            return this;
        }

        /** Where per-run directories are made (default target/e2e-run). */
        public Builder workDir(Path dir) {
            this.workDir = dir;
            return this;
        }

        /** Logs go to REPORT/logs/containers-SETUP/NAME.log (default target/e2e-report). */
        public Builder reportDir(Path dir) {
            this.reportDir = dir;
            return this;
        }

        /** An opencloud-compose checkout; default {@link OpenCloudCompose#locate}. */
        public Builder opencloudComposeDir(Path dir) {
            this.opencloudComposeDir = dir;
            return this;
        }

        /** An overlay applied after ours (the self-test swaps images the registry would give). */
        public Builder extraComposeFile(Path file) {
            this.extraComposeFiles.add(file);
            return this;
        }

        /** A further .env value of the compose project (for extra overlays). */
        public Builder extraComposeEnv(String name, String value) {
            this.extraComposeEnv.put(name, value);
            return this;
        }

        public Builder authentikStartupTimeout(Duration d) {
            this.authentikStartup = d;
            return this;
        }

        public Builder opencloudStartupTimeout(Duration d) {
            this.opencloudStartup = d;
            return this;
        }

        /**
         * Keep the stack after the run and take it up again in the next one (-De2e.reuse=true): Testcontainers reuses
         * the containers when their configuration is the same (TESTCONTAINERS_REUSE_ENABLE=true, which the pom sets).
         */
        public Builder reuse(boolean reuse) {
            this.reuse = reuse;
            return this;
        }

        /** Fail fast, naming them, when images are missing locally (no registry reachable); -De2e.images.local=true. */
        public Builder imagesLocal(boolean local) {
            this.imagesLocal = local;
            return this;
        }

        public ContainersStack start() {
            if (versions == null) {
                versions = Versions.fromDefaultLocation();
            }
            ContainersStack stack = new ContainersStack(this);
            try {
                stack.startAll();
                return stack;
            } catch (RuntimeException | Error e) {
                stack.writeLogs();
                stack.close();
                throw e;
            }
        }
    }

    private void startAll() {
        Versions v = options.versions;
        String authentikVersion = v.get("authentik.version");
        DockerImageName authentikImage = image(v.get("authentik.image") + ":" + authentikVersion);
        DockerImageName postgresImage = image(v.get("postgres.image"));
        DockerImageName caddyImage = image(v.get("caddy.image"));
        DockerImageName browserImage = image(v.get("browser.image"));
        boolean redis = AuthentikContainer.needsRedis(authentikVersion);

        io.github.akoc.stack.OpenCloudComposeCheckout checkout = options.opencloudComposeDir != null
                ? new io.github.akoc.stack.OpenCloudComposeCheckout(options.opencloudComposeDir, "builder", null, null)
                : io.github.akoc.stack.OpenCloudComposeCheckout.locate(v.get("opencloud.compose.ref"), Path.of("target"));
        if (checkout.note() != null) {
            LOG.warn("opencloud-compose: {}", checkout.note());
        }
        Path upstream = checkout.dir();
        List<Path> overlays = new ArrayList<>(options.extraComposeFiles);
        overlays.addAll(userOverlays());
        Path run = (options.reuse ? state.dir.resolve("compose") : options.workDir.resolve(setup.name() + "-" + Instant.now().toEpochMilli()))
                .toAbsolutePath();
        Map<String, String> composeEnv = new LinkedHashMap<>();
        composeEnv.put("OC_DOCKER_IMAGE", v.get("opencloud.image"));
        composeEnv.put("OC_DOCKER_TAG", v.get("opencloud.version"));
        composeEnv.put("E2E_NETWORK", networkName());
        composeEnv.put("E2E_CADDY_IMAGE", caddyImage.asCanonicalNameString());
        composeEnv.putAll(options.extraComposeEnv);
        opencloud = OpenCloudCompose.prepare(run, upstream, options.composeDir, setup, state.ca, state.opencloudCertificate, composeEnv,
                overlays, options.opencloudStartup, options.reuse ? KeptStack.of(setup.name()).name() : null);
        opencloud.checkBindMounts();

        versions.put("authentik", authentikImage.asCanonicalNameString());
        versions.put("postgres", postgresImage.asCanonicalNameString());
        if (redis) {
            versions.put("redis", image(v.get("redis.image")).asCanonicalNameString());
        }
        versions.put("caddy", caddyImage.asCanonicalNameString());
        versions.put("browser", browserImage.asCanonicalNameString());
        versions.put("opencloud", v.get("opencloud.image") + ":" + v.get("opencloud.version"));
        versions.put("opencloud-compose", checkout.describe());
        overlays.forEach(o -> versions.put("compose overlay " + o.getFileName(), o.toAbsolutePath().normalize().toString()));

        List<String> wanted = new ArrayList<>(List.of(authentikImage.asCanonicalNameString(), postgresImage.asCanonicalNameString(),
                caddyImage.asCanonicalNameString(), browserImage.asCanonicalNameString()));
        if (redis) {
            wanted.add(image(v.get("redis.image")).asCanonicalNameString());
        }
        wanted.addAll(opencloud.images());
        if (options.imagesLocal) {
            requireLocalImages(wanted.stream().distinct().toList());
        } else {
            Images.ensure(wanted.stream().distinct().toList(), options.pullTimeout);
        }

        String dbName = "authentik";
        String dbUser = "authentik";
        String dbPassword = state.databasePassword;
        GenericContainer<?> postgres = add("postgresql", new GenericContainer<>(postgresImage)
                .withNetworkAliases(POSTGRES_ALIAS)
                .withEnv("POSTGRES_DB", dbName)
                .withEnv("POSTGRES_USER", dbUser)
                .withEnv("POSTGRES_PASSWORD", dbPassword)
                .withExposedPorts(5432)
                // TCP on 127.0.0.1: the official image's init-time server listens on the socket only
                .waitingFor(Wait.forSuccessfulCommand("pg_isready -h 127.0.0.1 -p 5432 -U " + dbUser + " -d " + dbName)
                        .withStartupTimeout(Duration.ofMinutes(2))));
        List<Startable> authentikDeps = new ArrayList<>(List.of(postgres));
        if (redis) {
            authentikDeps.add(add("redis", new GenericContainer<>(image(v.get("redis.image")))
                    .withNetworkAliases(REDIS_ALIAS).withExposedPorts(6379)
                    .waitingFor(Wait.forListeningPort().withStartupTimeout(Duration.ofMinutes(1)))));
        }
        AuthentikContainer server = authentik("authentik-server", authentikImage, AuthentikContainer.Role.SERVER,
                authentikVersion, redis, dbName, dbUser, dbPassword)
                .withNetworkAliases(AUTHENTIK_ALIAS).withStartupTimeout(options.authentikStartup);
        AuthentikContainer worker = authentik("authentik-worker", authentikImage, AuthentikContainer.Role.WORKER,
                authentikVersion, redis, dbName, dbUser, dbPassword);
        server.dependsOn(authentikDeps);
        worker.dependsOn(authentikDeps);

        Deployment.Authentik a = setup.authentik();
        proxy = add("authentik-proxy", new CaddyContainer(caddyImage)
                .withSite(setup.proxy().edit(siteTemplate))
                .withCertificate(state.idpCertificate, state.ca)
                .withPlaceholder("AUTHENTIK_HOST", a.host())
                .withPlaceholder("DISCOVERY_SLUG", a.discoverySlug())
                .withPlaceholder("AUTHENTIK_UPSTREAM", AUTHENTIK_ALIAS + ":" + AuthentikContainer.HTTP_PORT)
                .withNetworkAliases(a.host()));
        browser = add("browser", new BrowserContainer(browserImage));

        // compose runs beside the containers; its network (ours) exists once its name was asked for
        CompletableFuture<Void> composeStarted = CompletableFuture.runAsync(opencloud::start);
        CompletableFuture<Void> containersStarted = Startables.deepStart(server, worker, proxy, browser);
        try {
            CompletableFuture.allOf(composeStarted, containersStarted).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }

        if (options.reuse) {
            List<String> reused = new ArrayList<>();
            containers.forEach((n, c) -> {
                var created = java.time.Instant.parse(c.getContainerInfo().getCreated());
                if (created.isBefore(startedAt)) {
                    reused.add(n);
                }
            });
            int reusedServices = opencloud.reusedServices(startedAt);
            if (reusedServices > 0) {
                reused.add("opencloud-compose (" + reusedServices + " services)");
            }
            versions.put("stack reuse", reused.isEmpty() ? "kept for the next run; nothing was reused this time (state " + state.dir + ")"
                    : "reused from an earlier run: " + String.join(", ", reused) + " (state " + state.dir + ", created " + state.created + ")");
        }
        world = new World(Map.of(
                a.host(), new InetSocketAddress(proxy.getHost(), proxy.getMappedPort(CaddyContainer.HTTPS_PORT)),
                setup.opencloud().host(), new InetSocketAddress(opencloud.ingressHost(), opencloud.ingressPort())),
                state.ca.sslContext(), state.ca.spkiSha256());
        awaitThroughWorld(URI.create(a.baseUrl() + "-/health/ready/"), "authentik through the proxy", options.authentikStartup);
        awaitOpenCloud();
    }

    /**
     * Compose files a user adds after the stack's own (-Dopencloud.compose.overlays=a.yml,b.yml), e.g. to swap an
     * image of opencloud-compose for one the engine has; each must exist.
     */
    static List<Path> userOverlays() {
        String value = System.getProperty("opencloud.compose.overlays", "");
        List<Path> out = new ArrayList<>();
        for (String f : value.split(",")) {
            if (f.isBlank()) {
                continue;
            }
            Path p = Path.of(f.strip());
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("-Dopencloud.compose.overlays: " + f.strip() + " is not a file; expected compose files, comma-separated");
            }
            out.add(p);
        }
        return out;
    }

    private AuthentikContainer authentik(String name, DockerImageName image, AuthentikContainer.Role role,
                                         String version, boolean redis, String db, String user, String password) {
        AuthentikContainer c = new AuthentikContainer(image, role, version)
                .withTrustedProxyCidrs(trustedProxyCidrs(setup))
                .withSecretKey(state.secretKey) // server and worker must share it
                .withPostgres(POSTGRES_ALIAS, db, user, password)
                .withBootstrap(state.bootstrapToken, state.bootstrapPassword, state.bootstrapEmail);
        if (redis) {
            c.withRedis(REDIS_ALIAS);
        }
        return add(name, c);
    }

    /** -De2e.logs=full streams every container's output with its name as prefix; by default it is only saved. */
    static boolean streamLogs() {
        return "full".equals(System.getProperty("e2e.logs"));
    }

    private <C extends GenericContainer<?>> C add(String name, C container) {
        container.withNetwork(network);
        if (options.reuse) {
            container.withReuse(true).withLabel(KeptStack.LABEL, setup.name());
        }
        if (streamLogs()) {
            container.withLogConsumer(new Slf4jLogConsumer(LoggerFactory.getLogger("container." + name)).withPrefix(name));
        }
        ToStringConsumer capture = new ToStringConsumer();
        container.withLogConsumer(capture);
        captured.put(name, capture);
        containers.put(name, container);
        return container;
    }

    /** authentik's default AUTHENTIK_LISTEN__TRUSTED_PROXY_CIDRS (authentik/lib/default.yml @2026.2.2). */
    static final String DEFAULT_TRUSTED_PROXIES = "127.0.0.0/8,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fe80::/10,::1/128";

    /**
     * Null when the suite's network lies inside authentik's default trusted proxy CIDRs (Docker's default pools
     * do); otherwise the defaults plus the network's subnet, so that the guide's proxy counts as trusted from
     * 2026.8 on and X-Forwarded-Proto keeps its meaning.
     */
    String trustedProxyCidrs(Deployment d) {
        if (d.authentik().trustedProxyCidrs() != null) {
            return d.authentik().trustedProxyCidrs();
        }
        var ipam = DockerClientFactory.instance().client().inspectNetworkCmd().withNetworkId(network.getId()).exec().getIpam();
        List<String> outside = new ArrayList<>();
        if (ipam != null && ipam.getConfig() != null) {
            for (var c : ipam.getConfig()) {
                String subnet = c.getSubnet();
                if (subnet != null && !insideDefaults(subnet)) {
                    outside.add(subnet);
                }
            }
        }
        return outside.isEmpty() ? null : DEFAULT_TRUSTED_PROXIES + "," + String.join(",", outside);
    }

    static boolean insideDefaults(String subnet) {
        String[] p = subnet.split("/");
        if (p.length != 2 || p[0].contains(":")) {
            return false;
        }
        String[] o = p[0].split("\\.");
        int prefix = Integer.parseInt(p[1]);
        int a = Integer.parseInt(o[0]);
        int b = Integer.parseInt(o[1]);
        return a == 10 && prefix >= 8 || a == 127 && prefix >= 8 || a == 172 && b >= 16 && b <= 31 && prefix >= 12
                || a == 192 && b == 168 && prefix >= 16;
    }

    private String networkName() {
        // Network.getId() creates it; compose names an external network by its name
        return DockerClientFactory.instance().client().inspectNetworkCmd().withNetworkId(network.getId()).exec().getName();
    }

    private void awaitOpenCloud() {
        awaitThroughWorld(URI.create(setup.opencloud().baseUrl() + "/status.php"), "OpenCloud through its ingress",
                options.opencloudStartup);
    }

    @Override
    public void assertRunning() {
        for (Map.Entry<String, GenericContainer<?>> e : containers.entrySet()) {
            GenericContainer<?> c = e.getValue();
            if (c.getContainerId() == null) {
                continue;
            }
            var state = DockerClientFactory.instance().client().inspectContainerCmd(c.getContainerId()).exec().getState();
            if (!Boolean.TRUE.equals(state.getRunning())) {
                String log = captured.get(e.getKey()).toUtf8String();
                throw new IllegalStateException("container " + e.getKey() + " (" + c.getDockerImageName() + ") exited with code "
                        + state.getExitCodeLong() + "; the end of its log:\n" + tail(log, 40));
            }
        }
        if (opencloud != null) {
            opencloud.assertRunning();
        }
    }

    static String tail(String log, int lines) {
        List<String> all = log.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** Waits until url answers 2xx through the world (public name, mapped port, test CA). */
    private void awaitThroughWorld(URI url, String what, Duration timeout) {
        Awaitility.await(what + " answering 2xx at " + url)
                .atMost(timeout).pollInterval(Duration.ofSeconds(1)).ignoreExceptionsMatching(e -> !(e instanceof ExitedException))
                .until(() -> {
                    try {
                        assertRunning();
                    } catch (IllegalStateException e) {
                        throw new ExitedException(e.getMessage());
                    }
                    HttpResponse<Void> r = world.http().send(HttpRequest.newBuilder(url).timeout(World.REQUEST_TIMEOUT)
                            .GET().build(), HttpResponse.BodyHandlers.discarding());
                    return r.statusCode() / 100 == 2;
                });
    }

    /** A part of the stack exited: no point in waiting on. */
    static final class ExitedException extends RuntimeException {
        ExitedException(String message) {
            super(message);
        }
    }

    /** Checks every image is present locally; a missing one would otherwise fail only after minutes of pulls. */
    static void requireLocalImages(List<String> images) {
        var client = DockerClientFactory.instance().client();
        List<String> missing = new ArrayList<>();
        for (String image : images) {
            try {
                client.inspectImageCmd(image).exec();
            } catch (NotFoundException e) {
                missing.add(image);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("images not present locally (e2e.images.local=true, nothing can be pulled): "
                    + missing + "; build or load them, or point the *.image/*.version properties at local images");
        }
    }

    private static DockerImageName image(String name) {
        if (name.isBlank()) {
            throw new IllegalArgumentException("empty image name: expected NAME[:TAG]");
        }
        return DockerImageName.parse(name);
    }

    static String secret() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Every container's log into REPORT/logs/containers-SETUP/NAME.log: one folder per setup, so runs do not overwrite each other. */
    public void writeLogs() {
        Path dir = options.reportDir.resolve("logs").resolve("containers-" + options.setup.name());
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, GenericContainer<?>> e : containers.entrySet()) {
                String log = captured.get(e.getKey()).toUtf8String();
                if (log.isEmpty() && e.getValue().getContainerId() != null) {
                    log = safeLogs(e.getValue());
                }
                Files.writeString(dir.resolve(e.getKey() + ".log"),
                        log.isEmpty() ? "(no output captured from " + e.getValue().getDockerImageName() + ")\n" : log);
            }
            if (opencloud != null) {
                for (Map.Entry<String, String> e : opencloud.logs().entrySet()) {
                    Files.writeString(dir.resolve(e.getKey() + ".log"), e.getValue());
                }
            }
            LOG.info("container logs: {}", dir.toAbsolutePath());
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot write container logs to {}: {}", dir, e.toString());
        }
    }

    private static String safeLogs(GenericContainer<?> c) {
        try {
            return c.getLogs();
        } catch (RuntimeException e) {
            return "(logs unavailable: " + e + ")\n";
        }
    }

    @Override
    public String name() {
        return "containers";
    }

    @Override
    public Deployment setup() {
        return setup;
    }

    @Override
    public World world() {
        if (world == null) {
            throw new IllegalStateException("the container stack is not started");
        }
        return world;
    }

    @Override
    public Map<String, String> versions() {
        return Map.copyOf(versions);
    }

    @Override
    public Optional<String> adminToken() {
        return Optional.of(state.bootstrapToken);
    }

    /** akadmin's password (bootstrap), for a browser login as the admin. */
    public String adminPassword() {
        return state.bootstrapPassword;
    }

    public String adminEmail() {
        return state.bootstrapEmail;
    }

    @Override
    public WebDriver newBrowser() {
        return browser.newDriver(world().chromiumFlags(), world().chromiumPrefs());
    }

    /** opencloud-compose as started (per-run directory, project name, services' env). */
    public OpenCloudCompose opencloud() {
        return opencloud;
    }

    /** A started container by its name (authentik-server, authentik-worker, postgresql, redis, authentik-proxy, browser). */
    public Optional<GenericContainer<?>> container(String name) {
        return Optional.ofNullable(containers.get(name));
    }

    @Override
    public void reconfigure(Deployment changed) {
        if (!changed.authentik().host().equals(setup.authentik().host())
                || !changed.opencloud().host().equals(setup.opencloud().host())
                || !changed.authentik().discoverySlug().equals(setup.authentik().discoverySlug())) {
            throw new IllegalArgumentException("setup " + changed.name() + " changes a public name or the discovery slug; "
                    + "expected the same as the running stack's (" + setup.authentik().host() + ", "
                    + setup.opencloud().host() + ", " + setup.authentik().discoverySlug() + "): start a new stack");
        }
        Deployment before = setup;
        try {
            if (!java.util.Objects.equals(changed.authentik().trustedProxyCidrs(), before.authentik().trustedProxyCidrs())) {
                // read at start: the server restarts with them (the worker serves no requests); its data stays in PostgreSQL
                AuthentikContainer server = (AuthentikContainer) containers.get("authentik-server");
                server.stop();
                server.withTrustedProxyCidrs(trustedProxyCidrs(changed));
                server.start();
                awaitThroughWorld(URI.create(changed.authentik().baseUrl() + "-/health/ready/"), "authentik through the proxy",
                        options.authentikStartup);
                opencloud.restart("opencloud"); // it keeps the discovery it read until it restarts
                awaitOpenCloud();
            }
            boolean proxyChanged = !changed.proxy().equals(before.proxy());
            if (proxyChanged) {
                proxy.reload(changed.proxy().edit(siteTemplate));
            }
            if (!changed.opencloud().equals(before.opencloud())) {
                opencloud.reconfigure(changed);
                setup = changed;
                awaitOpenCloud();
            } else if (proxyChanged) {
                // OpenCloud keeps the discovery and keys it read through the proxy until it restarts
                opencloud.restart("opencloud");
                awaitOpenCloud();
            }
            setup = changed;
        } catch (RuntimeException e) {
            writeLogs();
            throw e;
        }
    }

    /**
     * The test CA that signs both public names, as a PEM file (work dir, per setup) for what runs outside this JVM:
     * the verify command's --ca-cert.
     */
    public Path caCertificate() {
        Path file = options.workDir.resolve("containers-" + options.setup.name()).resolve("test-ca.pem");
        try {
            Files.createDirectories(file.getParent());
            return state.ca.writeCertificate(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write the test CA into " + file, e);
        }
    }

    @Override
    public void close() {
        writeLogs();
        if (options.reuse) {
            if (world != null) {
                world.close();
            }
            LOG.info("stack kept for the next run (-De2e.reuse=true; state {}); remove it whole with: mvn -q -Premove-kept-stack process-classes",
                    state.dir);
            return;
        }
        List<AutoCloseable> closing = new ArrayList<>();
        if (world != null) {
            closing.add(world);
        }
        if (opencloud != null) {
            closing.add(opencloud);
        }
        List<GenericContainer<?>> reversed = new ArrayList<>(containers.values());
        java.util.Collections.reverse(reversed);
        closing.addAll(reversed.stream().map(c -> (AutoCloseable) c::stop).toList());
        closing.add(network::close);
        for (AutoCloseable c : closing) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("stopping {} failed: {}", c, e.toString());
            }
        }
    }
}
