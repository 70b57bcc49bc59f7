package io.github.akoc.stack.containers;

import io.github.akoc.setup.Setup;
import io.github.akoc.setup.SetupLoader;
import io.github.akoc.setup.Versions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.junit.jupiter.Testcontainers;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The container stack with the stand-ins packaged as an image (target/standins.jar): the exact container code
 * users run, with authentik and OpenCloud swapped for the stand-ins. The image is tagged with the version each
 * stand-in acts as, under its own name.
 */
@Testcontainers(disabledWithoutDocker = true)
class StandinsStackIT {
    static final Path JAR = Path.of(System.getProperty("standins.jar", "target/standins.jar"));

    @Test
    void standinsRunBehindTheProxies(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.isRegularFile(JAR), JAR + " is not built yet (the stand-ins are packaged by their own build step)");
        Versions defaults = Versions.fromDefaultLocation();
        String built = SelfTestImages.build("standins", "latest", Map.of("standins.jar", JAR));
        String authentikVersion = defaults.get("authentik.version");
        String opencloudVersion = defaults.get("opencloud.version");
        var docker = DockerClientFactory.instance().client();
        docker.tagImageCmd(built, "akoc-selftest/standins", authentikVersion).exec();
        docker.tagImageCmd(built, "akoc-selftest/standins", opencloudVersion).exec();

        Setup setup = SetupLoader.fromDefaultLocation().load("web-only");
        try (ContainersStack stack = ContainersStackIT.selfTestStack(setup, tmp,
                "akoc-selftest/standins:" + authentikVersion, "akoc-selftest/standins:" + opencloudVersion).start()) {
            HttpResponse<String> status = ContainersStackIT.get(stack, setup.opencloud().baseUrl() + "/status.php");
            assertEquals(200, status.statusCode(), status.body());
            var users = URI.create(setup.authentik().baseUrl() + "api/v3/core/users/");
            HttpResponse<String> withToken = stack.world().http().send(HttpRequest.newBuilder(users)
                    .header("Authorization", "Bearer " + stack.adminToken().orElseThrow()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, withToken.statusCode(), "the bootstrap token is accepted");
            HttpResponse<String> wrong = stack.world().http().send(HttpRequest.newBuilder(users)
                    .header("Authorization", "Bearer not-the-token").build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(wrong.statusCode() == 401 || wrong.statusCode() == 403, "a wrong token is refused: " + wrong.statusCode());
        }
    }
}
