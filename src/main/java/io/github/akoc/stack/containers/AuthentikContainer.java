package io.github.akoc.stack.containers;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

import java.time.Duration;
import java.util.Objects;

/**
 * authentik's image as the server ({@code server}) or the worker ({@code worker}); both get the same
 * environment (facts: authentik.md, Running it). Ready means the server answers {@code /-/health/ready/}
 * with 2xx; that authentik's blueprints have created the default objects is provisioning's business.
 */
public class AuthentikContainer extends GenericContainer<AuthentikContainer> {
    public static final int HTTP_PORT = 9000;
    public static final int HTTPS_PORT = 9443;
    public static final int METRICS_PORT = 9300;
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofMinutes(5);

    public enum Role { SERVER, WORKER }

    private final Role role;
    private final String version;
    private String secretKey;
    private String postgresHost;
    private String postgresName;
    private String postgresUser;
    private String postgresPassword;
    private String redisHost;
    private String bootstrapToken;
    private String bootstrapPassword;
    private String bootstrapEmail;
    private Duration startupTimeout = DEFAULT_STARTUP_TIMEOUT;
    private String trustedProxyCidrs;

    /** @param image e.g. ghcr.io/goauthentik/server:2026.8.3 (its tag is taken as the authentik version) */
    public AuthentikContainer(DockerImageName image, Role role) {
        this(image, role, image.getVersionPart());
    }

    /** For an image whose tag is not the authentik version (a locally built stand-in): the version it acts as. */
    public AuthentikContainer(DockerImageName image, Role role, String version) {
        super(image);
        this.role = Objects.requireNonNull(role);
        this.version = Objects.requireNonNull(version);
    }

    public AuthentikContainer withSecretKey(String secretKey) {
        this.secretKey = secretKey;
        return self();
    }

    public AuthentikContainer withPostgres(String host, String name, String user, String password) {
        this.postgresHost = host;
        this.postgresName = name;
        this.postgresUser = user;
        this.postgresPassword = password;
        return self();
    }

    /** Only for releases before 2025.10, which need Redis. */
    public AuthentikContainer withRedis(String host) {
        this.redisHost = host;
        return self();
    }

    /** The worker applies these on the first start: akadmin's password and email, and an API token. */
    public AuthentikContainer withBootstrap(String token, String password, String email) {
        this.bootstrapToken = token;
        this.bootstrapPassword = password;
        this.bootstrapEmail = email;
        return self();
    }

    public AuthentikContainer withStartupTimeout(Duration timeout) {
        this.startupTimeout = timeout;
        return self();
    }

    public Role role() {
        return role;
    }

    public String version() {
        return version;
    }

    /** True for releases that still need Redis (removed in 2025.10). */
    public static boolean needsRedis(String version) {
        return compare(version, "2025.10") < 0;
    }

    /** True for releases that listen on [::] by default and need 0.0.0.0 spelled out on IPv4-only hosts. */
    static boolean listensOnIpv6ByDefault(String version) {
        return compare(version, "2026.5") >= 0;
    }

    /** Compares year.month[.patch] versions (a pre-release suffix such as -rc5 allowed); anything else names the value. */
    static int compare(String version, String other) {
        return parse(version).compareTo(parse(other));
    }

    private static io.github.akoc.provision.AuthentikVersion parse(String version) {
        String v = version.matches("\\d{4}\\.\\d{1,2}") ? version + ".0" : version;
        try {
            return io.github.akoc.provision.AuthentikVersion.parse(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("authentik version '" + version + "': expected YEAR.MONTH[.PATCH][-SUFFIX], e.g. 2026.8.3 or 2026.8.0-rc5");
        }
    }

    /** Only for proxies outside authentik's default trusted CIDRs: from 2026.8 X-Forwarded-* counts only from these. */
    public AuthentikContainer withTrustedProxyCidrs(String cidrs) {
        this.trustedProxyCidrs = cidrs;
        return self();
    }

    @Override
    protected void configure() {
        require(secretKey, "secret key (withSecretKey)");
        require(postgresHost, "PostgreSQL (withPostgres)");
        if (needsRedis(version)) {
            require(redisHost, "Redis host (withRedis): authentik " + version + " is older than 2025.10");
        }
        withCommand(role == Role.SERVER ? "server" : "worker");
        withEnv("AUTHENTIK_SECRET_KEY", secretKey);
        withEnv("AUTHENTIK_POSTGRESQL__HOST", postgresHost);
        withEnv("AUTHENTIK_POSTGRESQL__NAME", postgresName);
        withEnv("AUTHENTIK_POSTGRESQL__USER", postgresUser);
        withEnv("AUTHENTIK_POSTGRESQL__PASSWORD", postgresPassword);
        if (redisHost != null) {
            withEnv("AUTHENTIK_REDIS__HOST", redisHost);
        }
        if (bootstrapToken != null) {
            withEnv("AUTHENTIK_BOOTSTRAP_TOKEN", bootstrapToken);
            withEnv("AUTHENTIK_BOOTSTRAP_PASSWORD", bootstrapPassword);
            withEnv("AUTHENTIK_BOOTSTRAP_EMAIL", bootstrapEmail);
        }
        withEnv("AUTHENTIK_DISABLE_UPDATE_CHECK", "true");
        withEnv("AUTHENTIK_DISABLE_STARTUP_ANALYTICS", "true");
        withEnv("AUTHENTIK_ERROR_REPORTING__ENABLED", "false");
        if (listensOnIpv6ByDefault(version)) {
            // from 2026.5 every listener defaults to [::], which crash-loops on hosts without IPv6 (authentik #24303)
            withEnv("AUTHENTIK_LISTEN__HTTP", "0.0.0.0:" + HTTP_PORT);
            withEnv("AUTHENTIK_LISTEN__METRICS", "0.0.0.0:" + METRICS_PORT);
            if (role == Role.SERVER) {
                withEnv("AUTHENTIK_LISTEN__HTTPS", "0.0.0.0:" + HTTPS_PORT);
            }
        }
        if (trustedProxyCidrs != null) {
            withEnv("AUTHENTIK_LISTEN__TRUSTED_PROXY_CIDRS", trustedProxyCidrs);
        } else {
            getEnvMap().remove("AUTHENTIK_LISTEN__TRUSTED_PROXY_CIDRS"); // configured again after a restart without them
        }
        // the image keeps TMPDIR on /dev/shm
        withSharedMemorySize(512L * 1024 * 1024);
        if (role == Role.SERVER) {
            addExposedPort(HTTP_PORT);
            waitingFor(Wait.forHttp("/-/health/ready/").forPort(HTTP_PORT)
                    .forStatusCodeMatching(code -> code >= 200 && code < 300)
                    .withStartupTimeout(startupTimeout));
        }
    }

    private static void require(Object value, String what) {
        if (value == null) {
            throw new IllegalStateException("authentik container needs a " + what + " before it starts");
        }
    }
}
