package io.github.akoc.check;

import io.github.akoc.deployment.Provider;
import io.github.akoc.deployment.Deployment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static io.github.akoc.check.CheckTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

class WebfingerAndOpenCloudChecksTest {
    private CraftedDeployment d;

    @AfterEach
    void stop() {
        if (d != null) {
            d.close();
        }
    }

    private CraftedDeployment deploy(Deployment s) throws Exception {
        d = new CraftedDeployment(s);
        return d;
    }

    @Test
    void platformsPassWhenWebfingerHandsOutTheProvidersClientIds() throws Exception {
        deploy(setup("web-desktop-mobile"));
        List<Finding> f = run(new WebfingerPlatformsCheck(), d, null);
        assertEquals(Set.of("web", "desktop", "android", "ios"), Set.copyOf(f.stream().map(Finding::subject).toList()));
        assertAllPass(f);
    }

    @Test
    void platformsFailWhenTheEnvClientIdIsNotTheProviders() throws Exception {
        deploy(withEnv(setup("web-desktop-mobile"), "WEBFINGER_DESKTOP_OIDC_CLIENT_ID", "OpenCloudDesktopApp"));
        List<Finding> f = run(new WebfingerPlatformsCheck(), d, null);
        assertEquals(Set.of("webfinger.platforms/desktop"), failing(f));
        Finding desktop = only(f, "desktop");
        assertExplained(desktop);
        assertTrue(desktop.remedy().contains("WEBFINGER_DESKTOP_OIDC_CLIENT_ID=OpenCloudDesktop"), desktop.remedy());
    }

    @Test
    void platformsFailWhenOpenCloudServesOtherScopesThanTheEnv() throws Exception {
        deploy(setup("web-desktop-mobile")).ocEnv.put("WEBFINGER_IOS_OIDC_CLIENT_SCOPES", "openid profile email");
        List<Finding> f = run(new WebfingerPlatformsCheck(), d, null);
        assertEquals(Set.of("webfinger.platforms/ios"), failing(f));
        assertTrue(only(f, "ios").actual().contains("scopes served"), only(f, "ios").actual());
    }

    @Test
    void platformsFailWhenTheIssuerLinkIsNotTheSharedIssuer() throws Exception {
        deploy(setup("web-desktop-mobile")).ocEnv.put("IDP_ISSUER_URL", "https://authentik.company/application/o/opencloud-web/");
        List<Finding> f = run(new WebfingerPlatformsCheck(), d, null);
        assertEquals(4, failing(f).size(), f.toString());
    }

    @Test
    void webClientPassesWithAClientId() throws Exception {
        deploy(setup("web-only"));
        assertAllPass(run(new WebfingerWebClientCheck(), d, null));
    }

    @Test
    void webClientFailsWhenTheWebClientIdIsEmpty() throws Exception {
        deploy(withEnv(setup("web-only"), "WEBFINGER_WEB_OIDC_CLIENT_ID", ""));
        Finding f = run(new WebfingerWebClientCheck(), d, null).get(0);
        assertExplained(f);
        assertEquals("web", f.subject());
        assertTrue(f.remedy().contains("WEBFINGER_WEB_OIDC_CLIENT_ID=web"), f.remedy());
    }

    @Test
    void webConfigPassesWithTheIssuerAndTheWebClient() throws Exception {
        deploy(setup("web-desktop-mobile"));
        assertAllPass(run(new OpenCloudWebConfigCheck(), d, null));
    }

    @Test
    void webConfigFailsWhenTheAuthorityIsNotTheSharedIssuer() throws Exception {
        deploy(setup("web-desktop-mobile")).ocEnv.put("IDP_ISSUER_URL", "https://authentik.company/application/o/opencloud-web/");
        Finding f = run(new OpenCloudWebConfigCheck(), d, null).get(0);
        assertExplained(f);
        assertTrue(f.actual().contains("authority"), f.actual());
    }

    @Test
    void acceptsTokensPassesForEveryClient() throws Exception {
        deploy(setup("web-desktop-mobile"));
        List<Finding> f = run(new OpenCloudAcceptsTokensCheck(), d, d.session());
        assertEquals(4, f.size());
        assertAllPass(f);
    }

    @Test
    void acceptsTokensFailsForTheClientWithThePerProviderIssuer() throws Exception {
        deploy(setup("web-desktop-mobile")).issuerMode.put("OpenCloudDesktop", Provider.IssuerMode.PER_PROVIDER);
        List<Finding> f = run(new OpenCloudAcceptsTokensCheck(), d, d.session());
        assertEquals(Set.of("opencloud.accepts-tokens/OpenCloudDesktop"), failing(f));
        assertTrue(only(f, "OpenCloudDesktop").actual().startsWith("401 with the token"), only(f, "OpenCloudDesktop").actual());
    }

    @Test
    void acceptsTokensFailsWhenATamperedTokenIsAccepted() throws Exception {
        deploy(setup("web-only")).ocChecksSignature = false;
        Finding f = run(new OpenCloudAcceptsTokensCheck(), d, d.session()).get(0);
        assertExplained(f);
        assertEquals("200 with the token, 200 with it tampered", f.actual());
    }

    @Test
    void tamperingChangesOnlyTheSignature() {
        String jwt = "aaa.bbb.cccAccc";
        String t = OpenCloudAcceptsTokensCheck.tamper(jwt);
        assertNotEquals(jwt, t);
        assertEquals("aaa.bbb.", t.substring(0, 8));
    }

    @Test
    void defaultRolePassesWithTheRolesOverlay() throws Exception {
        deploy(setup("web-desktop-mobile"));
        assertAllPass(run(new OpenCloudDefaultRoleCheck(), d, d.session()));
    }

    @Test
    void defaultRoleFailsWithTheOidcRoleDriver() throws Exception {
        deploy(setup("web-desktop-mobile")).rolesOverlay = false;
        Finding f = run(new OpenCloudDefaultRoleCheck(), d, d.session()).get(0);
        assertExplained(f);
        assertTrue(f.actual().startsWith("500"), f.actual());
        assertTrue(f.remedy().contains("custom/authentik-roles.yml"), f.remedy());
    }
}
