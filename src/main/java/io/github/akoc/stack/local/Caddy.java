package io.github.akoc.stack.local;

import io.github.akoc.deployment.Deployment;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The real Caddy binary serving the guide's Caddyfile (authentik) and the OpenCloud ingress on one
 * loopback port. The guide's file is copied into the run dir without the lines a proxy mutation drops;
 * the placeholders ({$AUTHENTIK_HOST}...) are Caddy's own environment variables.
 */
public final class Caddy implements AutoCloseable {
    public static final String BINARY_PROPERTY = "caddy.binary";
    static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

    private final Process process;
    private final Path log;
    private final int port;

    private Caddy(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** -Dcaddy.binary (default caddy on PATH), or the one clear error before anything starts. */
    public static Path binary() {
        return Binaries.require(BINARY_PROPERTY, "caddy", "caddy",
                "install it (Debian: apt-get install caddy) or pass -D" + BINARY_PROPERTY + "=PATH");
    }

    /** What Caddy is told: its files, the setup's proxy rule (edits of the guide's file), and the placeholder values. */
    public record Config(Path guideCaddyfile, Path opencloudCaddyfile, Deployment.Proxy proxyRule, int port,
                         Map<String, String> placeholders, List<String> hostNames, SSLContext trust) {
        public Config {
            placeholders = Map.copyOf(placeholders);
            hostNames = List.copyOf(hostNames);
        }
    }

    /** Starts Caddy in dir and waits until the port completes a TLS handshake for every host name. */
    public static Caddy start(Path binary, Path dir, Config config) {
        Path log = dir.resolve("caddy.log");
        Path root;
        try {
            Files.createDirectories(dir);
            root = writeConfig(dir, config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write Caddy's configuration into " + dir, e);
        }
        ProcessBuilder pb = new ProcessBuilder(binary.toString(), "run", "--config", root.toString(), "--adapter", "caddyfile")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(config.placeholders());
        pb.environment().put("HTTPS_PORT", Integer.toString(config.port()));
        // Caddy keeps its autosave and other state under XDG/HOME: keep them in the run dir too.
        pb.environment().put("XDG_CONFIG_HOME", dir.resolve("xdg-config").toString());
        pb.environment().put("XDG_DATA_HOME", dir.resolve("xdg-data").toString());
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
        Caddy caddy = new Caddy(process, log, config.port());
        try {
            Awaitility.await("Caddy accepting TLS on 127.0.0.1:" + config.port() + " for " + config.hostNames())
                    .atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("Caddy exited with " + process.exitValue());
                        }
                        return config.hostNames().stream().allMatch(h -> handshakes(config.trust(), config.port(), h));
                    });
        } catch (ConditionTimeoutException | IllegalStateException e) {
            caddy.close();
            throw new IllegalStateException(e.getMessage() + "\n--- " + log + " ---\n" + caddy.logText(), e);
        }
        return caddy;
    }

    static Path writeConfig(Path dir, Config config) throws IOException {
        Path guide = dir.resolve("Caddyfile.guide");
        Files.writeString(guide, config.proxyRule().edit(Files.readString(config.guideCaddyfile(), StandardCharsets.UTF_8)));
        Path root = dir.resolve("Caddyfile");
        Files.writeString(root, "{\n\tadmin off\n\tauto_https off\n\tstorage file_system " + dir.resolve("caddy-storage")
                + "\n}\n\nimport " + guide + "\nimport " + config.opencloudCaddyfile().toAbsolutePath() + "\n");
        return root;
    }

    /** A full handshake with SNI = host, checking the certificate against the CA and the host name. */
    static boolean handshakes(SSLContext trust, int port, String host) {
        try (java.net.Socket plain = new java.net.Socket()) {
            plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
            plain.setSoTimeout(2_000);
            try (SSLSocket tls = (SSLSocket) trust.getSocketFactory().createSocket(plain, host, port, false)) {
                SSLParameters params = tls.getSSLParameters();
                params.setServerNames(List.of(new SNIHostName(host)));
                params.setEndpointIdentificationAlgorithm("HTTPS");
                tls.setSSLParameters(params);
                tls.startHandshake();
                return true;
            }
        } catch (IOException e) {
            return false;
        }
    }

    public int port() {
        return port;
    }

    public ProcessHandle process() {
        return process.toHandle();
    }

    public String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** Stops Caddy and anything it spawned; safe to call twice. */
    @Override
    public void close() {
        ProcessTree.stop(process.toHandle(), "Caddy");
    }
}
