package io.github.akoc.check;

import io.github.akoc.expectation.ForeignApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static io.github.akoc.check.CheckTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/** The checks that come from field reports: what OpenCloud itself sees, the scopes apps ask, identities, foreign tokens. */
class FieldChecksTest {
    private static final String GLOBAL_PROBE = ForeignApplication.PROBES.get(0).clientId();
    private static final String OWN_ISSUER_PROBE = ForeignApplication.PROBES.get(1).clientId();
    private CraftedDeployment d;

    @AfterEach
    void stop() {
        if (d != null) {
            d.close();
        }
    }

    @Test
    void issuerReachablePassesWhenOpenCloudRelaysTheIssuersDiscovery() throws Exception {
        for (String setup : List.of("web-only", "web-desktop-mobile")) {
            try (CraftedDeployment c = new CraftedDeployment(setup(setup))) {
                assertAllPass(run(new OpenCloudIssuerReachableCheck(), c, null));
            }
        }
    }

    @Test
    void issuerReachableNamesTheNetworkWhenOpenCloudCannotFetchTheIssuer() throws Exception {
        d = new CraftedDeployment(setup("web-desktop-mobile"));
        d.ocReachesIssuer = false;
        Finding f = run(new OpenCloudIssuerReachableCheck(), d, null).get(0);
        assertExplained(f);
        assertTrue(f.actual().startsWith("500"), f.actual());
        assertTrue(f.remedy().contains("resolve") && f.remedy().contains("SSL_CERT_FILE"), f.remedy());
    }

    @Test
    void issuerReachableNamesTheRewriteWhenOpenCloudDoesNotRelay() throws Exception {
        d = new CraftedDeployment(setup("web-desktop-mobile"));
        d.rewriteWellKnown = false;
        Finding f = run(new OpenCloudIssuerReachableCheck(), d, null).get(0);
        assertExplained(f);
        assertTrue(f.remedy().contains("PROXY_OIDC_REWRITE_WELLKNOWN=true"), f.remedy());
    }

    @Test
    void issuerReachableFollowsFromAnIssuerWithoutDiscovery() throws Exception {
        d = new CraftedDeployment(setup("web-desktop-mobile"));
        d.rootRewrite = false;
        List<Finding> f = Checks.run(d.context(null));
        Finding relay = f.stream().filter(x -> x.check().equals(OpenCloudIssuerReachableCheck.ID)).findFirst().orElseThrow();
        assertEquals(Finding.Status.DEPENDENT, relay.status(), relay.toString());
        assertTrue(relay.dependsOn().startsWith(DiscoverySharedIssuerCheck.ID), relay.dependsOn());
    }

    @Test
    void nativeScopesPassForTheGuidesWebfingerAndTheBuiltInIosScopes() throws Exception {
        d = new CraftedDeployment(setup("web-desktop-mobile"));
        List<Finding> f = run(new WebfingerNativeScopesCheck(), d, null);
        assertEquals(Set.of("desktop", "android", "ios"), Set.copyOf(f.stream().map(Finding::subject).toList()), "web needs no refresh token");
        assertAllPass(f);
        assertTrue(only(f, "ios").actual().contains("built-in"), only(f, "ios").actual());
    }

    @Test
    void nativeScopesFailWhenWebfingerTellsAPlatformNoOfflineAccess() throws Exception {
        d = new CraftedDeployment(withEnv(setup("web-desktop-mobile"), "WEBFINGER_ANDROID_OIDC_CLIENT_SCOPES", "openid profile email"));
        List<Finding> f = run(new WebfingerNativeScopesCheck(), d, null);
        assertEquals(Set.of("webfinger.native-scopes/android"), failing(f));
        assertExplained(only(f, "android"));
        assertTrue(only(f, "android").remedy().contains("WEBFINGER_ANDROID_OIDC_CLIENT_SCOPES"), only(f, "android").remedy());
    }

    @Test
    void sameUserPassesWhenEveryClientMapsToTheWebUisAccount() throws Exception {
        for (String setup : List.of("web-only", "web-desktop-mobile")) {
            try (CraftedDeployment c = new CraftedDeployment(setup(setup))) {
                List<Finding> f = run(new IdentitySameUserCheck(), c, c.session());
                assertEquals(c.expectation().clients().size(), f.size());
                assertAllPass(f);
            }
        }
    }

    @Test
    void sameUserFailsForTheProviderWithAnotherSubject() throws Exception {
        d = new CraftedDeployment(setup("web-desktop-mobile"));
        d.subject.put("OpenCloudAndroid", "oc-e2e-user");
        List<Finding> f = run(new IdentitySameUserCheck(), d, d.session());
        assertEquals(Set.of("identity.same-user/OpenCloudAndroid"), failing(f));
        assertExplained(only(f, "OpenCloudAndroid"));
        assertTrue(only(f, "OpenCloudAndroid").remedy().contains("subject mode"), only(f, "OpenCloudAndroid").remedy());
    }

    @Test
    void sameUserSkipsWithoutAnAccount() throws Exception {
        d = new CraftedDeployment(setup("web-desktop-mobile"));
        List<Finding> f = run(new IdentitySameUserCheck(), d, null);
        assertTrue(f.stream().allMatch(x -> x.status() == Finding.Status.SKIP), f.toString());
    }

    @Test
    void aForeignTokenWithTheSharedIssuerIsAWarningNotAFailure() throws Exception {
        d = new CraftedDeployment(setup("web-desktop-mobile"));
        List<Finding> f = run(new OpenCloudRejectsForeignTokenCheck(), d, d.session());
        assertEquals(Finding.Status.WARN, only(f, GLOBAL_PROBE).status(), f.toString());
        assertFalse(only(f, GLOBAL_PROBE).remedy().isBlank());
        assertEquals(Finding.Status.PASS, only(f, OWN_ISSUER_PROBE).status(), f.toString());
    }

    @Test
    @org.junit.jupiter.api.DisplayName("the WARN's remedy follows the release OpenCloud reports: the audience check from 8.1.0 (PR #3466)")
    void theForeignTokenRemedyNamesTheAudienceCheckOfTheReleaseUnderTest() throws Exception {
        d = new CraftedDeployment(setup("web-desktop-mobile"));
        String old = only(run(new OpenCloudRejectsForeignTokenCheck(), d, d.session()), GLOBAL_PROBE).remedy();
        assertTrue(old.contains("7.3.0+85e63ca has no audience check") && old.contains("from 8.1.0 on"), old);
        d.openCloudRelease = "9.2.0";
        String now = only(run(new OpenCloudRejectsForeignTokenCheck(), d, d.session()), GLOBAL_PROBE).remedy();
        assertTrue(now.contains("9.2.0 has an audience check")
                && now.contains("PROXY_OIDC_AUDIENCES=web,OpenCloudDesktop,OpenCloudAndroid,OpenCloudIOS"), now);
        d.openCloudRelease = null;
        String unknown = only(run(new OpenCloudRejectsForeignTokenCheck(), d, d.session()), GLOBAL_PROBE).remedy();
        assertTrue(unknown.contains("release unknown"), unknown);
    }

    @Test
    void theAudienceCheckWithTheFourClientIdsRefusesTheForeignToken() throws Exception {
        d = new CraftedDeployment(setup("web-desktop-mobile"));
        d.openCloudRelease = "9.2.0";
        d.audiences = List.of("web", "OpenCloudDesktop", "OpenCloudAndroid", "OpenCloudIOS");
        assertAllPass(run(new OpenCloudRejectsForeignTokenCheck(), d, d.session()));
        assertAllPass(run(new OpenCloudAcceptsTokensCheck(), d, d.session()));
    }

    @Test
    @org.junit.jupiter.api.DisplayName("a client left out of PROXY_OIDC_AUDIENCES: its tokens are refused, and the remedy names the variable and the client")
    void aClientLeftOutOfTheAudiencesIsNamed() throws Exception {
        d = new CraftedDeployment(setup("web-desktop-mobile"));
        d.openCloudRelease = "8.1.0";
        d.audiences = List.of("web", "OpenCloudDesktop", "OpenCloudAndroid");
        List<Finding> f = run(new OpenCloudAcceptsTokensCheck(), d, d.session());
        assertEquals(Set.of("opencloud.accepts-tokens/OpenCloudIOS"), failing(f));
        Finding ios = only(f, "OpenCloudIOS");
        assertExplained(ios);
        assertTrue(ios.remedy().contains("add OpenCloudIOS to PROXY_OIDC_AUDIENCES") && ios.remedy().contains("[OpenCloudIOS]"), ios.remedy());
        d.openCloudRelease = "7.3.0";
        String old = only(run(new OpenCloudAcceptsTokensCheck(), d, d.session()), "OpenCloudIOS").remedy();
        assertFalse(old.contains("PROXY_OIDC_AUDIENCES"), "7.3.0 has no audience check to blame: " + old);
    }

    @Test
    void webOnlyRefusesBothForeignTokens() throws Exception {
        d = new CraftedDeployment(setup("web-only"));
        assertAllPass(run(new OpenCloudRejectsForeignTokenCheck(), d, d.session()));
    }

    @Test
    void verifyMethodNoneAcceptsTheForeignIssuersToken() throws Exception {
        d = new CraftedDeployment(setup("web-desktop-mobile"));
        d.verifyNone = true;
        List<Finding> f = run(new OpenCloudRejectsForeignTokenCheck(), d, d.session());
        assertEquals(Set.of("opencloud.rejects-foreign-token/" + OWN_ISSUER_PROBE), failing(f));
        assertTrue(only(f, OWN_ISSUER_PROBE).remedy().contains("PROXY_OIDC_ACCESS_TOKEN_VERIFY_METHOD=jwt"), only(f, OWN_ISSUER_PROBE).remedy());
    }

    @Test
    void foreignTokenSkipsWhereTheSuiteProvisionedNoProbe() throws Exception {
        d = new CraftedDeployment(setup("web-desktop-mobile"));
        var s = d.session();
        var withoutProbes = new io.github.akoc.login.Session(s.username(), s.browserLogin(), s.tokens(), s.authorizer(), null);
        List<Finding> f = run(new OpenCloudRejectsForeignTokenCheck(), d, withoutProbes);
        assertTrue(f.stream().allMatch(x -> x.status() == Finding.Status.SKIP && x.actual().contains("probe")), f.toString());
    }

    @Test
    void silentRenewPassesWhenTheRenewedTokenIsTheSameUsersAccount() throws Exception {
        for (String setup : List.of("web-only", "web-desktop-mobile")) {
            try (CraftedDeployment c = new CraftedDeployment(setup(setup))) {
                assertAllPass(run(new BrowserSilentRenewCheck(), c, c.session()));
            }
        }
    }

    @Test
    void silentRenewBlockedByTheCspFollowsFromTheCspFinding() throws Exception {
        d = new CraftedDeployment(setup("web-desktop-mobile"));
        d.silentRenew = new io.github.akoc.login.SilentRenew("https://authentik.company/", "web", null, null,
                List.of("frame-src https://authentik.company/application/o/authorize/"), "the browser blocked it (Content-Security-Policy)");
        Finding f = run(new BrowserSilentRenewCheck(), d, d.session()).get(0);
        assertExplained(f);
        assertTrue(f.needs().contains(OpenCloudCspCheck.ID), f.needs().toString());
        assertTrue(f.remedy().contains("frame-src"), f.remedy());
    }

    @Test
    void silentRenewWithoutTheSessionCookieIsAWarningAboutTheBrowser() throws Exception {
        d = new CraftedDeployment(setup("web-only"));
        d.silentRenew = new io.github.akoc.login.SilentRenew("https://authentik.company/application/o/opencloud/", "web", null, null,
                List.of(), "authorize answered error=login_required (The Authorization Server requires End-User authentication.)");
        Finding f = run(new BrowserSilentRenewCheck(), d, d.session()).get(0);
        assertEquals(Finding.Status.WARN, f.status(), f.toString());
        assertTrue(f.remedy().contains("registrable domain") && f.remedy().contains("offline_access"), f.remedy());
    }

    @Test
    void silentRenewThatNeverComesBackNamesTheFlowPage() throws Exception {
        d = new CraftedDeployment(setup("web-only"));
        d.silentRenew = new io.github.akoc.login.SilentRenew("https://authentik.company/application/o/opencloud/", "web", null, null,
                List.of(), "no answer at https://opencloud.company/oidc-silent-redirect.html within 10 s (the iframe stayed at authentik)");
        Finding f = run(new BrowserSilentRenewCheck(), d, d.session()).get(0);
        assertExplained(f);
        assertFalse(f.needs().contains(OpenCloudCspCheck.ID));
        assertTrue(f.remedy().contains("implicit-consent") && f.remedy().contains("X-Frame-Options"), f.remedy());
    }
}
