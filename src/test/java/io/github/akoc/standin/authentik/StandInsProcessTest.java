package io.github.akoc.standin.authentik;

import io.github.akoc.testing.SelfTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** StandIns as a process (what standins.jar runs): configured by environment only, one log line per request, no secrets. */
@SelfTest
class StandInsProcessTest {
    private static ProcessBuilder standIns(String arg, Path log) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "io.github.akoc.standin.StandIns", arg)
                .redirectErrorStream(true).redirectOutput(log.toFile());
    }

    @Test
    @DisplayName("java -jar standins.jar authentik: starts from env, serves, logs method/path/status without query strings or secrets")
    void runsFromEnvironment() throws Exception {
        Path log = Files.createTempFile("authentik-stand-in", ".log");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String token = UUID.randomUUID().toString();
        String password = UUID.randomUUID().toString();
        ProcessBuilder pb = standIns("authentik", log);
        pb.environment().put("AUTHENTIK_BOOTSTRAP_TOKEN", token);
        pb.environment().put("AUTHENTIK_BOOTSTRAP_PASSWORD", password);
        pb.environment().put("AUTHENTIK_SECRET_KEY", UUID.randomUUID().toString());
        pb.environment().put("AUTHENTIK_LISTEN__HTTP", "127.0.0.1:" + port);
        pb.environment().put("STANDIN_AUTHENTIK_SCHEMA", new File(System.getProperty("authentik.schema.dir", "target/authentik-schema"),
                "schema-2026.8.3.yml").getAbsolutePath());
        Process p = pb.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + port;
            Awaitility.await("the stand-in process to answer /-/health/ready/ with 200").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                    .until(() -> http.send(HttpRequest.newBuilder(URI.create(base + "/-/health/ready/")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
            // the bootstrap token works once the (stand-in's) worker has applied it, a moment after ready
            Awaitility.await("the bootstrap token to be accepted").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                    .until(() -> http.send(HttpRequest.newBuilder(URI.create(base + "/api/v3/core/users/?username=akadmin&secret=" + password))
                            .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
            Awaitility.await("the request log line").atMost(Duration.ofSeconds(10))
                    .until(() -> Files.readString(log).contains("GET /api/v3/core/users/ 200"));
            String out = Files.readString(log);
            assertFalse(out.contains(token), "the token must never be logged");
            assertFalse(out.contains(password), "the password must never be logged");
            assertFalse(out.contains("?username="), "query strings must not be logged");
        } finally {
            p.destroy();
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "stand-in process did not stop");
        }
    }

    @Test
    @DisplayName("unknown stand-in name or missing env: usage / the variable named on stderr, exit 2")
    void refusesBadInvocation() throws IOException, InterruptedException {
        Path log = Files.createTempFile("stand-ins", ".log");
        Process unknown = standIns("keycloak", log).start();
        assertTrue(unknown.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, unknown.exitValue());
        assertTrue(Files.readString(log).contains("usage:"));
        ProcessBuilder noEnv = standIns("authentik", log);
        noEnv.environment().keySet().removeIf(k -> k.startsWith("AUTHENTIK_"));
        Process p = noEnv.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
        assertTrue(Files.readString(log).contains("AUTHENTIK_BOOTSTRAP_TOKEN"), String.join("\n", List.of(Files.readString(log))));
    }
}
