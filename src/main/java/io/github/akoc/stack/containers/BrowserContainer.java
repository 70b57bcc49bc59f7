package io.github.akoc.stack.containers;

import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.RemoteWebDriver;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

import java.net.MalformedURLException;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Chromium reachable over W3C WebDriver on 4444, inside the stack's network, so it resolves the public
 * names by network alias like every other container. Works with selenium/standalone-chromium and with a bare
 * chromedriver listening on 4444.
 */
public class BrowserContainer extends GenericContainer<BrowserContainer> {
    public static final int WEBDRIVER_PORT = 4444;
    /** Flags that keep headless Chromium quiet and working as root in a container (facts: tooling.md). */
    static final List<String> BASE_FLAGS = List.of("--headless=new", "--no-sandbox", "--disable-gpu",
            "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic");

    public BrowserContainer(DockerImageName image) {
        super(image);
    }

    @Override
    protected void configure() {
        addExposedPort(WEBDRIVER_PORT);
        withSharedMemorySize(1024L * 1024 * 1024);
        waitingFor(Wait.forHttp("/status").forPort(WEBDRIVER_PORT).forStatusCode(200)
                .withStartupTimeout(Duration.ofMinutes(2)));
    }

    public URL webDriverUrl() {
        try {
            return new URL("http://" + getHost() + ":" + getMappedPort(WEBDRIVER_PORT) + "/");
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A new session. worldFlags are the world's Chromium flags; the host resolver rules among them are dropped
     * because inside the network the names resolve by alias.
     */
    public RemoteWebDriver newDriver(List<String> worldFlags, java.util.Map<String, Object> prefs) {
        List<String> args = new ArrayList<>(BASE_FLAGS);
        worldFlags.stream().filter(f -> !f.startsWith("--host-resolver-rules")).forEach(args::add);
        ChromeOptions options = new ChromeOptions();
        options.addArguments(args);
        options.setExperimentalOption("prefs", prefs);
        // the console is where the web UI writes why a login failed (e.g. WebFinger): kept for failed logins
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        return new RemoteWebDriver(webDriverUrl(), options);
    }
}
