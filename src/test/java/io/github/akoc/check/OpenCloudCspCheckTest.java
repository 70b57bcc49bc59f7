package io.github.akoc.check;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static io.github.akoc.check.CheckTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

class OpenCloudCspCheckTest {
    private static final URI SELF = URI.create("https://opencloud.company");
    private CraftedDeployment d;

    @AfterEach
    void stop() {
        if (d != null) {
            d.close();
        }
    }

    private Finding check(CraftedDeployment deployment) {
        d = deployment;
        List<Finding> f = run(new OpenCloudCspCheck(), d, null);
        assertEquals(1, f.size(), f.toString());
        return f.get(0);
    }

    @Test
    void whatOpenCloud730SentWithOpencloudComposesCspPasses() throws Exception {
        Finding f = check(new CraftedDeployment(setup("web-desktop-mobile")));
        assertEquals(Finding.Status.PASS, f.status(), f.toString());
        assertTrue(f.actual().contains("https://authentik.company/"), f.actual());
    }

    @Test
    void anEmptyIdpDomainLeavesOpencloudComposesDefaultAndBlocksTheLogin() throws Exception {
        Finding f = check(new CraftedDeployment(withEnv(setup("web-only"), "IDP_DOMAIN", "")));
        assertEquals(Finding.Status.FAIL, f.status());
        assertExplained(f);
        assertTrue(f.actual().contains("connect-src blocks") && f.actual().contains("frame-src blocks"), f.actual());
        assertTrue(f.remedy().contains("IDP_DOMAIN=authentik.company"), f.remedy());
        assertTrue(f.guideStep().contains("IDP_DOMAIN=authentik.company"), f.guideStep());
    }

    @Test
    void aFrameSrcWithoutTheIdpAsInStable72BlocksOnlyTheSilentRenew() throws Exception {
        CraftedDeployment c = new CraftedDeployment(setup("web-desktop-mobile"));
        c.csp = CraftedDeployment.RECORDED_CSP.replace("https://docs.opencloud.eu https://authentik.company/;", "https://docs.opencloud.eu;");
        Finding f = check(c);
        assertEquals(Finding.Status.FAIL, f.status());
        assertTrue(f.actual().startsWith("frame-src blocks [https://authentik.company/application/o/authorize/]"), f.actual());
        assertFalse(f.actual().contains("connect-src blocks"), f.actual());
        assertTrue(f.remedy().contains("frame-src") && f.remedy().contains("PR #292"), f.remedy());
    }

    @Test
    void aSourceScopedToTheApplicationsPathBlocksTheTokenEndpoint() throws Exception {
        CraftedDeployment c = new CraftedDeployment(setup("web-only"));
        c.csp = "default-src 'none'; connect-src 'self' https://authentik.company/application/o/opencloud/; frame-src https://authentik.company/";
        Finding f = check(c);
        assertEquals(Finding.Status.FAIL, f.status());
        assertTrue(f.actual().contains("https://authentik.company/application/o/token/"), f.actual());
        assertFalse(f.actual().contains(".well-known/openid-configuration]"), "the application's discovery is under its path: " + f.actual());
        assertTrue(f.remedy().contains("whole origin 'https://authentik.company/'"), f.remedy());
    }

    @Test
    void sourcesMatchAsCspLevel3Says() {
        URI token = URI.create("https://authentik.company/application/o/token/");
        assertTrue(OpenCloudCspCheck.allows(List.of("https://authentik.company/"), token, SELF));
        assertTrue(OpenCloudCspCheck.allows(List.of("authentik.company"), token, SELF), "no scheme: the page's (https)");
        assertTrue(OpenCloudCspCheck.allows(List.of("https:"), token, SELF));
        assertTrue(OpenCloudCspCheck.allows(List.of("*.company"), token, SELF));
        assertTrue(OpenCloudCspCheck.allows(List.of("http://authentik.company"), token, SELF), "http upgrades to https");
        assertTrue(OpenCloudCspCheck.allows(List.of("https://authentik.company:443/"), token, SELF));
        assertTrue(OpenCloudCspCheck.allows(List.of("*"), token, SELF));
        assertFalse(OpenCloudCspCheck.allows(List.of("https://authentik.company:9443/"), token, SELF), "another port");
        assertFalse(OpenCloudCspCheck.allows(List.of("'self'", "blob:"), token, SELF));
        assertFalse(OpenCloudCspCheck.allows(List.of("https://auth.company/"), token, SELF));
        assertFalse(OpenCloudCspCheck.allows(List.of("*.authentik.company"), token, SELF), "a wildcard does not match the bare host");
        assertFalse(OpenCloudCspCheck.allows(List.of("https://authentik.company/application/o/token"), URI.create(
                "https://authentik.company/application/o/token/x"), SELF), "a path without a trailing slash matches exactly");
        assertTrue(OpenCloudCspCheck.allows(List.of("'self'"), URI.create("https://opencloud.company/config.json"), SELF));
    }

    @Test
    void frameSrcFallsBackToChildSrcThenDefaultSrc() {
        var p = OpenCloudCspCheck.Policy.parse("default-src 'none'; child-src https://authentik.company/");
        assertEquals(List.of("https://authentik.company/"), p.effective("frame-src"));
        assertEquals(List.of("'none'"), p.effective("connect-src"));
        assertEquals(List.of("*"), OpenCloudCspCheck.Policy.parse("img-src 'self'").effective("connect-src"), "no fallback: unrestricted");
        assertEquals(List.of("a"), OpenCloudCspCheck.Policy.parse("connect-src a; connect-src b").effective("connect-src"), "the first counts");
    }
}
