package io.github.akoc.check;

import io.github.akoc.deployment.Deployment;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import static io.github.akoc.check.CheckTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One misconfiguration at a time against the crafted deployment: exactly these findings are root failures,
 * and the ones that follow from them are DEPENDENT, blamed on a root failure. browser.web-login is outside
 * (the crafted session carries a fixed browser result).
 */
class MutationTableTest {
    private static final String ROOT = "https://authentik.company/.well-known/openid-configuration";
    private static final String ROLE = "https://opencloud.company/graph/v1.0/me?$expand=appRoleAssignments";
    private static final String RENEW = "browser.silent-renew/https://opencloud.company";
    private static final String ISSUER_REACHABLE = "opencloud.issuer-reachable/https://opencloud.company/.well-known/openid-configuration";
    private static final String[] ALL = {"web", "OpenCloudDesktop", "OpenCloudAndroid", "OpenCloudIOS"};

    private record Outcome(Set<String> roots, Set<String> dependent) {
    }

    private static Outcome after(Deployment s, Consumer<CraftedDeployment> mutation) throws Exception {
        try (CraftedDeployment d = new CraftedDeployment(s)) {
            mutation.accept(d);
            List<Finding> f = Checks.run(d.context(d.session()));
            Set<String> roots = failing(f);
            Set<String> dependent = new TreeSet<>();
            for (Finding x : f) {
                if (x.status() == Finding.Status.DEPENDENT) {
                    dependent.add(x.key());
                    assertTrue(roots.contains(x.dependsOn()), "a dependent finding is blamed on a root failure: " + x);
                }
            }
            return new Outcome(roots, dependent);
        }
    }

    private static Set<String> expect(String[] perClientChecks, String... others) {
        Set<String> out = new TreeSet<>(Set.of(others));
        for (String check : perClientChecks) {
            for (String c : ALL) {
                out.add(check + "/" + c);
            }
        }
        return out;
    }

    @Test
    void noDiscoveryRewrite() throws Exception {
        Outcome o = after(setup("web-desktop-mobile"), d -> d.rootRewrite = false);
        assertEquals(Set.of("discovery.shared-issuer/" + ROOT, "proxy.discovery-rewrite/" + ROOT), o.roots());
        assertEquals(expect(new String[]{"jwks.single-key", "token.per-client", "opencloud.accepts-tokens", "identity.same-user"},
                "opencloud.default-role/" + ROLE, ISSUER_REACHABLE, RENEW), o.dependent());
    }

    @Test
    void noDiscoveryRewriteInWebOnlyIsNoFailure() throws Exception {
        Outcome o = after(setup("web-only"), d -> d.rootRewrite = false);
        assertEquals(Set.of(), o.roots(), "web-only needs no root rewrite");
        assertEquals(Set.of(), o.dependent());
    }

    @Test
    void issuerUrlWithoutTrailingSlash() throws Exception {
        Outcome o = after(withEnv(setup("web-desktop-mobile"), "IDP_ISSUER_URL", "https://authentik.company"), d -> {
        });
        assertEquals(Set.of("discovery.shared-issuer/" + ROOT), o.roots());
        Set<String> dependent = expect(new String[]{"opencloud.accepts-tokens", "identity.same-user"},
                "opencloud.web-config/https://opencloud.company/config.json", "opencloud.default-role/" + ROLE, RENEW);
        for (String platform : List.of("web", "desktop", "android", "ios")) {
            dependent.add("webfinger.platforms/" + platform);
        }
        assertEquals(dependent, o.dependent(), "WebFinger and config.json hand out the configured issuer: they follow from it");
    }

    @Test
    void missingXForwardedProto() throws Exception {
        Outcome o = after(setup("web-desktop-mobile"), d -> d.forwardedProto = false);
        assertEquals(expect(new String[]{"discovery.per-client"}, "discovery.shared-issuer/" + ROOT, "proxy.discovery-rewrite/" + ROOT),
                o.roots());
        assertEquals(expect(new String[]{"jwks.single-key", "token.per-client", "opencloud.accepts-tokens", "identity.same-user"},
                "opencloud.default-role/" + ROLE, ISSUER_REACHABLE, RENEW), o.dependent());
    }

    @Test
    void noSigningKeyOnDesktop() throws Exception {
        Outcome o = after(setup("web-desktop-mobile"), d -> d.noSigningKey.add("OpenCloudDesktop"));
        assertEquals(Set.of("jwks.single-key/OpenCloudDesktop"), o.roots());
        assertEquals(Set.of("token.per-client/OpenCloudDesktop", "opencloud.accepts-tokens/OpenCloudDesktop",
                "identity.same-user/OpenCloudDesktop"), o.dependent());
    }

    @Test
    void noSigningKeyOnTheDiscoveryClient() throws Exception {
        Outcome o = after(setup("web-desktop-mobile"), d -> d.noSigningKey.add("web"));
        assertEquals(expect(new String[]{"jwks.single-key"}), o.roots());
        assertEquals(expect(new String[]{"token.per-client", "opencloud.accepts-tokens", "identity.same-user"}, "opencloud.default-role/" + ROLE, RENEW),
                o.dependent(), "the web UI's own token is the web provider's: nobody's identity can be compared");
    }

    @Test
    void emptyWebClientId() throws Exception {
        Outcome o = after(withEnv(setup("web-desktop-mobile"), "WEBFINGER_WEB_OIDC_CLIENT_ID", ""), d -> {
        });
        assertEquals(Set.of("webfinger.web-client/web"), o.roots());
        assertEquals(Set.of("webfinger.platforms/web"), o.dependent());
    }

    @Test
    void rolesOverlayMissing() throws Exception {
        assertEquals(Set.of("opencloud.default-role/" + ROLE), after(setup("web-desktop-mobile"), d -> d.rolesOverlay = false).roots());
    }

    @Test
    void providerWithoutGrantTypes() throws Exception {
        Outcome o = after(setup("web-desktop-mobile"), d -> d.noGrantTypes.add("OpenCloudDesktop"));
        assertEquals(Set.of("token.per-client/OpenCloudDesktop"), o.roots());
        assertEquals(Set.of("token.refresh/OpenCloudDesktop", "opencloud.accepts-tokens/OpenCloudDesktop",
                "identity.same-user/OpenCloudDesktop"), o.dependent());
    }

    @Test
    void offlineAccessMissingOnANativeClient() throws Exception {
        assertEquals(Set.of("token.refresh/OpenCloudAndroid"),
                after(setup("web-desktop-mobile"), d -> d.offlineAccessGranted.remove("OpenCloudAndroid")).roots());
    }
}
