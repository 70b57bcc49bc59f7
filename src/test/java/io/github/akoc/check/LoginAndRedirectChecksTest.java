package io.github.akoc.check;

import io.github.akoc.login.BrowserLogin;
import io.github.akoc.deployment.RedirectUri;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static io.github.akoc.check.CheckTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

class LoginAndRedirectChecksTest {
    private CraftedDeployment d;

    @AfterEach
    void stop() {
        if (d != null) {
            d.close();
        }
    }

    private CraftedDeployment deploy(String s) throws Exception {
        d = new CraftedDeployment(setup(s));
        return d;
    }

    @Test
    void webLoginPassesThroughAuthentikAndBack() throws Exception {
        deploy("web-only");
        assertAllPass(run(new BrowserWebLoginCheck(), d, d.session()));
    }

    @Test
    void webLoginFailsAndNamesTheScreenshot() throws Exception {
        deploy("web-only");
        BrowserLogin stuck = new BrowserLogin(false, "https://opencloud.company/", null, List.of("https://opencloud.company/"),
                "OIDC configuration could not be loaded via webfinger", Path.of("target/shots/web-login.png"),
                Path.of("target/shots/web-login.html"), null, null);
        Finding f = run(new BrowserWebLoginCheck(), d, d.session(stuck)).get(0);
        assertExplained(f);
        assertTrue(f.actual().contains("screenshot target/shots/web-login.png"), f.actual());
        assertTrue(f.actual().contains("never passed through authentik.company"), f.actual());
    }

    @Test
    void redirectPolicyPassesForTheGuidesRedirectUris() throws Exception {
        deploy("web-desktop-mobile");
        List<Finding> f = run(new RedirectPolicyCheck(), d, d.session());
        assertEquals(4, f.size());
        assertAllPass(f);
    }

    @Test
    void redirectPolicyFailsForATooLooseDesktopRegex() throws Exception {
        deploy("web-desktop-mobile").registered.put("OpenCloudDesktop",
                List.of(new RedirectUri(RedirectUri.MatchingMode.REGEX, "http://127.0.0.1.*"),
                        new RedirectUri(RedirectUri.MatchingMode.REGEX, "http://localhost(:[0-9]+)?(/.*)?")));
        List<Finding> f = run(new RedirectPolicyCheck(), d, d.session());
        assertEquals(Set.of("redirect.policy/OpenCloudDesktop"), failing(f));
        Finding desk = only(f, "OpenCloudDesktop");
        assertExplained(desk);
        assertTrue(desk.actual().contains("http://127.0.0.1.evil.example:53682"), desk.actual());
    }

    @Test
    void redirectPolicyFailsWhenARegisteredUriIsRefused() throws Exception {
        deploy("web-desktop-mobile").registered.put("OpenCloudAndroid",
                List.of(new RedirectUri(RedirectUri.MatchingMode.STRICT, "oc://android.opencloud.eu/")));
        List<Finding> f = run(new RedirectPolicyCheck(), d, d.session());
        assertEquals(Set.of("redirect.policy/OpenCloudAndroid"), failing(f));
    }

    @Test
    void theDesktopAppsLoopbackUriStandsForRandomPorts() {
        assertEquals(List.of("http://127.0.0.1:53682", "http://127.0.0.1:49152", "oc://ios.opencloud.eu"),
                RedirectPolicyCheck.instances(List.of("http://127.0.0.1:{port}", "oc://ios.opencloud.eu")));
    }

    @Test
    void lookAlikesAreDerivedFromTheAppsUri() {
        List<String> web = RedirectPolicyCheck.lookAlikes("https://opencloud.company/oidc-callback.html", false);
        assertTrue(web.containsAll(List.of("https://opencloud.company.evil.example/oidc-callback.html",
                "https://opencloud.company/oidc-callback.html.evil", "http://opencloud.company/oidc-callback.html",
                "javascript:alert(1)")), web.toString());
        List<String> android = RedirectPolicyCheck.lookAlikes("oc://android.opencloud.eu", false);
        assertTrue(android.contains("oc://android.opencloud.eu.evil"), android.toString());
        List<String> desktop = RedirectPolicyCheck.lookAlikes("http://127.0.0.1:53682", true);
        assertTrue(desktop.containsAll(List.of("http://127.0.0.1.evil.example:53682", "http://127.0.0.1:53682@evil.example/")),
                desktop.toString());
    }
}
