package io.github.akoc.standin.authentik;

import io.github.akoc.testing.SelfTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@SelfTest
class StartupTest {
    private static Map<String, String> env() {
        return new HashMap<>(Map.of("AUTHENTIK_BOOTSTRAP_TOKEN", "t-" + System.nanoTime(), "AUTHENTIK_BOOTSTRAP_PASSWORD", "p-" + System.nanoTime(),
                "AUTHENTIK_SECRET_KEY", "k-" + System.nanoTime(), "AUTHENTIK_LISTEN__HTTP", "127.0.0.1:0"));
    }

    @Test
    @DisplayName("starts from authentik's environment in well under 3 s and names its version")
    void startsQuickly() {
        long t0 = System.nanoTime();
        try (AuthentikStandIn s = AuthentikStandIn.start(env())) {
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 3000, "startup took " + ms + " ms");
            assertEquals("authentik stand-in 2026.8.3", s.version());
            assertTrue(s.port() > 0);
        }
    }

    @Test
    @DisplayName("refuses missing or invalid environment, naming the variable")
    void refusesBadEnvironment() {
        Map<String, String> noToken = env();
        noToken.remove("AUTHENTIK_BOOTSTRAP_TOKEN");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AuthentikStandIn.start(noToken)).getMessage()
                .contains("AUTHENTIK_BOOTSTRAP_TOKEN"));
        Map<String, String> badListen = env();
        badListen.put("AUTHENTIK_LISTEN__HTTP", "nonsense");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AuthentikStandIn.start(badListen)).getMessage()
                .contains("AUTHENTIK_LISTEN__HTTP"));
        Map<String, String> badCidr = env();
        badCidr.put("AUTHENTIK_LISTEN__TRUSTED_PROXY_CIDRS", "10.0.0.0/99");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AuthentikStandIn.start(badCidr)).getMessage()
                .contains("AUTHENTIK_LISTEN__TRUSTED_PROXY_CIDRS"));
        Map<String, String> badVersion = env();
        badVersion.put("STANDIN_AUTHENTIK_VERSION", "latest");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AuthentikStandIn.start(badVersion)).getMessage()
                .contains("STANDIN_AUTHENTIK_VERSION"));
        Map<String, String> noSchema = env();
        noSchema.put("STANDIN_AUTHENTIK_SCHEMA", "/nonexistent/schema.yml");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AuthentikStandIn.start(noSchema)).getMessage()
                .contains("STANDIN_AUTHENTIK_SCHEMA"));
    }
}
