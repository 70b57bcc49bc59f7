package io.github.akoc.login;

import io.github.akoc.testing.SelfTest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.github.akoc.Fixtures;
import io.github.akoc.expectation.Names;
import io.github.akoc.deployment.Deployment;
import io.github.akoc.deployment.DeploymentLoader;
import io.github.akoc.world.TestCa;
import io.github.akoc.world.World;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebDriver;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The browser login against two scripted HTTPS sites under the public names: an "OpenCloud" that sends an
 * anonymous visitor to "authentik" and shows #signed-in-user afterwards, and an "authentik" whose login
 * page nests its inputs in shadow roots as authentik's does. Real Chromium, real TLS (test CA).
 */
@SelfTest
class BrowserLoginDriverTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String USER = "oc-e2e-user";
    private static final String PASSWORD = "pw-" + java.util.UUID.randomUUID();

    /** How the scripted sites end the login: "ok", or the failure a test asks for (see {@link #failureSigns}). */
    private static volatile String ending = "ok";
    private static HttpsServer opencloud;
    private static HttpsServer authentik;
    private static World world;
    private static Deployment setup;

    @BeforeAll
    static void sites() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER), "Chromium and chromedriver are needed");
        setup = DeploymentLoader.fromDefaultLocation().load("web-only");
        TestCa ca = TestCa.create();
        opencloud = https(ca, setup.opencloud().host());
        authentik = https(ca, setup.authentik().host());
        String ak = setup.authentik().baseUrl();
        String oc = setup.opencloud().baseUrl();
        opencloud.createContext("/", ex -> {
            String cookie = String.valueOf(ex.getRequestHeaders().getFirst("Cookie"));
            String path = ex.getRequestURI().getPath();
            if (path.equals("/callback") && !ending.equals("ok")) {
                switch (ending) {
                    case "access-denied" -> redirect(ex, oc + "/access-denied?redirectUrl=%2F");
                    case "callback-refused" -> html(ex, "<html><body><div class=\"spinner\"></div><script>"
                            + "console.warn('error during authentication:', new Error('ErrorResponse: invalid_grant'));</script></body></html>");
                    case "elsewhere" -> redirect(ex, "https://127.0.0.1:1/application/o/authorize/");
                    default -> html(ex, "<html><body>" + ending + "</body></html>");
                }
            } else if (path.equals("/access-denied")) {
                html(ex, "<html><head><title>Access denied</title></head><body><h2>Not logged in</h2><a id=\"exitAnchor\" href=\"/\">Log in again</a>"
                        + "<script>console.error(new Error('Request failed with status code 401'));</script></body></html>");
            } else if (path.equals("/") && ending.equals("csp")) {
                ex.getResponseHeaders().set("Content-Security-Policy", "connect-src 'self'");
                html(ex, "<html><body><div class=\"spinner\"></div><script>fetch('" + ak
                        + "application/o/opencloud-web/.well-known/openid-configuration').catch(() => {});</script></body></html>");
            } else if (path.equals("/") && ending.equals("cors")) {
                html(ex, "<html><body><div class=\"spinner\"></div><script>fetch('" + ak
                        + "application/o/opencloud-desktop/.well-known/openid-configuration').catch(() => {});</script></body></html>");
            } else if (path.equals("/") && ending.equals("authentik-error")) {
                redirect(ex, ak + "application/o/authorize/?client_id=web");
            } else if (path.equals("/callback")) {
                String user = LoopbackRedirectListener.query(ex.getRequestURI().getRawQuery()).get("u");
                ex.getResponseHeaders().add("Set-Cookie", "oc_user=" + user + "; Path=/; Secure");
                redirect(ex, oc + "/");
            } else if (cookie.contains("oc_user=")) {
                String user = cookie.replaceAll(".*oc_user=([^;]+).*", "$1");
                html(ex, "<html><body>Files of <span id=\"signed-in-user\">" + user + "</span></body></html>");
            } else {
                redirect(ex, ak + "if/flow/default-authentication-flow/?next=%2F");
            }
        });
        authentik.createContext("/if/flow/", ex -> html(ex, LOGIN_PAGE.replace("$OC", oc)));
        // a discovery without CORS headers for this origin, as authentik answers one of an application whose redirect URIs lack it
        authentik.createContext("/application/o/opencloud-desktop/", ex -> {
            byte[] b = "{\"issuer\":\"https://authentik.company/\"}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        });
        // authentik's bad_request_message page (if/error.html): a card and the "Go home" link
        authentik.createContext("/application/o/authorize/", ex -> html(ex, "<html><head><title>authentik</title></head><body>"
                + "<h1>Bad Request</h1><p>Redirect URI Error</p><a id=\"ak-back-home\" href=\"/\">Go home</a></body></html>"));
        authentik.createContext("/check", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> form = LoopbackRedirectListener.query(body);
            boolean ok = USER.equals(form.get("uid")) && PASSWORD.equals(form.get("password"));
            byte[] b = (ok ? "ok" : "no").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(ok ? 200 : 403, b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        });
        world = new World(Map.of(setup.opencloud().host(), opencloud.getAddress(), setup.authentik().host(), authentik.getAddress()),
                ca.sslContext(), ca.spkiSha256());
    }

    /** identification → password (each in its own shadow root) → consent → back to OpenCloud. */
    private static final String LOGIN_PAGE = """
            <html><body><ak-flow-executor></ak-flow-executor><script>
            const root = document.querySelector('ak-flow-executor').attachShadow({mode: 'open'});
            let uid = '';
            function stage(name, inner, onSubmit) {
              root.innerHTML = '';
              const s = document.createElement(name);
              root.appendChild(s);
              const sr = s.attachShadow({mode: 'open'});
              sr.innerHTML = '<form>' + inner + '</form><p id="err"></p>';
              sr.querySelector('form').addEventListener('submit', e => { e.preventDefault(); onSubmit(sr); });
            }
            function identification() {
              stage('ak-stage-identification', '<input name="uidField" type="text">', sr => {
                uid = sr.querySelector('input').value; setTimeout(password, 300); });
            }
            function password() {
              stage('ak-stage-password', '<input name="password" type="password">', sr => {
                fetch('/check', {method: 'POST', body: new URLSearchParams({uid: uid, password: sr.querySelector('input').value})})
                  .then(r => r.ok ? consent() : (sr.querySelector('#err').textContent = 'Invalid password'));
              });
            }
            function consent() {
              stage('ak-stage-consent', '<button type="submit">Continue</button>', sr => {
                location.href = '$OC/callback?u=' + encodeURIComponent(uid); });
            }
            setTimeout(identification, 300);
            </script></body></html>
            """;

    @TempDir
    static Path profiles;

    /** The browser the local stack gives the suite: the same flags, console kept. */
    private static WebDriver browser() {
        return io.github.akoc.stack.local.LocalBrowser.locate().newDriver(world.chromiumFlags(), world.chromiumPrefs(), profiles);
    }

    @Test
    void logsInThroughShadowRootsAndComesBackSignedIn(@TempDir Path artifacts) {
        WebDriver driver = browser();
        try {
            BrowserLogin login = new BrowserLoginDriver(BrowserLoginDriver.DEFAULT_TIMEOUT, SignedInIndicator.ANY)
                    .login(driver, Fixtures.fromDefaultLocation().guide().expectation(setup.name(), Names.of(setup)), USER, PASSWORD, artifacts);
            assertTrue(login.signedIn(), login.error() + " steps " + login.steps());
            assertEquals(USER, login.signedInAs());
            assertNull(login.error());
            assertEquals("https://opencloud.company/", login.finalUrl());
            assertTrue(login.steps().contains("https://authentik.company/if/flow/default-authentication-flow/"), login.steps().toString());
            assertEquals("https://opencloud.company/", login.steps().get(login.steps().size() - 1));
            assertNull(login.screenshot());
        } finally {
            driver.quit();
        }
    }

    @Test
    void aWrongPasswordEndsInAFailureWithScreenshotAndPageSource(@TempDir Path artifacts) throws IOException {
        WebDriver driver = browser();
        try {
            BrowserLogin login = new BrowserLoginDriver(Duration.ofSeconds(5), SignedInIndicator.ANY)
                    .login(driver, Fixtures.fromDefaultLocation().guide().expectation(setup.name(), Names.of(setup)), USER, "wrong", artifacts);
            assertFalse(login.signedIn());
            assertTrue(login.error().contains("waiting to be back on opencloud.company signed in (password entered)"), login.error());
            assertTrue(Files.size(login.screenshot()) > 0);
            assertTrue(Files.readString(login.pageSource()).contains("ak-flow-executor"));
            assertTrue(login.finalUrl().startsWith("https://authentik.company/"), login.finalUrl());
        } finally {
            driver.quit();
        }
    }

    /**
     * A login that has visibly failed ends as soon as the page shows it, naming what it showed, not at the timeout
     * (60 s here, far beyond what any of these takes).
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "access-denied    | OpenCloud's web UI shows its access-denied page (Not logged in Log in again)",
            "callback-refused | the web UI could not complete the sign-in after authentik",
            "elsewhere        | the browser was sent to https://127.0.0.1:1/application/o/authorize/, neither opencloud.company nor authentik.company",
            "csp              | the browser refused a request by the page's Content-Security-Policy",
            "cors             | the browser refused authentik's answer by CORS",
            "authentik-error  | an error page on authentik.company: Bad Request Redirect URI Error Go home"})
    void failureSigns(String scenario, String shown, @TempDir Path artifacts) throws IOException {
        ending = scenario;
        WebDriver driver = browser();
        try {
            BrowserLogin login = new BrowserLoginDriver(BrowserLoginDriver.DEFAULT_TIMEOUT, SignedInIndicator.ANY)
                    .login(driver, Fixtures.fromDefaultLocation().guide().expectation(setup.name(), Names.of(setup)), USER, PASSWORD, artifacts);
            assertFalse(login.signedIn());
            assertTrue(login.error().contains(shown), login.error());
            assertFalse(login.error().contains("TimeoutException"), login.error());
            assertTrue(Files.size(login.screenshot()) > 0, "the evidence is kept as before");
        } finally {
            ending = "ok";
            driver.quit();
        }
    }

    @AfterAll
    static void stop() {
        if (opencloud != null) {
            opencloud.stop(0);
        }
        if (authentik != null) {
            authentik.stop(0);
        }
        if (world != null) {
            world.close();
        }
    }

    private static HttpsServer https(TestCa ca, String host) throws Exception {
        TestCa.Issued cert = ca.issue(host);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("tls", cert.keys().getPrivate(), new char[0], new Certificate[]{cert.certificate(), ca.certificate()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.setHttpsConfigurator(new HttpsConfigurator(ctx));
        // a thread per exchange: on the server's own single thread, one of Chromium's connections waiting for its
        // request stalled every other page of the test for tens of seconds
        s.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "scripted-site");
            t.setDaemon(true);
            return t;
        }));
        s.start();
        return s;
    }

    private static void redirect(HttpExchange ex, String to) throws IOException {
        ex.getResponseHeaders().set("Location", to);
        ex.sendResponseHeaders(302, -1);
        ex.close();
    }

    private static void html(HttpExchange ex, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        ex.sendResponseHeaders(200, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }
}
