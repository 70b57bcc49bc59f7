package io.github.akoc.check;

import io.github.akoc.deployment.Provider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static io.github.akoc.check.CheckTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

class DiscoveryChecksTest {
    private CraftedDeployment d;

    @AfterEach
    void stop() {
        if (d != null) {
            d.close();
        }
    }

    private CraftedDeployment deploy(io.github.akoc.deployment.Deployment s) throws Exception {
        d = new CraftedDeployment(s);
        return d;
    }

    @Test
    void sharedIssuerPassesWhenTheRootDiscoveryNamesTheIssuer() throws Exception {
        deploy(setup("web-desktop-mobile"));
        List<Finding> f = run(new DiscoverySharedIssuerCheck(), d, null);
        assertAllPass(f);
        assertEquals("https://authentik.company/.well-known/openid-configuration", f.get(0).subject());
    }

    @Test
    void sharedIssuerFailsWithoutTheDiscoveryRewrite() throws Exception {
        deploy(setup("web-desktop-mobile")).rootRewrite = false;
        Finding f = run(new DiscoverySharedIssuerCheck(), d, null).get(0);
        assertExplained(f);
        assertTrue(f.actual().contains("404"), f.actual());
        assertTrue(f.remedy().contains("/application/o/opencloud-web/.well-known/openid-configuration"), f.remedy());
    }

    @Test
    void sharedIssuerFailsWhenIdpIssuerUrlLacksItsTrailingSlash() throws Exception {
        deploy(withEnv(setup("web-desktop-mobile"), "IDP_ISSUER_URL", "https://authentik.company"));
        Finding f = run(new DiscoverySharedIssuerCheck(), d, null).get(0);
        assertExplained(f);
        assertTrue(f.actual().contains("IDP_ISSUER_URL is \"https://authentik.company\""), f.actual());
        assertTrue(f.remedy().contains("IDP_ISSUER_URL=https://authentik.company/") && f.remedy().contains("trailing slash"), f.remedy());
    }

    @Test
    @org.junit.jupiter.api.DisplayName("field-failures #27: the issuer moved to WEBFINGER_OIDC_ISSUER, another one left in IDP_ISSUER_URL")
    void sharedIssuerNamesWebfingersOwnIssuerSetting() throws Exception {
        deploy(withEnv(setup("web-desktop-mobile"), "IDP_ISSUER_URL", "https://authentik.company/application/o/opencloud-web/"));
        d.ocEnv.put("WEBFINGER_OIDC_ISSUER", "https://authentik.company/");
        Finding f = run(new DiscoverySharedIssuerCheck(), d, null).get(0);
        assertExplained(f);
        assertTrue(f.actual().contains("WebFinger hands out \"https://authentik.company/\" all the same"), f.actual());
        assertTrue(f.remedy().contains("WEBFINGER_OIDC_ISSUER sets WebFinger's issuer link only")
                && f.remedy().contains("IDP_ISSUER_URL=https://authentik.company/"), f.remedy());
        d.ocEnv.remove("WEBFINGER_OIDC_ISSUER");
        Finding without = run(new DiscoverySharedIssuerCheck(), d, null).get(0);
        assertFalse(without.remedy().contains("WEBFINGER_OIDC_ISSUER"), "no WebFinger override, no word of it: " + without.remedy());
    }

    @Test
    void sharedIssuerFailsWhenXForwardedProtoDoesNotReachAuthentik() throws Exception {
        deploy(setup("web-desktop-mobile")).forwardedProto = false;
        Finding f = run(new DiscoverySharedIssuerCheck(), d, null).get(0);
        assertExplained(f);
        assertTrue(f.actual().contains("http://authentik.company/"), f.actual());
        assertTrue(f.remedy().contains("X-Forwarded-Proto"), f.remedy());
    }

    @Test
    void sharedIssuerPassesInWebOnlyWithTheApplicationIssuerEvenWithoutRewrite() throws Exception {
        deploy(setup("web-only")).rootRewrite = false;
        assertAllPass(run(new DiscoverySharedIssuerCheck(), d, null));
    }

    @Test
    void perClientPassesForEveryGlobalProvider() throws Exception {
        deploy(setup("web-desktop-mobile"));
        List<Finding> f = run(new DiscoveryPerClientCheck(), d, null);
        assertEquals(4, f.size());
        assertAllPass(f);
    }

    @Test
    void perClientPassesInWebOnlyWhereTheSharedIssuerIsTheApplications() throws Exception {
        deploy(setup("web-only"));
        assertAllPass(run(new DiscoveryPerClientCheck(), d, null));
    }

    @Test
    void perClientFailsForTheOneProviderWithPerProviderIssuer() throws Exception {
        deploy(setup("web-desktop-mobile")).issuerMode.put("OpenCloudDesktop", Provider.IssuerMode.PER_PROVIDER);
        List<Finding> f = run(new DiscoveryPerClientCheck(), d, null);
        assertEquals(Set.of("discovery.per-client/OpenCloudDesktop"), failing(f));
        Finding desktop = only(f, "OpenCloudDesktop");
        assertExplained(desktop);
        assertTrue(desktop.actual().contains("/application/o/opencloud-desktop/"), desktop.actual());
        assertTrue(desktop.remedy().contains("issuer mode of provider OpenCloudDesktop to global"), desktop.remedy());
    }

    @Test
    void proxyRewritePassesWithTheGuidesRule() throws Exception {
        deploy(setup("web-desktop-mobile"));
        assertAllPass(run(new ProxyDiscoveryRewriteCheck(), d, null));
    }

    @Test
    void proxyRewriteFailsWithoutTheRule() throws Exception {
        deploy(setup("web-desktop-mobile")).rootRewrite = false;
        Finding f = run(new ProxyDiscoveryRewriteCheck(), d, null).get(0);
        assertExplained(f);
        assertTrue(f.actual().contains("404"), f.actual());
    }

    @Test
    void proxyRewriteFailsWhenItRewritesMoreThanTheDiscoveryPath() throws Exception {
        deploy(setup("web-desktop-mobile")).rewriteAllWellKnown = true;
        Finding f = run(new ProxyDiscoveryRewriteCheck(), d, null).get(0);
        assertExplained(f);
        assertTrue(f.actual().contains("webfinger-not-there also answers with the discovery document"), f.actual());
    }

    @Test
    void proxyRewriteFailsWhenAuthentikBuildsHttpUrls() throws Exception {
        deploy(setup("web-desktop-mobile")).forwardedProto = false;
        Finding f = run(new ProxyDiscoveryRewriteCheck(), d, null).get(0);
        assertExplained(f);
        assertTrue(f.actual().contains("not https"), f.actual());
        assertTrue(f.remedy().contains("X-Forwarded-Proto"), f.remedy());
    }
}
