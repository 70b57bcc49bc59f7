package io.github.akoc.login;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoopbackRedirectListenerTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static int get(String uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void capturesTheCodeOfAResponseCarryingTheStateSent() throws Exception {
        try (LoopbackRedirectListener l = new LoopbackRedirectListener("st-1")) {
            assertTrue(l.redirectUri().matches("http://127\\.0\\.0\\.1:\\d+/"), l.redirectUri());
            assertEquals(200, get(l.redirectUri() + "?code=abc%2F1&state=st-1"));
            LoopbackRedirectListener.Received r = l.await(Duration.ofSeconds(5));
            assertNull(r.error());
            assertEquals("abc/1", r.code());
        }
    }

    @Test
    void refusesAResponseWithAnotherState() throws Exception {
        try (LoopbackRedirectListener l = new LoopbackRedirectListener("st-1")) {
            assertEquals(400, get(l.redirectUri() + "?code=abc&state=forged"));
            LoopbackRedirectListener.Received r = l.await(Duration.ofSeconds(5));
            assertTrue(r.error().contains("state mismatch"), r.error());
        }
    }

    @Test
    void reportsAnAuthorizationErrorAndATimeout() throws Exception {
        try (LoopbackRedirectListener l = new LoopbackRedirectListener("st-1")) {
            assertEquals(400, get(l.redirectUri() + "?error=access_denied&state=st-1"));
            assertTrue(l.await(Duration.ofSeconds(5)).error().contains("access_denied"));
        }
        try (LoopbackRedirectListener l = new LoopbackRedirectListener("st-2")) {
            assertTrue(l.await(Duration.ofMillis(200)).error().contains("no authorization response"));
        }
    }
}
