package io.github.akoc.standin.authentik;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The stand-in's configuration, read only from the variables the real authentik image reads (plus STANDIN_*). */
public record StandInConfig(String bootstrapToken, String bootstrapPassword, String bootstrapEmail, String secretKey,
                     InetSocketAddress listen, List<Cidr> trustedProxies, String version, Path schema, long bootstrapDelayMillis) {

    /** Key pairs created from this release on get the SHA-512 kid (see KeyPairs). */
    boolean sha512Kids() {
        return io.github.akoc.provision.AuthentikVersion.parse(version()).atLeast(2026, 2, 0);
    }

    /**
     * How long after the server is ready the bootstrap token starts to work, and again until the other shipped
     * blueprints are applied: authentik's worker applies them at no defined time relative to /-/health/ready/
     * (facts/authentik.md, Bootstrap timing; 15-20 s on the real 2026.2.2 here). What the stand-in models is the order,
     * which makes the provisioner wait; any gap longer than one of its polls (500 ms) does that.
     */
    static final long DEFAULT_BOOTSTRAP_DELAY_MILLIS = 750;

    static final String DEFAULT_VERSION = "2026.8.3";
    static final String DEFAULT_TRUSTED =
            "127.0.0.0/8,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fe80::/10,::1/128";
    private static final Pattern VERSION = Pattern.compile("(\\d{4})\\.(\\d{1,2})\\.(\\d+)(?:-[0-9A-Za-z.]+)?");
    private static final Pattern LISTEN = Pattern.compile("(\\[[0-9a-fA-F:.]*]|[^:\\[\\]]*):(\\d{1,5})");

    static StandInConfig from(Map<String, String> env) {
        String token = required(env, "AUTHENTIK_BOOTSTRAP_TOKEN", "the admin API token (non-empty)");
        String password = required(env, "AUTHENTIK_BOOTSTRAP_PASSWORD", "the password of akadmin (non-empty)");
        String email = env.getOrDefault("AUTHENTIK_BOOTSTRAP_EMAIL", "root@example.com");
        if (!email.contains("@")) {
            throw new IllegalArgumentException("AUTHENTIK_BOOTSTRAP_EMAIL: expected an e-mail address, got '" + email + "'");
        }
        String secretKey = required(env, "AUTHENTIK_SECRET_KEY", "a random secret (non-empty)");
        InetSocketAddress listen = listen(env.getOrDefault("AUTHENTIK_LISTEN__HTTP", "0.0.0.0:9000"));
        List<Cidr> trusted = new ArrayList<>();
        for (String c : env.getOrDefault("AUTHENTIK_LISTEN__TRUSTED_PROXY_CIDRS", DEFAULT_TRUSTED).split(",")) {
            if (!c.isBlank()) {
                trusted.add(Cidr.parse(c.trim()));
            }
        }
        String version = env.getOrDefault("STANDIN_AUTHENTIK_VERSION", DEFAULT_VERSION);
        if (!VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("STANDIN_AUTHENTIK_VERSION: expected an authentik release like 2026.8.3, got '" + version + "'");
        }
        Path schema;
        String schemaEnv = env.get("STANDIN_AUTHENTIK_SCHEMA");
        if (schemaEnv != null && !schemaEnv.isBlank()) {
            schema = Path.of(schemaEnv);
        } else {
            schema = schemaFor(Path.of(System.getProperty("authentik.schema.dir", "target/authentik-schema")), version);
        }
        if (!Files.isReadable(schema)) {
            throw new IllegalArgumentException("STANDIN_AUTHENTIK_SCHEMA: expected the readable schema.yml of authentik " + version
                    + ", but " + schema.toAbsolutePath() + " is missing (run src/build/fetch-upstream.sh)");
        }
        long delay;
        try {
            delay = Long.parseLong(env.getOrDefault("STANDIN_AUTHENTIK_BOOTSTRAP_DELAY_MS", String.valueOf(DEFAULT_BOOTSTRAP_DELAY_MILLIS)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("STANDIN_AUTHENTIK_BOOTSTRAP_DELAY_MS: expected milliseconds, got '"
                    + env.get("STANDIN_AUTHENTIK_BOOTSTRAP_DELAY_MS") + "'");
        }
        return new StandInConfig(token, password, email, secretKey, listen, List.copyOf(trusted), version, schema, delay);
    }

    /**
     * The schema.yml of this release in dir, else of the newest published release before it: no schema of 2026.8.4+ or
     * 2026.11 is published (npm @goauthentik/api stops at 2026.8.3 on 2026-12-08), so a stand-in imitating one
     * validates requests against the newest API it can know.
     */
    public static Path schemaFor(Path dir, String version) {
        Path exact = dir.resolve("schema-" + version + ".yml");
        if (Files.isReadable(exact)) {
            return exact;
        }
        io.github.akoc.provision.AuthentikVersion wanted = io.github.akoc.provision.AuthentikVersion.parse(version);
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches("schema-\\d{4}\\.\\d{1,2}\\.\\d+\\.yml"))
                    .filter(f -> release(f).compareTo(wanted) <= 0)
                    .max(java.util.Comparator.comparing(StandInConfig::release))
                    .orElse(exact);
        } catch (java.io.IOException e) {
            return exact;
        }
    }

    private static io.github.akoc.provision.AuthentikVersion release(Path schema) {
        String name = schema.getFileName().toString();
        return io.github.akoc.provision.AuthentikVersion.parse(name.substring("schema-".length(), name.length() - ".yml".length()));
    }

    /** 2026.8.0 and later releases (not 2026.8.0's pre-releases): the Rust server in front, with its trusted-proxy rule. */
    boolean rustFrontServer() {
        return release2026_8_0OrLater();
    }

    /**
     * From 2026.8.0 end-session without an authentik session runs the invalidation flow (#23773, merged after the June
     * main that 2026.8.0-rc1 is: issue #24012 of 2026-07-14 still shows the login-first behaviour).
     */
    boolean endSessionRunsFlowWithoutSession() {
        return release2026_8_0OrLater();
    }

    private boolean release2026_8_0OrLater() {
        io.github.akoc.provision.AuthentikVersion v = io.github.akoc.provision.AuthentikVersion.parse(version.replaceAll("-.*", ""));
        io.github.akoc.provision.AuthentikVersion first = new io.github.akoc.provision.AuthentikVersion(2026, 8, 0);
        return v.compareTo(first) > 0 || (v.equals(first) && !version.contains("-"));
    }

    /** True when this release is at least year.minor. */
    boolean atLeast(int year, int minor) {
        Matcher m = VERSION.matcher(version);
        m.matches();
        int y = Integer.parseInt(m.group(1));
        int n = Integer.parseInt(m.group(2));
        return y > year || (y == year && n >= minor);
    }

    private static String required(Map<String, String> env, String name, String what) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(name + ": expected " + what + ", but it is not set");
        }
        return v;
    }

    private static InetSocketAddress listen(String value) {
        Matcher m = LISTEN.matcher(value.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("AUTHENTIK_LISTEN__HTTP: expected host:port (e.g. 0.0.0.0:9000), got '" + value + "'");
        }
        int port = Integer.parseInt(m.group(2));
        if (port > 65535) {
            throw new IllegalArgumentException("AUTHENTIK_LISTEN__HTTP: port must be 0..65535, got " + port);
        }
        String host = m.group(1).replace("[", "").replace("]", "");
        try {
            return new InetSocketAddress(InetAddress.getByName(host.isEmpty() ? "0.0.0.0" : host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("AUTHENTIK_LISTEN__HTTP: unknown host '" + host + "'", e);
        }
    }

    /** One entry of AUTHENTIK_LISTEN__TRUSTED_PROXY_CIDRS. */
    record Cidr(byte[] network, int prefix) {
        static Cidr parse(String text) {
            String[] parts = text.split("/", -1);
            try {
                if (parts.length != 2 || !parts[0].matches("[0-9a-fA-F:.]+")) {
                    throw new IllegalArgumentException("not an address/prefix");
                }
                byte[] addr = InetAddress.getByName(parts[0]).getAddress();
                int prefix = Integer.parseInt(parts[1]);
                if (prefix < 0 || prefix > addr.length * 8) {
                    throw new IllegalArgumentException("prefix out of range");
                }
                return new Cidr(addr, prefix);
            } catch (UnknownHostException | IllegalArgumentException e) {
                throw new IllegalArgumentException("AUTHENTIK_LISTEN__TRUSTED_PROXY_CIDRS: expected comma-separated CIDRs like 10.0.0.0/8, got '"
                        + text + "' (" + e.getMessage() + ")");
            }
        }

        boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != network.length) {
                return false;
            }
            int bits = a.length * 8;
            BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                    .shiftRight(prefix).not().and(BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE));
            return new BigInteger(1, a).and(mask).equals(new BigInteger(1, network).and(mask));
        }
    }
}
