package io.github.akoc.standin.authentik;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertTrue;

class GoHttpListenerTest {
    private HttpServer backend;
    private GoHttpListener listener;

    @BeforeEach
    void start() throws IOException {
        backend = HttpServer.create(GoHttpListener.loopback(), 0);
        backend.createContext("/", ex -> {
            // the caller as the stand-in sees it: the relay's connection mapped back to the client's
            byte[] body = String.valueOf(listener.peerOf(ex.getRemoteAddress()).getPort()).getBytes(StandardCharsets.US_ASCII);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        backend.start();
        listener = new GoHttpListener(GoHttpListener.loopback(), backend.getAddress());
    }

    @AfterEach
    void stop() {
        listener.close();
        backend.stop(0);
    }

    /** A TLS ClientHello's first bytes: record type 22, version, length, then binary with a line feed in it. */
    @Test
    void aTlsHandshakeOnThePlainPortIsAnsweredWithGosBadRequestAtOnce() throws IOException {
        byte[] hello = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03, 0x5a, 0x0a, 0x11, 0x22};
        String answer = exchange(hello);

        assertTrue(answer.startsWith("HTTP/1.1 400 Bad Request\r\n") && answer.endsWith("\r\n\r\n400 Bad Request"), answer);
    }

    @Test
    void aRequestIsRelayedAndItsCallerStaysKnown() throws IOException {
        try (Socket s = new Socket(listener.address().getAddress(), listener.address().getPort())) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write("GET /-/health/live/ HTTP/1.1\r\nHost: authentik.company\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);

            assertTrue(answer.startsWith("HTTP/1.1 200") && answer.endsWith("\r\n\r\n" + s.getLocalPort()), answer);
        }
    }

    @Test
    void aLineThatIsNotARequestLineIsRefusedLikewise() throws IOException {
        String answer = exchange("hello there\r\n".getBytes(StandardCharsets.US_ASCII));
        assertTrue(answer.startsWith("HTTP/1.1 400 Bad Request\r\n"), answer);
    }

    private String exchange(byte[] sent) throws IOException {
        try (Socket s = new Socket(listener.address().getAddress(), listener.address().getPort())) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(sent);
            s.getOutputStream().flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
