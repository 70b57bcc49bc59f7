package io.github.akoc.standin.authentik;

import io.github.akoc.testing.SelfTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** facts/authentik.md § Logging in (browser): authentik's shadow-DOM structure, submitted with Enter, then back to the client. */
@SelfTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginPageTest {
    private StandInHarness s;
    private WebDriver driver;

    @BeforeAll
    void start() {
        s = new StandInHarness("2026.8.3");
        ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium")
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new java.io.File("/usr/bin/chromedriver")).build();
        driver = new ChromeDriver(service, options);
    }

    @AfterAll
    void stop() {
        if (driver != null) {
            driver.quit();
        }
        s.close();
    }

    /** Waits (bounded) for a stage element inside ak-flow-executor's shadow root and returns that stage's shadow root. */
    private SearchContext stage(String component) {
        return new WebDriverWait(driver, Duration.ofSeconds(30)).withMessage("waiting for " + component + " in ak-flow-executor's shadow root")
                .ignoring(NoSuchElementException.class)
                // the executor re-renders between stages: a shadow root found a moment ago may be gone
                .ignoring(org.openqa.selenium.DetachedShadowRootException.class)
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> d.findElement(By.tagName("ak-flow-executor")).getShadowRoot()
                        .findElement(By.cssSelector(component)).getShadowRoot());
    }

    private String landing() {
        return s.base + "/landing/";
    }

    private void authorize(String flow) {
        ObjectNode req = s.providerRequest("b" + System.nanoTime(), landing());
        req.put("authorization_flow", s.flow(flow));
        JsonNode p = s.createClient("b" + System.nanoTime(), req);
        driver.manage().deleteAllCookies();
        driver.get(s.base + "/application/o/authorize/?" + StandInHarness.form(Map.of("client_id", p.get("client_id").asText(),
                "redirect_uri", landing(), "response_type", "code", "scope", "openid profile", "state", "browser")));
    }

    private void logIn(String password) {
        stage("ak-stage-identification").findElement(By.cssSelector("input[name=uidField]")).sendKeys("akadmin", Keys.ENTER);
        stage("ak-stage-password").findElement(By.cssSelector("input[name=password]")).sendKeys(password, Keys.ENTER);
    }

    private String awaitLanding() {
        return new WebDriverWait(driver, Duration.ofSeconds(30)).withMessage("waiting for the redirect to the client with a code")
                .until(d -> d.getCurrentUrl().startsWith(landing()) ? d.getCurrentUrl() : null);
    }

    @Test
    @DisplayName("facts/authentik.md § Logging in: ak-flow-executor > ak-stage-identification > input[name=uidField], then ak-stage-password, Enter submits, code comes back")
    void implicitConsentLogin() {
        authorize("default-provider-authorization-implicit-consent");
        logIn(s.password);
        String url = awaitLanding();
        assertTrue(StandInHarness.query(url).get("code").length() > 10, url);
        assertEquals("browser", StandInHarness.query(url).get("state"));
    }

    @Test
    @DisplayName("facts/authentik.md § Logging in: explicit consent shows ak-stage-consent whose [type=submit] continues")
    void explicitConsentLogin() {
        authorize("default-provider-authorization-explicit-consent");
        logIn(s.password);
        new WebDriverWait(driver, Duration.ofSeconds(30)).withMessage("clicking the consent stage's submit")
                .ignoring(NoSuchElementException.class)
                .ignoring(org.openqa.selenium.DetachedShadowRootException.class)
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> {
                    stage("ak-stage-consent").findElement(By.cssSelector("[type=submit]")).click();
                    return true;
                });
        assertTrue(StandInHarness.query(awaitLanding()).containsKey("code"));
    }

    @Test
    @DisplayName("facts/authentik.md § Logging in: a wrong password keeps the browser on the password stage with an error")
    void wrongPasswordStays() {
        authorize("default-provider-authorization-implicit-consent");
        logIn("wrong-password");
        // the stage renders again with the error: a root found just before is detached, so look again
        WebElement error = new WebDriverWait(driver, Duration.ofSeconds(30)).withMessage("waiting for the password error")
                .ignoring(NoSuchElementException.class)
                .ignoring(org.openqa.selenium.DetachedShadowRootException.class)
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> stage("ak-stage-password").findElement(By.cssSelector(".error")));
        assertTrue(error.getText().contains("Invalid password"));
        assertTrue(driver.getCurrentUrl().contains("/if/flow/default-authentication-flow/"));
    }
}
