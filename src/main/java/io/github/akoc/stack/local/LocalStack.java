package io.github.akoc.stack.local;

import io.github.akoc.deployment.Deployment;
import io.github.akoc.deployment.Versions;
import io.github.akoc.stack.OpenCloudCompose;
import io.github.akoc.stack.ServiceEnv;
import io.github.akoc.stack.Stack;
import io.github.akoc.world.TestCa;
import io.github.akoc.world.World;
import org.openqa.selenium.WebDriver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code local} stack: authentik and OpenCloud as given by {@link LocalServices}, the real Caddy in
 * front of both on one loopback port, the real local Chromium. No Docker.
 *
 * <p>Start order: preflight (binaries, files) → test CA → World (the Caddy port is chosen first, so the
 * name mapping exists before anything listens there) → authentik → OpenCloud (its HTTPS_PROXY is the
 * World's name-mapping proxy) → Caddy (it needs both upstream ports). Closing runs the reverse.
 */
public final class LocalStack implements Stack {
    private final LocalServices services;
    private final Path runDir;
    private final String authentikVersion;
    private final String opencloudVersion;
    private final Map<String, Long> timings = new LinkedHashMap<>();
    private final Map<String, String> versions = new LinkedHashMap<>();
    private final SecretsOfRun secrets = SecretsOfRun.generate();

    private volatile Deployment setup;
    private OpenCloudCompose compose;
    private Path caddyBinary;
    private LocalBrowser browser;
    private TestCa ca;
    private Path caPem;
    private Path tlsCert;
    private int caddyPort;
    private World world;
    private LocalServices.Running authentik;
    private LocalServices.Running opencloud;
    private Map<String, String> opencloudServiceEnv;
    private Caddy caddy;
    private boolean closed;

    private LocalStack(Deployment setup, LocalServices services, Path runDir, String authentikVersion, String opencloudVersion) {
        this.setup = setup;
        this.services = services;
        this.runDir = runDir.toAbsolutePath();
        this.authentikVersion = authentikVersion;
        this.opencloudVersion = opencloudVersion;
    }

    /** Starts the stack with the project in the working directory (compose/, fixtures/), OpenCloud at its default release. */
    public static LocalStack start(Deployment setup, LocalServices services, Path runDir, String authentikVersion) {
        return start(setup, services, runDir, authentikVersion, Versions.fromDefaultLocation().get("opencloud.version"));
    }

    /**
     * Starts the stack with the project in the working directory; the services imitate these releases where
     * releases differ (STANDIN_AUTHENTIK_VERSION, STANDIN_OPENCLOUD_VERSION).
     */
    public static LocalStack start(Deployment setup, LocalServices services, Path runDir, String authentikVersion, String opencloudVersion) {
        return start(setup, services, runDir, authentikVersion, opencloudVersion, Path.of("").toAbsolutePath());
    }

    /** Starts everything; on any failure stops what already runs and rethrows. */
    public static LocalStack start(Deployment setup, LocalServices services, Path runDir, String authentikVersion,
                                   String opencloudVersion, Path projectDir) {
        LocalStack stack = new LocalStack(setup, services, runDir, authentikVersion, opencloudVersion);
        try {
            stack.startAll(projectDir);
            return stack;
        } catch (RuntimeException | Error e) {
            try {
                stack.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private void startAll(Path projectDir) {
        long t0 = System.nanoTime();
        timed("preflight", () -> preflight(projectDir));
        timed("ca", this::createCa);
        timed("world", this::createWorld);
        timed("authentik", this::startAuthentik);
        timed("opencloud", this::startOpenCloud);
        timed("caddy", this::startCaddy);
        timings.put("total", (System.nanoTime() - t0) / 1_000_000);
        versions.put("authentik", authentik.version());
        versions.put("opencloud", opencloud.version());
    }

    /** Everything that can be missing is checked here, before anything starts. */
    private void preflight(Path projectDir) {
        caddyBinary = Caddy.binary();
        browser = LocalBrowser.locate();
        compose = OpenCloudCompose.locate(projectDir);
        for (String f : List.of("Caddyfile", "Caddyfile.opencloud")) {
            if (!Files.isRegularFile(compose.projectComposeDir().resolve(f))) {
                throw new IllegalArgumentException("proxy configuration " + compose.projectComposeDir().resolve(f)
                        + " is missing: expected the guide's Caddyfile and the OpenCloud ingress in the project's compose/");
            }
        }
        opencloudServiceEnv = opencloudEnv(setup);
        versions.put("stack", name());
        versions.put("caddy", Binaries.version(caddyBinary, "version"));
        versions.put("chromium", browser.version());
        try {
            Files.createDirectories(runDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the run dir " + runDir, e);
        }
    }

    private void createCa() {
        ca = TestCa.create();
        try {
            caPem = ca.writeCertificate(runDir.resolve("test-ca.pem"));
            // One certificate for both public names: both sites share Caddy's one port.
            tlsCert = ca.issue(setup.authentik().host(), setup.opencloud().host()).write(runDir.resolve("tls"), "server");
            // Caddy serves the whole file: with the CA in the chain, Chromium's spki list (the CA's key) matches;
            // it only compares the keys of the chain the server sends, and a lone leaf has not the CA's.
            Files.writeString(tlsCert, ca.certificatePem(), java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the test CA's files into " + runDir, e);
        }
    }

    private void createWorld() {
        caddyPort = freeLoopbackPort();
        InetSocketAddress caddyAddress = new InetSocketAddress("127.0.0.1", caddyPort);
        world = new World(Map.of(setup.authentik().host(), caddyAddress, setup.opencloud().host(), caddyAddress),
                ca.sslContext(), ca.spkiSha256());
    }

    private void startAuthentik() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AUTHENTIK_BOOTSTRAP_TOKEN", secrets.bootstrapToken());
        env.put("AUTHENTIK_BOOTSTRAP_PASSWORD", secrets.bootstrapPassword());
        env.put("AUTHENTIK_SECRET_KEY", secrets.secretKey());
        env.put("AUTHENTIK_LISTEN__HTTP", "127.0.0.1:0");
        // the stack's proxy is Caddy on loopback: trusted, unless the deployment names the networks authentik trusts
        env.put("AUTHENTIK_LISTEN__TRUSTED_PROXY_CIDRS", Optional.ofNullable(setup.authentik().trustedProxyCidrs()).orElse("127.0.0.0/8"));
        env.put("STANDIN_AUTHENTIK_VERSION", authentikVersion);
        authentik = services.startAuthentik(env);
    }

    /**
     * The opencloud service's environment; a value naming a file compose mounts into the container (the CSP
     * configuration) names that file where it is, since the stand-in runs on this machine.
     */
    private Map<String, String> opencloudEnv(Deployment d) {
        Map<String, String> env = new java.util.TreeMap<>(ServiceEnv.opencloud(d, compose));
        Map<String, Path> files = ServiceEnv.boundFiles(ServiceEnv.OPENCLOUD, d, compose);
        env.replaceAll((k, v) -> files.containsKey(v) ? files.get(v).toString() : v);
        // the container's hosts file (compose extra_hosts): the stand-in resolves those names as the container would
        Map<String, String> hosts = ServiceEnv.extraHosts(ServiceEnv.OPENCLOUD, d, compose);
        if (!hosts.isEmpty()) {
            env.put("STANDIN_EXTRA_HOSTS", hosts.entrySet().stream().map(h -> h.getKey() + "=" + h.getValue())
                    .collect(java.util.stream.Collectors.joining(",")));
        }
        return env;
    }

    private void startOpenCloud() {
        Map<String, String> env = new LinkedHashMap<>(opencloudServiceEnv);
        env.put("PROXY_HTTP_ADDR", "127.0.0.1:0");
        // OpenCloud reaches https://<authentik host> as everyone else does: by the World's name mapping and CA.
        env.put("SSL_CERT_FILE", caPem.toString());
        env.put("HTTPS_PROXY", "http://127.0.0.1:" + world.proxyPort());
        env.put("STANDIN_OPENCLOUD_VERSION", opencloudVersion);
        opencloud = services.startOpenCloud(env);
    }

    private void startCaddy() {
        Path composeDir = compose.projectComposeDir();
        Map<String, String> placeholders = Map.of(
                "AUTHENTIK_HOST", setup.authentik().host(),
                "DISCOVERY_SLUG", setup.authentik().discoverySlug(),
                "AUTHENTIK_UPSTREAM", "127.0.0.1:" + authentik.port(),
                "OPENCLOUD_HOST", setup.opencloud().host(),
                "OPENCLOUD_UPSTREAM", "127.0.0.1:" + opencloud.port(),
                "TLS_CERT", tlsCert.toString(),
                "TLS_KEY", tlsCert.resolveSibling("server.key").toString());
        caddy = Caddy.start(caddyBinary, runDir.resolve("caddy"), new Caddy.Config(composeDir.resolve("Caddyfile"),
                composeDir.resolve("Caddyfile.opencloud"), setup.proxy(), caddyPort, placeholders,
                List.of(setup.authentik().host(), setup.opencloud().host()), ca.sslContext()));
    }

    /**
     * OpenCloud's environment changed: OpenCloud restarts on a new port, so Caddy restarts too (its
     * upstream is fixed at start; Caddy keeps its port, so the World stays valid). Proxy lines changed: Caddy
     * restarts, and OpenCloud with it (it caches what it read through the proxy). Only the discovery slug
     * changed: Caddy alone restarts. authentik's trusted proxies changed: all three restart.
     */
    @Override
    public synchronized void reconfigure(Deployment changed) {
        if (!changed.authentik().host().equals(setup.authentik().host())
                || !changed.opencloud().host().equals(setup.opencloud().host())) {
            throw new IllegalArgumentException("reconfigure cannot change the public names (" + setup.authentik().host()
                    + ", " + setup.opencloud().host() + "): start a new stack for setup " + changed.name());
        }
        Map<String, String> newEnv = opencloudEnv(changed);
        // authentik reads its trusted proxies at start: it restarts on a new port, empty (the run provisions it again),
        // and everything that reaches it or keeps what it read from it restarts after it
        boolean restartAuthentik = !java.util.Objects.equals(changed.authentik().trustedProxyCidrs(), setup.authentik().trustedProxyCidrs());
        // OpenCloud caches the issuer's discovery and keys at its first token, read through the proxy: a proxy
        // change restarts it too, so that it sees the deployment as one started with that proxy would.
        boolean restartOpenCloud = restartAuthentik || !newEnv.equals(opencloudServiceEnv) || !changed.proxy().equals(setup.proxy());
        boolean restartCaddy = restartOpenCloud || !changed.proxy().equals(setup.proxy())
                || !changed.authentik().discoverySlug().equals(setup.authentik().discoverySlug());
        setup = changed;
        if (restartCaddy) {
            caddy.close();
        }
        if (restartAuthentik) {
            authentik.close();
            timed("reconfigure.authentik", this::startAuthentik);
        }
        if (restartOpenCloud) {
            opencloud.close();
            opencloudServiceEnv = newEnv;
            timed("reconfigure.opencloud", this::startOpenCloud);
        }
        if (restartCaddy) {
            timed("reconfigure.caddy", this::startCaddy);
        }
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public Deployment setup() {
        return setup;
    }

    @Override
    public World world() {
        return world;
    }

    @Override
    public Map<String, String> versions() {
        return Map.copyOf(versions);
    }

    @Override
    public Optional<String> adminToken() {
        return Optional.of(secrets.bootstrapToken());
    }

    /** akadmin's password of this run (AUTHENTIK_BOOTSTRAP_PASSWORD), for browser logins. */
    public String adminPassword() {
        return secrets.bootstrapPassword();
    }

    @Override
    public WebDriver newBrowser() {
        return browser.newDriver(world.chromiumFlags(), world.chromiumPrefs(), runDir.resolve("browsers"));
    }

    /** Milliseconds per start step (preflight, ca, world, authentik, opencloud, caddy, total; reconfigure.*). */
    public Map<String, Long> startTimings() {
        return new LinkedHashMap<>(timings);
    }

    public Path runDir() {
        return runDir;
    }

    /** The CA certificate OpenCloud trusts (SSL_CERT_FILE). */
    public Path caCertificate() {
        return caPem;
    }

    Caddy caddy() {
        return caddy;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<RuntimeException> failures = new ArrayList<>();
        for (AutoCloseable c : new AutoCloseable[]{caddy, opencloud, authentik, world}) {
            if (c == null) {
                continue;
            }
            try {
                c.close();
            } catch (Exception e) {
                failures.add(e instanceof RuntimeException r ? r : new IllegalStateException(e));
            }
        }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    private void timed(String phase, Runnable step) {
        long t = System.nanoTime();
        step.run();
        timings.put(phase, (System.nanoTime() - t) / 1_000_000);
    }

    /**
     * A free port for Caddy, chosen before Caddy starts so the World can map the names to it, and below the systems'
     * ephemeral ranges (Linux 32768-60999, macOS 49152-65535): Caddy binds it only after authentik, OpenCloud and the
     * name-mapping proxy have taken ephemeral ports, which could otherwise be this one.
     */
    private static int freeLoopbackPort() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = random.nextInt(20000, 32000);
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // another one
            }
        }
        throw new IllegalStateException("no free loopback port for Caddy between 20000 and 32000 after 50 attempts");
    }
}
