package io.github.akoc.world;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** authentik's throttle (429 + Retry-After) and its starting server (503 + Retry-After) are waited out, within a bound. */
class BackOffTest {
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** Answers status with Retry-After for the first n requests, then 200. */
    private URI serving(int n, int status, String retryAfter, AtomicInteger seen) throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            boolean refuse = seen.incrementAndGet() <= n;
            if (refuse && retryAfter != null) {
                ex.getResponseHeaders().set("Retry-After", retryAfter);
            }
            ex.sendResponseHeaders(refuse ? status : 200, -1);
            ex.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v3/flows/executor/x/");
    }

    private static int get(HttpClient c, URI uri) throws Exception {
        return c.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void aThrottledRequestIsRepeatedAfterRetryAfterAndCounted() throws Exception {
        AtomicInteger seen = new AtomicInteger();
        URI uri = serving(2, 429, "0", seen);
        BackOff backOff = new BackOff();
        assertEquals(200, get(backOff.around(HttpClient.newHttpClient()), uri));
        assertEquals(3, seen.get());
        assertEquals(2, backOff.tally().answers());
        assertEquals(0, backOff.tally().gaveUp());
        assertTrue(backOff.tally().describe().orElseThrow().contains("2 answers 429/503"));
    }

    @Test
    void atTheBoundTheRefusalReachesTheCallerAndIsNamed() throws Exception {
        AtomicInteger seen = new AtomicInteger();
        URI uri = serving(Integer.MAX_VALUE, 429, "1", seen);
        BackOff backOff = new BackOff(Duration.ofMillis(1500));
        assertEquals(429, get(backOff.around(HttpClient.newHttpClient()), uri));
        assertEquals(2, seen.get(), "one wait of 1 s fits the bound, a second does not");
        assertEquals(1, backOff.tally().gaveUp());
        assertTrue(backOff.tally().describe().orElseThrow().contains("1 requests still refused"));
    }

    @Test
    void onlyAnswersThatAskToWaitAreWaitedOut() {
        assertEquals(Optional.of(Duration.ofSeconds(5)), BackOff.asked(503, Optional.of("5")), "authentik 2026.8 while starting");
        assertEquals(Optional.empty(), BackOff.asked(503, Optional.empty()), "a 503 without Retry-After is an answer");
        assertEquals(Optional.of(Duration.ofSeconds(1)), BackOff.asked(429, Optional.empty()));
        assertEquals(Optional.of(BackOff.LONGEST_WAIT), BackOff.asked(429, Optional.of("3600")), "one wait is capped");
        assertEquals(Optional.empty(), BackOff.asked(401, Optional.of("5")));
        assertEquals(new BackOff.Tally(0, 0, 0).describe(), Optional.empty());
    }
}
