package io.github.akoc.check;

import io.github.akoc.deployment.Provider;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static io.github.akoc.check.CheckTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

class ChecksTest {
    @Test
    void catalogueHasTheStableIdsInDesignOrder() {
        assertEquals(List.of("discovery.shared-issuer", "discovery.per-client", "jwks.single-key", "token.per-client",
                "token.refresh", "webfinger.platforms", "webfinger.web-client", "webfinger.native-scopes", "opencloud.web-config",
                "opencloud.issuer-reachable", "opencloud.csp", "opencloud.accepts-tokens", "opencloud.rejects-foreign-token",
                "identity.same-user", "opencloud.default-role", "browser.web-login", "browser.silent-renew", "redirect.policy",
                "proxy.discovery-rewrite", "logout.web"), Checks.all().stream().map(Check::id).toList());
    }

    @Test
    void aCheckThatThrowsBecomesAFailFindingWithTheMessage() throws Exception {
        try (CraftedDeployment d = new CraftedDeployment(setup("web-only"))) {
            Check broken = new Check() {
                public String id() {
                    return "test.throws";
                }

                public List<Finding> run(CheckContext context) {
                    throw new IllegalStateException("discovery answered garbage");
                }
            };
            List<Finding> f = Checks.run(List.of(broken, new WebfingerWebClientCheck()), d.context(null));
            assertEquals(2, f.size());
            assertEquals(Finding.Status.FAIL, f.get(0).status());
            assertTrue(f.get(0).actual().contains("discovery answered garbage"), f.get(0).actual());
            assertEquals(Finding.Status.PASS, f.get(1).status());
        }
    }

    @Test
    void theGuidesSetupsPassEveryCheck() throws Exception {
        for (String name : List.of("web-only", "web-desktop-mobile")) {
            try (CraftedDeployment d = new CraftedDeployment(setup(name))) {
                List<Finding> f = Checks.run(d.context(d.session()));
                assertEquals(Set.of(), failing(f), name);
                // A crafted deployment has no browser to log out: logout.web's verdicts are LogoutWebCheckTest's.
                assertTrue(f.stream().noneMatch(x -> x.status() == Finding.Status.SKIP && !x.check().equals(LogoutWebCheck.ID)),
                        name + ": " + f);
            }
        }
    }

    @Test
    void perProviderIssuerOnDesktopFailsExactlyTheDesktopFindingsOfTheTable() throws Exception {
        try (CraftedDeployment d = new CraftedDeployment(setup("web-desktop-mobile"))) {
            d.issuerMode.put("OpenCloudDesktop", Provider.IssuerMode.PER_PROVIDER);
            List<Finding> f = Checks.run(d.context(d.session()));
            assertEquals(Set.of("discovery.per-client/OpenCloudDesktop", "token.per-client/OpenCloudDesktop"), failing(f));
            Finding accepts = only(f.stream().filter(x -> x.check().equals("opencloud.accepts-tokens")).toList(), "OpenCloudDesktop");
            assertEquals(Finding.Status.DEPENDENT, accepts.status());
            assertEquals("token.per-client/OpenCloudDesktop", accepts.dependsOn());
        }
    }

    @Test
    void anotherSigningKeyOnDesktopFailsExactlyTheDesktopFindingsOfTheTable() throws Exception {
        try (CraftedDeployment d = new CraftedDeployment(setup("web-desktop-mobile"))) {
            d.signingKey.put("OpenCloudDesktop", CraftedDeployment.newKey());
            List<Finding> f = Checks.run(d.context(d.session()));
            assertEquals(Set.of("jwks.single-key/OpenCloudDesktop"), failing(f));
            assertEquals(Set.of("token.per-client/OpenCloudDesktop", "opencloud.accepts-tokens/OpenCloudDesktop",
                            "identity.same-user/OpenCloudDesktop"),
                    f.stream().filter(x -> x.status() == Finding.Status.DEPENDENT).map(Finding::key).collect(java.util.stream.Collectors.toSet()));
        }
    }

    @Test
    void wrongWebfingerClientIdFailsOnlyThatPlatform() throws Exception {
        try (CraftedDeployment d = new CraftedDeployment(withEnv(setup("web-desktop-mobile"),
                "WEBFINGER_ANDROID_OIDC_CLIENT_ID", "OpenCloudAndroidApp"))) {
            assertEquals(Set.of("webfinger.platforms/android"), failing(Checks.run(d.context(d.session()))));
        }
    }
}
