package io.github.akoc.standin.authentik;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.akoc.stack.local.LocalServices;

/**
 * Stands in for the authentik server where its image cannot run: speaks its HTTP as ../shared/facts/authentik.md
 * describes and refuses what it refuses. Configured only from authentik's environment variables.
 */
public final class AuthentikStandIn implements LocalServices.Running {
    /** authentik's 404 page, reduced to what a reader sees: its title and "Not Found" (HTML, like the real one). */
    static final String NOT_FOUND_PAGE = "<!DOCTYPE html><html lang=\"en\"><head><title>authentik</title></head><body><main>"
            + "<h1>Not Found</h1><a href=\"/\">Go home</a></main></body></html>";

    private static final long READY_TIMEOUT_SECONDS = 180;

    private final StandInConfig config;
    private final HttpServer server;
    private final GoHttpListener listener;
    private final ExecutorService executor;
    private final ExecutorService loader;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Keys and the schema take seconds on a busy machine: they load in the background, as authentik's blueprints do. */
    private final CompletableFuture<Endpoints> endpoints;

    private record Endpoints(AdminApi admin, OidcEndpoints oidc, FlowExecutor flows, LoginPage loginPage, Sessions sessions) {
    }

    private AuthentikStandIn(StandInConfig config) throws IOException {
        this.config = config;
        this.executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "authentik-stand-in");
            t.setDaemon(true);
            return t;
        });
        // Own threads for loading, so requests waiting for it cannot starve it.
        this.loader = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "authentik-stand-in-loader");
            t.setDaemon(true);
            return t;
        });
        var keys = CompletableFuture.supplyAsync(() -> List.of(KeyPairs.generate(Directory.SELF_SIGNED, config.sha512Kids()), KeyPairs.generate(Directory.INTERNAL_JWT, config.sha512Kids())), loader);
        var schema = CompletableFuture.supplyAsync(() -> SchemaValidator.load(config.schema(), AdminApi.servedSchemaPaths()), loader);
        this.endpoints = keys.thenCombine(schema, (k, s) -> {
            Directory dir = new Directory(config, k);
            dir.bootstrapAppliedAt = System.currentTimeMillis() + config.bootstrapDelayMillis();
            dir.lateBlueprintsAppliedAt = dir.bootstrapAppliedAt + config.bootstrapDelayMillis();
            Issuers issuers = new Issuers(config);
            Sessions sessions = new Sessions(dir, issuers);
            AdminApi admin = new AdminApi(config, dir, s, issuers);
            OidcEndpoints oidc = new OidcEndpoints(dir, issuers, sessions, new Tokens(dir), admin.grantTypesHonoured(),
                    io.github.akoc.provision.AuthentikVersion.parse(config.version()).atLeast(2025, 8, 0),
                    io.github.akoc.provision.AuthentikVersion.parse(config.version()).atLeast(2026, 8, 0),
                    config.endSessionRunsFlowWithoutSession());
            return new Endpoints(admin, oidc, new FlowExecutor(dir, sessions, oidc), new LoginPage(dir), sessions);
        });
        endpoints.whenComplete((e, failure) -> {
            if (failure != null) {
                System.err.println("authentik stand-in: cannot start: " + failure.getMessage());
            }
            loader.shutdown();
        });
        this.server = HttpServer.create(GoHttpListener.loopback(), 0);
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
        server.start();
        try {
            this.listener = new GoHttpListener(config.listen(), server.getAddress());
        } catch (IOException e) {
            server.stop(0);
            executor.shutdownNow();
            loader.shutdownNow();
            throw e;
        }
    }

    /** Starts from the environment the authentik server container would get; bad input: IllegalArgumentException. */
    public static AuthentikStandIn start(Map<String, String> env) {
        StandInConfig config = StandInConfig.from(env);
        try {
            return new AuthentikStandIn(config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on AUTHENTIK_LISTEN__HTTP=" + config.listen(), e);
        }
    }

    @Override
    public int port() {
        return listener.address().getPort();
    }

    @Override
    public String version() {
        return "authentik stand-in " + config.version();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            listener.close();
            server.stop(0);
            executor.shutdownNow();
            loader.shutdownNow();
        }
    }

    private void dispatch(HttpExchange exchange) {
        Call call = new Call(exchange, listener.peerOf(exchange.getRemoteAddress()), listener.address());
        // on every answer (recorded 2026.2.2 and 2026.8.0-rc1): Django's SecurityMiddleware (Referrer-Policy, nosniff),
        // XFrameOptionsMiddleware (DENY; the flow executor says SAMEORIGIN, FlowExecutor), GZip, Locale and sessions (Vary)
        exchange.getResponseHeaders().set("Referrer-Policy", "same-origin");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("X-Frame-Options", "DENY");
        exchange.getResponseHeaders().set("Vary", "Accept-Encoding, Accept-Language, Cookie");
        try {
            route(call, call.path);
        } catch (RuntimeException e) {
            System.err.println("authentik stand-in: " + call.method + " " + call.path + " failed: " + e);
            if (call.status == 0) {
                call.json(500, Map.of("detail", "Internal error in the authentik stand-in"));
            }
        } finally {
            // Path only: the query string can carry codes and tokens.
            System.err.println(call.method + " " + call.path + " " + call.status);
            exchange.close();
        }
    }

    /**
     * core/urls.py @version/2026.2.2: "/" is login_required(RootRedirectView) → /if/user/; without a session Django's
     * login_required sends the browser to LOGIN_URL (the default authentication flow) with next.
     */
    private static void rootOrUserInterface(Call call, String path, boolean signedIn) {
        if (!signedIn) {
            call.redirect("/flows/-/default/authentication/?next=" + Call.encode(path));
        } else if (path.equals("/")) {
            call.redirect("/if/user/");
        } else {
            call.html(200, "<!DOCTYPE html><html><head><title>authentik</title></head><body><ak-interface-user></ak-interface-user></body></html>");
        }
    }

    private void route(Call call, String path) {
        if (path.equals("/-/health/live/")) {
            call.empty(200);
            return;
        }
        if (path.equals("/-/health/ready/")) {
            call.empty(endpoints.isDone() && !endpoints.isCompletedExceptionally() ? 200 : 503);
            return;
        }
        Endpoints e;
        try {
            e = endpoints.get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            call.json(503, Map.of("detail", "authentik stand-in is stopping"));
            return;
        } catch (ExecutionException | TimeoutException ex) {
            call.json(503, Map.of("detail", "authentik stand-in did not start: " + ex.getMessage()));
            return;
        }
        if (path.startsWith("/api/v3/flows/executor/") && path.endsWith("/")) {
            e.flows().handle(call, path.substring("/api/v3/flows/executor/".length(), path.length() - 1));
        } else if (path.startsWith("/api/v3/")) {
            e.admin().handle(call, path.substring("/api/v3/".length()));
        } else if (path.startsWith("/application/o/")) {
            e.oidc().handle(call, path.substring("/application/o/".length()));
        } else if (path.startsWith("/if/flow/") && path.endsWith("/") && path.length() > "/if/flow//".length()) {
            e.loginPage().handle(call, path.substring("/if/flow/".length(), path.length() - 1));
        } else if (path.equals("/") || path.equals("/if/user/")) {
            rootOrUserInterface(call, path, e.sessions().loggedIn(call).isPresent());
        } else if (path.equals("/flows/-/default/authentication/")) {
            // flows/views/interface.py ToDefaultFlow: the brand's authentication flow, with the query kept
            call.redirect("/if/flow/default-authentication-flow/" + (call.rawQuery().isEmpty() ? "" : "?" + call.rawQuery()));
        } else {
            call.html(404, NOT_FOUND_PAGE);
        }
    }
}
