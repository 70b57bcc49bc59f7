package io.github.akoc.stack.local;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The local Chromium through the local chromedriver. Both paths are given to Selenium explicitly, so
 * Selenium Manager never runs (it would try the network).
 */
public final class LocalBrowser {
    public static final String CHROMIUM_PROPERTY = "chromium.binary";
    public static final String CHROMEDRIVER_PROPERTY = "chromedriver.binary";
    private static final String HINT = "install them (Debian: apt-get install chromium chromium-driver) or pass -D";

    /** Flags that work headless as root in this environment (facts/tooling.md). */
    static final List<String> BASE_FLAGS = List.of("--headless=new", "--no-sandbox", "--disable-gpu",
            "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic");

    private final Path chromium;
    private final Path chromedriver;

    private LocalBrowser(Path chromium, Path chromedriver) {
        this.chromium = chromium;
        this.chromedriver = chromedriver;
    }

    /** Finds both binaries, or the one clear error naming the missing one, before anything starts. */
    public static LocalBrowser locate() {
        Path chromium = Binaries.require(CHROMIUM_PROPERTY, "/usr/bin/chromium", "chromium", HINT + CHROMIUM_PROPERTY + "=PATH");
        Path driver = Binaries.require(CHROMEDRIVER_PROPERTY, "/usr/bin/chromedriver", "chromedriver",
                HINT + CHROMEDRIVER_PROPERTY + "=PATH");
        return new LocalBrowser(chromium, driver);
    }

    public String version() {
        return Binaries.version(chromium, "--version");
    }

    /**
     * A new headless Chromium with the world's flags (name mapping, CA trust) and a fresh profile under
     * profilesDir; the caller quits it.
     */
    public WebDriver newDriver(List<String> worldFlags, java.util.Map<String, Object> prefs, Path profilesDir) {
        Path profile;
        try {
            Files.createDirectories(profilesDir);
            profile = Files.createTempDirectory(profilesDir, "chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a Chromium profile under " + profilesDir, e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments(BASE_FLAGS);
        options.addArguments("--user-data-dir=" + profile);
        options.addArguments(worldFlags);
        options.setExperimentalOption("prefs", prefs);
        // the console is where the web UI writes why a login failed (e.g. WebFinger): kept for failed logins
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .withLogFile(profilesDir.resolve(profile.getFileName() + ".chromedriver.log").toFile())
                .build();
        return new ChromeDriver(service, options);
    }
}
