package io.github.akoc.login;

import io.github.akoc.expectation.Expectation;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A person's login in a real browser: open OpenCloud, get sent to authentik, enter the user name and
 * password in authentik's login page (its inputs live in shadow roots, reachable by CSS only), consent if
 * asked, and arrive back at OpenCloud signed in. Never throws: a failure is a {@link BrowserLogin} with
 * signedIn=false, the error, and a screenshot and page source for the report.
 */
public final class BrowserLoginDriver {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final Duration timeout;
    private final SignedInIndicator indicator;

    public BrowserLoginDriver() {
        this(DEFAULT_TIMEOUT, SignedInIndicator.ANY);
    }

    public BrowserLoginDriver(Duration timeout, SignedInIndicator indicator) {
        this.timeout = timeout;
        this.indicator = indicator;
    }

    /** @param artifacts where the screenshot and page source go on failure (created when needed) */
    public BrowserLogin login(WebDriver driver, Expectation setup, String username, String password, Path artifacts) {
        List<String> steps = new ArrayList<>();
        String ocHost = setup.names().opencloudHost().toLowerCase(Locale.ROOT);
        String akHost = setup.names().idpHost().toLowerCase(Locale.ROOT);
        String phase = "opening " + setup.opencloudUrl() + "/";
        java.util.concurrent.atomic.AtomicReference<String> progress = new java.util.concurrent.atomic.AtomicReference<>("at " + phase);
        try {
            driver.get(setup.opencloudUrl() + "/");
            record(driver, steps);
            phase = "waiting to be sent to authentik (" + akHost + ")";
            List<String> hosts = List.of(ocHost, akHost);
            until(driver, steps, hosts, d -> akHost.equals(host(d)));
            progress.set("on authentik");
            phase = "entering the user name in authentik's identification stage";
            WebElement uid = until(driver, steps, hosts, d -> stageInput(d, "ak-stage-identification", "input[name=uidField]"));
            uid.sendKeys(username, Keys.ENTER);
            progress.set("user name entered");
            phase = "entering the password, answering consent, and waiting to be back on " + ocHost + " signed in";
            boolean[] passwordSent = {false};
            String as = until(driver, steps, hosts, d -> {
                if (ocHost.equals(host(d))) {
                    progress.set("back on OpenCloud, not (yet) showing a signed-in user");
                    return indicator.signedInAs(d).orElse(null);
                }
                if (!passwordSent[0]) {
                    WebElement pw = stageInput(d, "ak-stage-password", "input[name=password]");
                    if (pw == null) { // releases that ask for the password on the identification stage
                        pw = stageInput(d, "ak-stage-identification", "input[name=password]");
                    }
                    if (pw != null) {
                        pw.sendKeys(password, Keys.ENTER);
                        passwordSent[0] = true;
                        progress.set("password entered");
                        return null;
                    }
                }
                WebElement consent = stageInput(d, "ak-stage-consent", "[type=submit]");
                if (consent != null) {
                    consent.click();
                    progress.set("consent given");
                }
                return null;
            });
            Renewal renewal = silentRenew(driver);
            return new BrowserLogin(true, driver.getCurrentUrl(), as, List.copyOf(steps), null, null, null, renewal.held(),
                    renewal.result());
        } catch (LoginFailedShown e) {
            return failed(driver, setup, steps, "browser login failed while " + phase + " (" + progress.get() + "): " + e.getMessage(), artifacts);
        } catch (RuntimeException e) {
            String error = "browser login failed while " + phase + " (" + progress.get() + "): " + firstLine(e);
            return failed(driver, setup, steps, error, artifacts);
        }
    }

    /** The browser console as read during the login (reading Chromium's log empties it, so it is kept here). */
    private final List<String> console = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Waits for the condition, or ends at once when the page shows that the login failed ({@link FailureSigns}). */
    private <T> T until(WebDriver driver, List<String> steps, List<String> hosts, java.util.function.Function<WebDriver, T> condition) {
        // Chromium's log can lag the page: a failure shown is reported once it has been on the page for CONSOLE_LAG, with the
        // console read meanwhile, so a refusal logged with it (CSP, CORS) names the cause the page's own error hides
        List<String> consoleSince = new ArrayList<>();
        long[] firstSeen = {0};
        boolean[] resourceLost = {false};
        return recordingUntil(driver, steps, timeout, d -> {
            List<String> fresh = readConsole(d);
            resourceLost[0] |= FailureSigns.networkChanged(fresh);
            consoleSince.addAll(fresh);
            Optional<String> shown = FailureSigns.shown(d, consoleSince, hosts);
            if (shown.isEmpty()) {
                firstSeen[0] = 0;
                consoleSince.clear();
                return condition.apply(d);
            }
            if (firstSeen[0] == 0) {
                firstSeen[0] = System.nanoTime();
            } else if (System.nanoTime() - firstSeen[0] >= CONSOLE_LAG.toNanos()) {
                throw new LoginFailedShown(shown.get());
            }
            return null;
        }, d -> {
            boolean lost = resourceLost[0];
            resourceLost[0] = false;
            return lost || FailureSigns.networkChanged(d);
        });
    }

    private static final Duration CONSOLE_LAG = Duration.ofMillis(500);

    /** A failure the page shows; not a WebDriverException, so the wait does not ignore it. */
    private static final class LoginFailedShown extends IllegalStateException {
        LoginFailedShown(String message) {
            super(message);
        }
    }

    /** Polls the condition until it holds, recording every page the browser passes through as a step. */
    private static <T> T recordingUntil(WebDriver driver, List<String> steps, Duration bound,
                                        java.util.function.Function<WebDriver, T> condition) {
        return recordingUntil(driver, steps, bound, condition, FailureSigns::networkChanged);
    }

    /** @param networkChanged whether the page was lost to a network change of this machine (worth one reload) */
    private static <T> T recordingUntil(WebDriver driver, List<String> steps, Duration bound,
                                        java.util.function.Function<WebDriver, T> condition,
                                        java.util.function.Predicate<WebDriver> networkChanged) {
        int[] reloads = {NETWORK_CHANGE_RELOADS};
        return new WebDriverWait(driver, bound, Duration.ofMillis(250))
                .ignoring(WebDriverException.class)
                .until(d -> {
                    record(d, steps);
                    if (reloads[0] > 0 && networkChanged.test(d)) {
                        reloads[0]--;
                        LOG.warn("the browser lost {} to a network change on this machine (ERR_NETWORK_CHANGED); reloading it once", d.getCurrentUrl());
                        steps.add("(reloaded after ERR_NETWORK_CHANGED)");
                        d.navigate().refresh();
                        return null;
                    }
                    return condition.apply(d);
                });
    }

    /** Reloads a wait allows after ERR_NETWORK_CHANGED before it counts as the page's error (containers started or stopped beside the run change the network more than once). */
    private static final int NETWORK_CHANGE_RELOADS = 2;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BrowserLoginDriver.class);

    /** New console entries since the last read, also kept for the failure's console log. */
    private List<String> readConsole(WebDriver d) {
        List<String> fresh = new ArrayList<>();
        try {
            for (org.openqa.selenium.logging.LogEntry e : d.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER)) {
                String line = java.time.Instant.ofEpochMilli(e.getTimestamp()) + " " + e.getLevel() + " " + e.getMessage();
                fresh.add(line);
                console.add(line);
            }
        } catch (RuntimeException ignored) {
            // a driver without the log endpoint: the page's own signs are still read
        }
        return fresh;
    }

    /** ak-flow-executor → shadow root → STAGE → shadow root → SELECTOR, or null while not rendered. */
    static WebElement stageInput(SearchContext page, String stage, String selector) {
        for (WebElement s : stages(page, stage)) {
            List<WebElement> inputs = s.getShadowRoot().findElements(By.cssSelector(selector));
            Optional<WebElement> shown = inputs.stream().filter(WebElement::isDisplayed).findFirst();
            if (shown.isPresent()) {
                return shown.get();
            }
        }
        return null;
    }

    /** The STAGE elements rendered in the flow executor's shadow root (ak-flow-executor → shadow root → STAGE). */
    private static List<WebElement> stages(SearchContext page, String stage) {
        List<WebElement> out = new ArrayList<>();
        for (WebElement executor : page.findElements(By.cssSelector("ak-flow-executor"))) {
            out.addAll(executor.getShadowRoot().findElements(By.cssSelector(stage)));
        }
        return out;
    }

    /** The browser's URL, or null when the browser is gone (the caller's error says why). */
    private static String currentUrl(WebDriver driver) {
        try {
            return driver.getCurrentUrl();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void record(WebDriver d, List<String> steps) {
        String url = d.getCurrentUrl();
        if (url == null) {
            return;
        }
        String step;
        try {
            URI u = URI.create(url);
            step = u.getHost() == null ? url : u.getScheme() + "://" + u.getAuthority() + u.getPath();
        } catch (IllegalArgumentException e) {
            step = url;
        }
        if (steps.isEmpty() || !steps.get(steps.size() - 1).equals(step)) {
            steps.add(step);
        }
    }

    private static String host(WebDriver d) {
        return FailureSigns.host(String.valueOf(d.getCurrentUrl()));
    }

    private BrowserLogin failed(WebDriver driver, Expectation setup, List<String> steps, String error, Path artifacts) {
        String url = currentUrl(driver);
        Path screenshot = null;
        Path source = null;
        try {
            Files.createDirectories(artifacts);
            Path png = artifacts.resolve("browser-login-" + setup.setup() + ".png");
            Files.write(png, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            screenshot = png;
        } catch (Exception e) {
            error += " (no screenshot: " + firstLine(e) + ")";
        }
        try {
            Path html = artifacts.resolve("browser-login-" + setup.setup() + ".html");
            Files.writeString(html, String.valueOf(driver.getPageSource()), StandardCharsets.UTF_8);
            source = html;
        } catch (Exception e) {
            error += " (no page source: " + firstLine(e) + ")";
        }
        try {
            Path console = artifacts.resolve("browser-login-" + setup.setup() + ".console.log");
            Files.writeString(console, consoleLog(driver), StandardCharsets.UTF_8);
            error += "; console log " + console;
        } catch (Exception e) {
            error += " (no console log: " + firstLine(e) + ")";
        }
        return new BrowserLogin(false, url, null, List.copyOf(steps), error, screenshot, source, null, null);
    }

    /** The browser console as Chromium kept it (goog:loggingPrefs browser=ALL), one entry a line. */
    private String consoleLog(WebDriver driver) {
        readConsole(driver);
        return console.isEmpty() ? "(the browser console is empty)\n" : String.join("\n", console) + "\n";
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return e.getClass().getSimpleName() + ": " + (nl < 0 ? m : m.substring(0, nl));
    }

    private static final String STORED_USER_JS = resource("stored-user.js");
    private static final String SILENT_RENEW_JS = STORED_USER_JS + resource("silent-renew.js");
    private static final String LOGOUT_JS = STORED_USER_JS + resource("logout.js");
    /** How long the browser may take from end-session to a page that tells where it ended. */
    static final Duration LOGOUT_TIMEOUT = Duration.ofSeconds(20);

    /**
     * Logs the signed-in web UI (the page {@link #login} left the browser on) out as the web UI does (logout.js), and
     * waits until the browser rests on a page that tells how it ended. Run after everything that uses the web UI's
     * tokens: from authentik 2026.5 end-session deletes the provider's access tokens of the session. Never throws.
     */
    public WebLogout logout(WebDriver driver, Expectation setup) {
        List<String> steps = new ArrayList<>();
        String ocHost = setup.names().opencloudHost().toLowerCase(Locale.ROOT);
        String akHost = setup.names().idpHost().toLowerCase(Locale.ROOT);
        String endSession;
        try {
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
            Object r = ((org.openqa.selenium.JavascriptExecutor) driver).executeAsyncScript(LOGOUT_JS);
            if (!(r instanceof java.util.Map<?, ?> m) || m.get("url") == null) {
                String why = r instanceof java.util.Map<?, ?> m ? str(m.get("error")) : "the logout script answered " + r;
                return new WebLogout(null, WebLogout.Ending.NO_END, driver.getCurrentUrl(), steps, why);
            }
            endSession = m.get("url").toString();
            driver.get(endSession);
        } catch (RuntimeException e) {
            return new WebLogout(null, WebLogout.Ending.NO_END, null, steps, "the logout could not start: " + firstLine(e));
        }
        String callback = setup.opencloudUrl() + "/oidc-callback.html";
        try {
            WebLogout.Ending ending = recordingUntil(driver, steps, LOGOUT_TIMEOUT, d -> {
                String host = host(d);
                if (FailureSigns.errorPage(d).isPresent()) {
                    return WebLogout.Ending.ERROR_PAGE;
                }
                if (host.equals(ocHost)) {
                    return indicator.signedInAs(d).isPresent() ? WebLogout.Ending.RETURNED_SIGNED_IN : null;
                }
                if (!host.equals(akHost)) {
                    return null;
                }
                if (stageInput(d, "ak-stage-session-end", "a") != null) {
                    return WebLogout.Ending.SESSION_END_PAGE;
                }
                if (stageInput(d, "ak-stage-identification", "input[name=uidField]") != null) {
                    // the web UI's new login carries its callback in the authorize request authentik keeps as next
                    return decoded(d.getCurrentUrl()).contains(callback) ? WebLogout.Ending.RETURNED_TO_LOGIN : WebLogout.Ending.AUTHENTIK_LOGIN;
                }
                return null;
            });
            return new WebLogout(endSession, ending, driver.getCurrentUrl(), steps, shown(driver, ending));
        } catch (RuntimeException e) {
            return new WebLogout(endSession, WebLogout.Ending.NO_END, currentUrl(driver), steps, "no page telling how the logout ended within "
                    + LOGOUT_TIMEOUT.toSeconds() + " s (" + firstLine(e) + "); the page shows: " + FailureSigns.pageText(driver));
        }
    }

    private String shown(WebDriver d, WebLogout.Ending ending) {
        return switch (ending) {
            case RETURNED_SIGNED_IN -> "signed in as " + indicator.signedInAs(d).orElse("?");
            case SESSION_END_PAGE -> FailureSigns.textOf(stageRootText(d, "ak-stage-session-end"));
            default -> FailureSigns.pageText(d);
        };
    }

    private static String stageRootText(WebDriver d, String stage) {
        return stages(d, stage).stream().findFirst().map(s -> String.valueOf(((org.openqa.selenium.JavascriptExecutor) d).executeScript(
                "const root = arguments[0].shadowRoot || arguments[0];"
                        + " return Array.from(root.querySelectorAll('p, a, button')).map(e => e.textContent.trim()).filter(t => t).join(' | ');", s)))
                .orElse("");
    }

    /** The URL with its percent-encoding undone as often as it was applied (authentik nests the authorize query in next). */
    private static String decoded(String url) {
        String now = String.valueOf(url);
        for (int i = 0; i < 3; i++) {
            String next = java.net.URLDecoder.decode(now, StandardCharsets.UTF_8);
            if (next.equals(now)) {
                break;
            }
            now = next;
        }
        return now;
    }

    /** The token the signed-in web UI held, and what renewing it gave. */
    record Renewal(String held, SilentRenew result) {
    }

    /**
     * Reads the signed-in web UI's stored user (oidc-client-ts keeps it, with its access token, in web storage) and renews
     * its token in its own page as the web UI does (see {@link SilentRenew}): one script for both.
     */
    static Renewal silentRenew(WebDriver driver) {
        try {
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
            Object r = ((org.openqa.selenium.JavascriptExecutor) driver).executeAsyncScript(SILENT_RENEW_JS);
            if (!(r instanceof java.util.Map<?, ?> m)) {
                return new Renewal(null, new SilentRenew(null, null, null, null, List.of(), "the renewal script answered " + r));
            }
            List<String> violations = new java.util.ArrayList<>();
            if (m.get("violations") instanceof List<?> l) {
                l.forEach(v -> violations.add(String.valueOf(v)));
            }
            return new Renewal(str(m.get("held")), new SilentRenew(str(m.get("authority")), str(m.get("clientId")),
                    m.get("tokenStatus") instanceof Number n ? n.intValue() : null, str(m.get("accessToken")), violations, str(m.get("error"))));
        } catch (RuntimeException e) {
            return new Renewal(null, new SilentRenew(null, null, null, null, List.of(), "the renewal script did not finish: " + firstLine(e)));
        }
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static String resource(String name) {
        try (java.io.InputStream in = BrowserLoginDriver.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing beside " + BrowserLoginDriver.class.getName());
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
