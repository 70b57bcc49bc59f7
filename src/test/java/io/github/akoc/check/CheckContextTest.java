package io.github.akoc.check;

import io.github.akoc.world.World;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpConnectTimeoutException;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckContextTest {
    /**
     * A listener that takes connections and never answers the TLS handshake (as an internal plain-HTTP address put into
     * the issuer by a proxy does): the first GET waits out the connect timeout, every later GET to that origin in the
     * same run fails at once, naming the earlier failure.
     */
    @Test
    void anOriginThatDidNotConnectIsNotWaitedForAgain() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             World world = new World(Map.of(), SSLContext.getDefault(), null)) {
            String origin = "https://127.0.0.1:" + silent.getLocalPort();
            CheckContext ctx = new CheckContext(null, null, world, null);
            UncheckedIOException first = assertThrows(UncheckedIOException.class, () -> ctx.get(origin + "/application/o/web/jwks/"));
            assertInstanceOf(HttpConnectTimeoutException.class, first.getCause());
            UncheckedIOException again = assertThrows(UncheckedIOException.class, () -> ctx.get(origin + "/application/o/ios/jwks/"));
            assertTrue(again.getMessage().contains("not tried: " + origin + " did not connect earlier in this run"), again.getMessage());
            assertInstanceOf(HttpConnectTimeoutException.class, again.getCause());
        }
    }
}
