package io.github.akoc.check;

import io.github.akoc.expectation.Expectation;
import io.github.akoc.login.Session;
import io.github.akoc.deployment.Deployment;
import io.github.akoc.world.Http;
import io.github.akoc.world.HttpResult;
import io.github.akoc.world.World;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the checks see: the expectation (what must hold: the guide's requirements and the real clients), the
 * deployment (what is configured, for where things are and for remedies only), the world (reached by the
 * public names), and, when the run has an account, the session (browser login and tokens). GETs are cached per URL so that
 * several checks reading the same discovery document see the same answer and cost one request.
 */
public final class CheckContext {
    private final Deployment deployment;
    private final Expectation expectation;
    private final World world;
    private final Session session;
    /** One answer per question for the whole run; checks run side by side, so the second asker waits for the first's. */
    private final Map<String, java.util.concurrent.CompletableFuture<HttpResult>> cache = new ConcurrentHashMap<>();
    /** Origins whose connect timed out in this run, with that failure: asked again, they fail at once instead of after another timeout. */
    private final Map<String, java.io.UncheckedIOException> unreachable = new ConcurrentHashMap<>();

    public CheckContext(Deployment deployment, Expectation expectation, World world, Session session) {
        this.deployment = deployment;
        this.expectation = expectation;
        this.world = world;
        this.session = session;
    }

    /** What is configured: where things are, and what a remedy names. Never what must hold. */
    public Deployment deployment() {
        return deployment;
    }

    public Expectation expectation() {
        return expectation;
    }

    public World world() {
        return world;
    }

    /** Empty when the run has no account (external stack without credentials): checks needing it SKIP. */
    public Optional<Session> session() {
        return Optional.ofNullable(session);
    }

    /** A cached GET through the world's name mapping; redirects are not followed. */
    public HttpResult get(String url) {
        return cached(url, () -> fetch(url, Map.of()));
    }

    /**
     * A GET with a bearer token, cached per URL and token like {@link #get(String)}: several checks ask OpenCloud about the
     * same token (opencloud.accepts-tokens, identity.same-user, browser.silent-renew) and see one answer.
     */
    public HttpResult getWithBearer(String url, String token) {
        return cached(url + "\nBearer " + token, () -> fetch(url, Map.of("Authorization", "Bearer " + token)));
    }

    /** A failed question is not kept: the next asker tries again (only a connect timeout is remembered, per origin). */
    private HttpResult cached(String key, java.util.function.Supplier<HttpResult> fetch) {
        var mine = new java.util.concurrent.CompletableFuture<HttpResult>();
        var theirs = cache.putIfAbsent(key, mine);
        if (theirs != null) {
            try {
                return theirs.join();
            } catch (java.util.concurrent.CompletionException e) {
                return cached(key, fetch);
            }
        }
        try {
            HttpResult r = fetch.get();
            mine.complete(r);
            return r;
        } catch (RuntimeException e) {
            cache.remove(key, mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    /** An uncached GET with headers (probes). */
    public HttpResult get(String url, Map<String, String> headers) {
        return fetch(url, headers);
    }

    /**
     * A host that does not complete a connection (a proxy that put an internal address into the issuer, a firewall)
     * costs the connect timeout once per run, not once per check and client.
     */
    private HttpResult fetch(String url, Map<String, String> headers) {
        String origin = origin(url);
        java.io.UncheckedIOException earlier = unreachable.get(origin);
        if (earlier != null) {
            throw new java.io.UncheckedIOException("GET " + url + " not tried: " + origin + " did not connect earlier in this run ("
                    + earlier.getMessage() + ")", earlier.getCause());
        }
        try {
            return Http.get(world.http(), url, headers);
        } catch (java.io.UncheckedIOException e) {
            if (e.getCause() instanceof java.net.http.HttpConnectTimeoutException) {
                unreachable.putIfAbsent(origin, e);
            }
            throw e;
        }
    }

    private static String origin(String url) {
        java.net.URI u = java.net.URI.create(url);
        return u.getScheme() + "://" + u.getAuthority();
    }
}
