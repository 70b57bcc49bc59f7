package io.github.akoc.world;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.CookieHandler;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one view of the world every party shares: the public names (authentik.company, opencloud.company)
 * mapped to where they really listen, and the TLS trust of this run. The JVM's HTTP goes through
 * {@link #http()}; the browser gets the same mapping as Chromium flags.
 */
public final class World implements AutoCloseable {
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final Map<String, InetSocketAddress> names;
    private final SSLContext trust;
    private final String spkiSha256;
    private final NameMappingProxy proxy;
    private final HttpClient http;
    /** Set with -De2e.record=DIR: what the deployment answers is recorded (see {@link Recorder}). */
    private final Recorder recorder = Recorder.fromSystemProperty();
    /** Every client of this world waits out 429/503 answers the same way, counted here for the run's report. */
    private final BackOff backOff = new BackOff();

    /**
     * @param names      public name → real address; unmapped names are reached directly (external stack)
     * @param trust      what TLS trusts (the test CA, or the system's plus an operator's CA)
     * @param spkiSha256 base64 SHA-256 of the CA's public key for Chromium, or null when the system trusts it
     */
    public World(Map<String, InetSocketAddress> names, SSLContext trust, String spkiSha256) {
        this.names = Map.copyOf(names.entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue)));
        this.trust = trust;
        this.spkiSha256 = spkiSha256;
        try {
            this.proxy = this.names.isEmpty() ? null : new NameMappingProxy(this.names);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the name-mapping proxy", e);
        }
        this.http = newHttpClient(null);
    }

    /** An HTTP client that sees the public names; redirects are never followed (checks read them). */
    public HttpClient http() {
        return http;
    }

    /** A fresh client with its own cookie store, for a logged-in session. */
    public HttpClient newHttpClient(CookieHandler cookies) {
        HttpClient.Builder b = HttpClient.newBuilder()
                .sslContext(trust)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(proxySelector());
        if (cookies != null) {
            b.cookieHandler(cookies);
        }
        HttpClient client = b.build();
        // the recorder sees every answer, the waited-out ones too
        return backOff.around(recorder == null ? client : new RecordingHttpClient(client, recorder));
    }

    public BackOff backOff() {
        return backOff;
    }

    public SSLContext trust() {
        return trust;
    }

    public Map<String, InetSocketAddress> names() {
        return names;
    }

    /** The port of the CONNECT proxy (for Go programs' HTTPS_PROXY), or -1 when nothing is mapped. */
    public int proxyPort() {
        return proxy == null ? -1 : proxy.port();
    }

    /**
     * -De2e.browser.third-party-cookies=allow|block: whether the browser sends cookies in a cross-site frame, what
     * decides the web UI's silent renew (authentik's session cookie in the iframe). allow by default: what most
     * people's browsers do (Chrome kept third-party cookies on by default); block: Safari, Firefox's strict mode,
     * Chrome's incognito.
     */
    public static final String THIRD_PARTY_COOKIES = "e2e.browser.third-party-cookies";

    public static boolean thirdPartyCookiesAllowed() {
        String v = System.getProperty(THIRD_PARTY_COOKIES, "allow").strip();
        return switch (v) {
            case "allow" -> true;
            case "block" -> false;
            default -> throw new IllegalArgumentException("-D" + THIRD_PARTY_COOKIES + "=" + v + ": expected allow or block");
        };
    }

    /** What the report says of the browser beside its version. */
    public static Map<String, String> browserSettings() {
        return Map.of("browser third-party cookies", thirdPartyCookiesAllowed() ? "allowed" : "blocked");
    }

    /** Chromium preferences of this run's browser: its third-party cookie setting (0 allows them, 2 blocks them). */
    public Map<String, Object> chromiumPrefs() {
        boolean allowed = thirdPartyCookiesAllowed();
        return Map.of("profile.cookie_controls_mode", allowed ? 0 : 2, "profile.block_third_party_cookies", !allowed);
    }

    /** Chromium flags that give the browser this same view: name mapping and trust of the test CA. */
    public List<String> chromiumFlags() {
        List<String> flags = new java.util.ArrayList<>();
        if (!names.isEmpty()) {
            // "localhost" as IPv4, as the JVM reaches it: Chromium tries ::1 first, where Docker's published port (the
            // container stack's ingress) answered the TLS hello with ERR_SSL_PROTOCOL_ERROR
            flags.add("--host-resolver-rules=" + names.entrySet().stream()
                    .map(e -> "MAP " + e.getKey() + " " + ("localhost".equalsIgnoreCase(e.getValue().getHostString()) ? "127.0.0.1"
                            : e.getValue().getHostString()) + ":" + e.getValue().getPort())
                    .collect(Collectors.joining(", ")));
        }
        if (spkiSha256 != null) {
            flags.add("--ignore-certificate-errors-spki-list=" + spkiSha256);
        }
        if (!thirdPartyCookiesAllowed()) {
            // blocked as a user's setting blocks them: Chromium's phase-out, without the grants its heuristics give a site
            // the user was just redirected through (which let authentik's cookie into the iframe after the login)
            flags.add("--test-third-party-cookie-phaseout");
            flags.add("--disable-features=TpcdHeuristicsGrants");
        }
        return flags;
    }

    private ProxySelector proxySelector() {
        if (proxy == null) {
            return HttpClient.Builder.NO_PROXY;
        }
        Proxy mapped = new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", proxy.port()));
        return new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
                return names.containsKey(host) ? List.of(mapped) : List.of(Proxy.NO_PROXY);
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
                // the request itself reports the failure
            }
        };
    }

    @Override
    public void close() {
        if (proxy != null) {
            proxy.close();
        }
    }
}
