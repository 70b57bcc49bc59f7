package io.github.akoc.world;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The browser reaches the public names where the JVM does. */
class ChromiumNameMappingTest {
    @Test
    void localhostIsMappedAsIpv4LoopbackAsTheJvmReachesIt() {
        try (World world = new World(Map.of("opencloud.company", InetSocketAddress.createUnresolved("localhost", 32818),
                "authentik.company", InetSocketAddress.createUnresolved("10.0.0.5", 443)), TestCa.create().sslContext(), null)) {
            String rules = world.chromiumFlags().stream().filter(f -> f.startsWith("--host-resolver-rules=")).findFirst().orElseThrow();
            assertTrue(rules.contains("MAP opencloud.company 127.0.0.1:32818"), rules);
            assertTrue(rules.contains("MAP authentik.company 10.0.0.5:443"), rules);
        }
    }
}
