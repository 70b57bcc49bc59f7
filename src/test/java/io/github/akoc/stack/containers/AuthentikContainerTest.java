package io.github.akoc.stack.containers;

import org.junit.jupiter.api.Test;
import org.testcontainers.utility.DockerImageName;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The environment authentik gets per release (facts: authentik.md, Running it); no engine needed. */
class AuthentikContainerTest {
    static Map<String, String> env(String version, AuthentikContainer.Role role, boolean redis) {
        AuthentikContainer c = new AuthentikContainer(DockerImageName.parse("example/authentik:" + version), role)
                .withSecretKey("s").withPostgres("db", "n", "u", "p").withBootstrap("t", "pw", "a@example.com");
        if (redis) {
            c.withRedis("redis");
        }
        c.configure();
        return c.getEnvMap();
    }

    @Test
    void currentReleaseListensOnIpv4AndHasNoRedis() {
        Map<String, String> env = env("2026.8.3", AuthentikContainer.Role.SERVER, false);
        assertEquals("0.0.0.0:9000", env.get("AUTHENTIK_LISTEN__HTTP"));
        assertFalse(env.containsKey("AUTHENTIK_REDIS__HOST"));
        assertEquals("t", env.get("AUTHENTIK_BOOTSTRAP_TOKEN"));
        assertEquals("false", env.get("AUTHENTIK_ERROR_REPORTING__ENABLED"));
        assertEquals("db", env.get("AUTHENTIK_POSTGRESQL__HOST"));
    }

    @Test
    void olderReleasesNeedRedisAndKeepTheirListenDefault() {
        assertTrue(AuthentikContainer.needsRedis("2025.8.4"));
        assertFalse(AuthentikContainer.needsRedis("2025.10"));
        Map<String, String> env = env("2025.8.4", AuthentikContainer.Role.WORKER, true);
        assertEquals("redis", env.get("AUTHENTIK_REDIS__HOST"));
        assertFalse(env.containsKey("AUTHENTIK_LISTEN__HTTP"));
        assertFalse(env("2026.2.1", AuthentikContainer.Role.SERVER, false).containsKey("AUTHENTIK_LISTEN__HTTP"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> env("2025.8.4", AuthentikContainer.Role.SERVER, false));
        assertTrue(e.getMessage().contains("Redis"), e.getMessage());
    }

    @Test
    void aVersionThatIsNotYearMonthIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AuthentikContainer.needsRedis("latest"));
        assertTrue(e.getMessage().contains("'latest'"), e.getMessage());
    }

    @Test
    void everyListenerIsIpv4FromTheReleaseThatListensOnIpv6() {
        Map<String, String> server = env("2026.5.6", AuthentikContainer.Role.SERVER, false);
        assertEquals("0.0.0.0:9000", server.get("AUTHENTIK_LISTEN__HTTP"));
        assertEquals("0.0.0.0:9300", server.get("AUTHENTIK_LISTEN__METRICS"));
        assertEquals("0.0.0.0:9443", server.get("AUTHENTIK_LISTEN__HTTPS"));
        Map<String, String> worker = env("2026.5.6", AuthentikContainer.Role.WORKER, false);
        assertEquals("0.0.0.0:9300", worker.get("AUTHENTIK_LISTEN__METRICS"));
        assertFalse(worker.containsKey("AUTHENTIK_LISTEN__HTTPS"), "the worker opens no https listener");
    }

    @Test
    void aPreReleaseVersionIsAccepted() {
        assertFalse(AuthentikContainer.needsRedis("2026.8.0-rc5"));
        assertEquals("0.0.0.0:9443", env("2026.8.0-rc5", AuthentikContainer.Role.SERVER, false).get("AUTHENTIK_LISTEN__HTTPS"));
    }

    @Test
    void aNetworkOutsideAuthentiksTrustedProxiesIsAddedToThem() {
        assertTrue(ContainersStack.insideDefaults("172.18.0.0/16"));
        assertTrue(ContainersStack.insideDefaults("192.168.80.0/20"));
        assertTrue(ContainersStack.insideDefaults("10.201.0.0/24"));
        assertFalse(ContainersStack.insideDefaults("172.50.0.0/16"), "the subnet of authentik #25607");
        assertFalse(ContainersStack.insideDefaults("fd00:1::/64"));
        AuthentikContainer c = new AuthentikContainer(DockerImageName.parse("example/authentik:2026.8.3"), AuthentikContainer.Role.SERVER)
                .withSecretKey("s").withPostgres("db", "n", "u", "p")
                .withTrustedProxyCidrs(ContainersStack.DEFAULT_TRUSTED_PROXIES + ",172.50.0.0/16");
        c.configure();
        assertTrue(c.getEnvMap().get("AUTHENTIK_LISTEN__TRUSTED_PROXY_CIDRS").endsWith(",172.50.0.0/16"));
    }
}
