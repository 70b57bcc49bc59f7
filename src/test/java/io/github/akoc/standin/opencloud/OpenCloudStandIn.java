package io.github.akoc.standin.opencloud;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.akoc.stack.local.LocalServices;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Stands in for the opencloud service of opencloud-compose where its image cannot run: configured only by
 * the env vars OpenCloud reads, plain HTTP on PROXY_HTTP_ADDR (TLS is the proxy's job), and refusing what
 * OpenCloud refuses. Behaviour: /work/shared/facts/opencloud.md.
 */
public final class OpenCloudStandIn implements LocalServices.Running {
    private final HttpServer server;
    private final ExecutorService executor;
    /** Without the project's fixtures (standins.jar on its own): the release the stand-in was first written against. */
    private static final String FALLBACK_VERSION = "7.3.0";
    private final AtomicBoolean closed = new AtomicBoolean();
    private final String version;

    private final IssuerHttpClient http;

    private OpenCloudStandIn(HttpServer server, ExecutorService executor, String version, IssuerHttpClient http) {
        this.server = server;
        this.executor = executor;
        this.version = version;
        this.http = http;
    }

    public static OpenCloudStandIn start(Map<String, String> environment) {
        OpenCloudEnv env = OpenCloudEnv.parse(environment);
        WebPage web = WebPage.load();
        IssuerHttpClient http = new IssuerHttpClient(env);
        IssuerDiscovery discovery = new IssuerDiscovery(env.issuer(), http);
        Authenticator auth = new Authenticator(new TokenValidator(env, discovery, http), new Accounts(env));
        Routes routes = new Routes(Csp.header(environment), web, new WebFinger(env, auth), new WebConfig(env),
                new Status(env.version()), new Graph(auth), new WellKnownRelay(env.rewriteWellKnown(), discovery));

        HttpServer server;
        try {
            server = HttpServer.create(env.listen(), 50);
        } catch (IOException e) {
            http.close();
            throw new IllegalStateException("OpenCloud stand-in cannot listen on PROXY_HTTP_ADDR " + env.listen() + ": " + e, e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "opencloud-standin");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", routes::handle);
        server.start();
        return new OpenCloudStandIn(server, executor, env.version(), http);
    }

    @Override
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public String version() {
        return "OpenCloud stand-in " + version;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.stop(0);
            executor.shutdownNow();
            http.close();
        }
    }

    /** The release imitated when STANDIN_OPENCLOUD_VERSION is not set: the default of fixtures/versions.properties. */
    static String imitatedVersion() {
        Path file = Path.of("fixtures/versions.properties");
        if (Files.isReadable(file)) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            return p.getProperty("opencloud.version", FALLBACK_VERSION);
        }
        return FALLBACK_VERSION;
    }

    /** Dispatch, error mapping and the one log line per request (method, path, status; never the query). */
    private record Routes(String csp, WebPage web, WebFinger webFinger, WebConfig webConfig, Status status, Graph graph,
                          WellKnownRelay wellKnown) {
        void handle(HttpExchange ex) throws IOException {
            String path = ex.getRequestURI().getPath();
            String note = "";
            // the proxy's security middleware sets it before any handler runs: on every answer, errors included
            ex.getResponseHeaders().set("Content-Security-Policy", csp);
            // and the other headers of that middleware (services/proxy/pkg/middleware/security.go @7.3.0, unrolled/secure;
            // recorded 2026-12-08 on every answer)
            ex.getResponseHeaders().set("Referrer-Policy", "strict-origin-when-cross-origin");
            ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            ex.getResponseHeaders().set("X-Frame-Options", "SAMEORIGIN");
            ex.getResponseHeaders().set("X-Permitted-Cross-Domain-Policies", "none");
            ex.getResponseHeaders().set("X-Robots-Tag", "none");
            ex.getResponseHeaders().set("X-XSS-Protection", "1; mode=block");
            try {
                if (!Exchanges.isGetOrHead(ex)) {
                    throw new HttpStatusException(405, "only GET is served");
                }
                // the routes behind the proxy's CORS handling answer Vary: Origin once authenticated (recorded: not on a
                // 401, not on the relayed discovery); the web service's files add Accept-Encoding
                if (!path.equals("/.well-known/openid-configuration")) {
                    ex.getResponseHeaders().set("Vary", path.equals("/config.json") || web.serves(path) ? "Origin, Accept-Encoding" : "Origin");
                }
                switch (path) {
                    case "/.well-known/webfinger" -> webFinger.handle(ex);
                    case "/.well-known/openid-configuration" -> wellKnown.handle(ex);
                    case "/config.json" -> webConfig.handle(ex);
                    case "/status.php" -> status.handle(ex);
                    case "/graph/v1.0/me" -> graph.me(ex);
                    default -> {
                        if (!web.serves(path)) {
                            throw new HttpStatusException(404, "not found");
                        }
                        web.handle(ex);
                    }
                }
            } catch (HttpStatusException e) {
                note = " (" + e.getMessage() + ")";
                if (e.status() == 401) {
                    ex.getResponseHeaders().remove("Vary");
                    // the proxy's authentication middleware @7.3.0: an empty 401 with one challenge per strategy,
                    // realm = the request's host, none for XMLHttpRequest (recorded: Bearer, then Basic)
                    if (!"XMLHttpRequest".equals(ex.getRequestHeaders().getFirst("X-Requested-With"))) {
                        String host = String.valueOf(ex.getRequestHeaders().getFirst("Host")).replaceAll(":\\d+$", "");
                        ex.getResponseHeaders().add("Www-Authenticate", "Bearer realm=\"" + host + "\", charset=\"UTF-8\"");
                        ex.getResponseHeaders().add("Www-Authenticate", "Basic realm=\"" + host + "\", charset=\"UTF-8\"");
                    }
                    ex.sendResponseHeaders(401, -1);
                } else {
                    Exchanges.error(ex, e.status(), e.getMessage());
                }
            } catch (RuntimeException e) {
                note = " (" + e + ")";
                Exchanges.error(ex, 500, "internal error");
            } finally {
                System.err.println("opencloud-standin " + ex.getRequestMethod() + " " + path + " "
                        + ex.getResponseCode() + note);
                ex.close();
            }
        }
    }
}
