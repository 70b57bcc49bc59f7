package io.github.akoc.standin.opencloud;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The stand-in's configuration, read only from the env vars OpenCloud reads (facts/opencloud.md). Values the
 * real binary would refuse, and values the stand-in cannot honour, fail with the variable's name.
 */
record OpenCloudEnv(
        URI ocUrl,
        String issuer,
        String webfingerIssuer,
        Map<Platform, OidcClientConfig> webfinger,
        String webClientId,
        List<String> webScopes,
        boolean rewriteWellKnown,
        boolean autoprovision,
        String userOidcClaim,
        String autoprovisionUsernameClaim,
        RoleDriver roleDriver,
        String rolesClaim,
        boolean assignDefaultUserRole,
        boolean insecure,
        boolean skipUserInfo,
        InetSocketAddress listen,
        Optional<Path> sslCertFile,
        Optional<URI> httpsProxy,
        List<String> noProxy,
        boolean verifyAccessTokenJwt,
        List<String> audiences,
        io.github.akoc.check.OpenCloudRelease release,
        Map<String, InetSocketAddress> extraHosts) {

    /** The release whose behaviour the stand-in imitates where releases differ (the audience check from 8.1.0). */
    static final String VERSION_VARIABLE = "STANDIN_OPENCLOUD_VERSION";

    enum Platform {
        WEB, DESKTOP, ANDROID, IOS;

        static Optional<Platform> of(String query) {
            return Arrays.stream(values()).filter(p -> p.name().toLowerCase(Locale.ROOT).equals(query)).findFirst();
        }
    }

    enum RoleDriver { DEFAULT, OIDC }

    /** What WebFinger tells one platform: its client id and scopes (list as configured, comma-split). */
    record OidcClientConfig(String clientId, List<String> scopes) {
    }

    // OpenCloud's built-in defaults (the values opencloud-compose's external-idp.yml also falls back to).
    private static final String DEFAULT_URL = "https://localhost:9200";
    private static final Map<Platform, String> DEFAULT_CLIENT_IDS = Map.of(Platform.WEB, "web",
            Platform.DESKTOP, "OpenCloudDesktop", Platform.ANDROID, "OpenCloudAndroid", Platform.IOS, "OpenCloudIOS");
    private static final String DEFAULT_WEB_SCOPES = "openid,profile,email";
    private static final String DEFAULT_NATIVE_SCOPES = "openid,profile,email,offline_access";

    static OpenCloudEnv parse(Map<String, String> env) {
        Reader r = new Reader(env);
        URI ocUrl = r.url("OC_URL", DEFAULT_URL);
        String issuer = r.lastSet(DEFAULT_URL, "OC_OIDC_ISSUER");
        r.url("OC_OIDC_ISSUER", DEFAULT_URL);
        // WebFinger's issuer link has a setting of its own, read after the shared ones (facts/opencloud.md § WebFinger:
        // OC_URL;OC_OIDC_ISSUER;WEBFINGER_OIDC_ISSUER, last set wins): the proxy never reads it (field-failures #27)
        String webfingerIssuer = r.lastSet(ocUrl.toString(), "OC_URL", "OC_OIDC_ISSUER", "WEBFINGER_OIDC_ISSUER");

        Map<Platform, OidcClientConfig> webfinger = new EnumMap<>(Platform.class);
        for (Platform p : Platform.values()) {
            String prefix = "WEBFINGER_" + p.name() + "_OIDC_CLIENT_";
            String id = p == Platform.WEB
                    ? r.lastSet(DEFAULT_CLIENT_IDS.get(p), "OC_OIDC_CLIENT_ID", "WEB_OIDC_CLIENT_ID", prefix + "ID")
                    : r.lastSet(DEFAULT_CLIENT_IDS.get(p), "OC_OIDC_CLIENT_ID", prefix + "ID");
            String scopes = r.lastSet(p == Platform.WEB ? DEFAULT_WEB_SCOPES : DEFAULT_NATIVE_SCOPES,
                    "OC_OIDC_CLIENT_SCOPES", prefix + "SCOPES");
            webfinger.put(p, new OidcClientConfig(id, commaList(scopes)));
        }
        // The web service's own config.json does not read the WEBFINGER_* variables.
        String webClientId = r.lastSet("web", "OC_OIDC_CLIENT_ID", "WEB_OIDC_CLIENT_ID");
        List<String> webScopes = commaList(r.lastSet(DEFAULT_WEB_SCOPES, "OC_OIDC_CLIENT_SCOPES"));

        String cs3Claim = r.lastSet("username", "PROXY_USER_CS3_CLAIM");
        if (!cs3Claim.equals("username")) {
            throw new IllegalArgumentException("PROXY_USER_CS3_CLAIM=" + cs3Claim
                    + ": the OpenCloud stand-in resolves users by username only (expected username)");
        }
        String driver = r.lastSet("default", "PROXY_ROLE_ASSIGNMENT_DRIVER");
        RoleDriver roleDriver = switch (driver) {
            case "default" -> RoleDriver.DEFAULT;
            case "oidc" -> RoleDriver.OIDC;
            default -> throw new IllegalArgumentException("PROXY_ROLE_ASSIGNMENT_DRIVER=" + driver
                    + ": expected default or oidc");
        };
        boolean verifyJwt = verifyMethod(r.lastSet("jwt", "PROXY_OIDC_ACCESS_TOKEN_VERIFY_METHOD"));
        if (!verifyJwt && r.bool("PROXY_OIDC_SKIP_USER_INFO", false)) {
            // services/proxy/pkg/config/parser/parse.go:49 @85e63ca2: nothing would validate the token
            throw new IllegalArgumentException("PROXY_OIDC_ACCESS_TOKEN_VERIFY_METHOD=none with PROXY_OIDC_SKIP_USER_INFO=true: "
                    + "OpenCloud refuses to start (expected verify method jwt, or the userinfo call)");
        }
        String version = r.lastSet(OpenCloudStandIn.imitatedVersion(), VERSION_VARIABLE);
        io.github.akoc.check.OpenCloudRelease release = io.github.akoc.check.OpenCloudRelease.parse(version).orElseThrow(() ->
                new IllegalArgumentException(VERSION_VARIABLE + "=" + version + ": expected an OpenCloud release like 9.2.0"));
        // PROXY_OIDC_AUDIENCES came with 8.1.0 (OpenCloudRelease.AUDIENCE_CHECK_SINCE); before, it is an unknown variable
        List<String> audiences = release.hasAudienceCheck() ? audiences(r.lastSet("", "PROXY_OIDC_AUDIENCES"), verifyJwt) : List.of();
        return new OpenCloudEnv(ocUrl, issuer, webfingerIssuer, webfinger, webClientId, webScopes,
                r.bool("PROXY_OIDC_REWRITE_WELLKNOWN", false),
                r.bool("PROXY_AUTOPROVISION_ACCOUNTS", false),
                r.nonEmpty("PROXY_USER_OIDC_CLAIM", "preferred_username"),
                r.nonEmpty("PROXY_AUTOPROVISION_CLAIM_USERNAME", "preferred_username"),
                roleDriver,
                r.nonEmpty("PROXY_ROLE_ASSIGNMENT_OIDC_CLAIM", "roles"),
                r.bool("GRAPH_ASSIGN_DEFAULT_USER_ROLE", true),
                r.bool("OC_INSECURE", false),
                r.bool("PROXY_OIDC_SKIP_USER_INFO", false),
                r.listen("PROXY_HTTP_ADDR", "0.0.0.0:9200"),
                r.certFile("SSL_CERT_FILE"),
                r.proxy(),
                commaList(r.lastSet("", "no_proxy", "NO_PROXY")),
                verifyJwt, audiences, release, extraHosts(r.lastSet("", "STANDIN_EXTRA_HOSTS")));
    }

    /**
     * STANDIN_EXTRA_HOSTS ("name=ip,..."): what compose's extra_hosts writes into the container's /etc/hosts (the local
     * stack passes it, ServiceEnv.extraHosts). The issuer is reached at port 443 of that address, as https URLs without
     * a port are.
     */
    static Map<String, InetSocketAddress> extraHosts(String value) {
        Map<String, InetSocketAddress> out = new java.util.TreeMap<>();
        for (String entry : value.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] kv = entry.split("=", 2);
            if (kv.length != 2 || !kv[1].strip().matches("[0-9.]+|[0-9a-fA-F:]+")) {
                throw new IllegalArgumentException("STANDIN_EXTRA_HOSTS: \"" + entry + "\" is not NAME=IP");
            }
            out.put(kv[0].strip().toLowerCase(Locale.ROOT), new InetSocketAddress(kv[1].strip(), 443));
        }
        return Map.copyOf(out);
    }

    /**
     * PROXY_OIDC_AUDIENCES as the proxy's parser reads it (TestParseOIDCAudiences, PR #3466): comma-split, entries
     * trimmed, empty segments dropped; a blank entry, or audiences with verify method none, stop OpenCloud at start.
     */
    static List<String> audiences(String value, boolean verifyJwt) {
        List<String> entries = java.util.Arrays.stream(value.split(",", -1)).filter(e -> !e.isEmpty()).toList();
        if (entries.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("PROXY_OIDC_AUDIENCES=" + value
                    + ": an entry is empty or whitespace-only (expected client ids separated by commas)");
        }
        if (!entries.isEmpty() && !verifyJwt) {
            throw new IllegalArgumentException("PROXY_OIDC_AUDIENCES=" + value + " with PROXY_OIDC_ACCESS_TOKEN_VERIFY_METHOD=none: "
                    + "OpenCloud refuses to start (the audiences require access_token_verify_method to be 'jwt')");
        }
        return entries.stream().map(String::strip).toList();
    }

    /** The release imitated, as its tag names it. */
    String version() {
        return release.text();
    }

    /** PROXY_OIDC_ACCESS_TOKEN_VERIFY_METHOD: jwt (the default) or none; OpenCloud refuses other values at start. */
    static boolean verifyMethod(String value) {
        return switch (value) {
            case "jwt" -> true;
            case "none" -> false;
            default -> throw new IllegalArgumentException("PROXY_OIDC_ACCESS_TOKEN_VERIFY_METHOD=" + value + ": expected jwt or none");
        };
    }

    /** Go's env list decoding: split on commas only, so "openid profile" stays one element. */
    static List<String> commaList(String value) {
        return value.isEmpty() ? List.of() : List.of(value.split(",", -1));
    }

    private record Reader(Map<String, String> env) {
        /** OpenCloud's "A;B;C" env precedence: the last variable that is SET wins, even when set empty. */
        String lastSet(String fallback, String... names) {
            String value = fallback;
            for (String n : names) {
                if (env.containsKey(n)) {
                    value = env.get(n);
                }
            }
            return value;
        }

        String nonEmpty(String name, String fallback) {
            String v = lastSet(fallback, name);
            if (v.isBlank()) {
                throw new IllegalArgumentException(name + " is empty: expected a claim name");
            }
            return v;
        }

        URI url(String name, String fallback) {
            String v = lastSet(fallback, name);
            try {
                URI u = new URI(v);
                if (!Set.of("http", "https").contains(String.valueOf(u.getScheme())) || u.getHost() == null) {
                    throw new IllegalArgumentException(name + "=" + v + ": expected an absolute http(s) URL");
                }
                return u;
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException(name + "=" + v + ": expected an absolute http(s) URL", e);
            }
        }

        /** Go's strconv.ParseBool spellings; anything else makes OpenCloud refuse to start. */
        boolean bool(String name, boolean fallback) {
            if (!env.containsKey(name)) {
                return fallback;
            }
            String v = env.get(name);
            return switch (v) {
                case "1", "t", "T", "TRUE", "true", "True" -> true;
                case "0", "f", "F", "FALSE", "false", "False" -> false;
                default -> throw new IllegalArgumentException(name + "=" + v + ": expected true or false");
            };
        }

        InetSocketAddress listen(String name, String fallback) {
            String v = lastSet(fallback, name);
            int colon = v.lastIndexOf(':');
            try {
                if (colon < 0) {
                    throw new NumberFormatException("no port");
                }
                int port = Integer.parseInt(v.substring(colon + 1));
                if (port < 0 || port > 65535) {
                    throw new NumberFormatException("port out of range");
                }
                String host = v.substring(0, colon);
                return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + "=" + v + ": expected host:port (port 0 = any free port)", e);
            }
        }

        Optional<Path> certFile(String name) {
            String v = env.get(name);
            if (v == null || v.isEmpty()) {
                return Optional.empty();
            }
            Path p = Path.of(v);
            if (!Files.isReadable(p)) {
                throw new IllegalArgumentException(name + "=" + v + ": expected a readable PEM file of CA certificates");
            }
            return Optional.of(p);
        }

        /** Go's ProxyFromEnvironment for https requests: HTTPS_PROXY, then https_proxy; bare host:port means http. */
        Optional<URI> proxy() {
            String name = env.containsKey("HTTPS_PROXY") ? "HTTPS_PROXY" : "https_proxy";
            String v = env.getOrDefault(name, "");
            if (v.isEmpty()) {
                return Optional.empty();
            }
            URI u = URI.create(v.contains("://") ? v : "http://" + v);
            if (!"http".equals(u.getScheme()) || u.getHost() == null || u.getPort() < 0) {
                throw new IllegalArgumentException(name + "=" + v
                        + ": expected http://host:port of an HTTP CONNECT proxy");
            }
            return Optional.of(u);
        }
    }
}
