package io.github.akoc.check;

import io.github.akoc.deployment.Deployment;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import static io.github.akoc.check.CheckTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The table in {@link Checks}' javadoc, row by row, against the crafted deployment: exactly these findings fail
 * and no other. browser.web-login is outside (the crafted session carries a fixed browser result).
 */
class MutationTableTest {
    private static final String ROOT = "https://authentik.company/.well-known/openid-configuration";
    private static final String ROLE = "https://opencloud.company/graph/v1.0/me?$expand=appRoleAssignments";
    private static final String[] ALL = {"web", "OpenCloudDesktop", "OpenCloudAndroid", "OpenCloudIOS"};

    private static Set<String> failingAfter(Deployment s, Consumer<CraftedDeployment> mutation) throws Exception {
        try (CraftedDeployment d = new CraftedDeployment(s)) {
            mutation.accept(d);
            return failing(Checks.run(d.context(d.session())));
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
        assertEquals(expect(new String[]{"jwks.single-key", "token.per-client", "opencloud.accepts-tokens"},
                        "discovery.shared-issuer/" + ROOT, "proxy.discovery-rewrite/" + ROOT, "opencloud.default-role/" + ROLE),
                failingAfter(setup("web-desktop-mobile"), d -> d.rootRewrite = false));
    }

    @Test
    void noDiscoveryRewriteInWebOnly() throws Exception {
        assertEquals(Set.of("proxy.discovery-rewrite/" + ROOT), failingAfter(setup("web-only"), d -> d.rootRewrite = false));
    }

    @Test
    void issuerUrlWithoutTrailingSlash() throws Exception {
        assertEquals(expect(new String[]{"discovery.per-client", "token.per-client", "opencloud.accepts-tokens"},
                        "discovery.shared-issuer/" + ROOT, "opencloud.default-role/" + ROLE),
                failingAfter(withEnv(setup("web-desktop-mobile"), "IDP_ISSUER_URL", "https://authentik.company"), d -> {
                }));
    }

    @Test
    void missingXForwardedProto() throws Exception {
        assertEquals(expect(new String[]{"discovery.per-client", "jwks.single-key", "token.per-client", "opencloud.accepts-tokens"},
                        "discovery.shared-issuer/" + ROOT, "proxy.discovery-rewrite/" + ROOT, "opencloud.default-role/" + ROLE),
                failingAfter(setup("web-desktop-mobile"), d -> d.forwardedProto = false));
    }

    @Test
    void noSigningKeyOnDesktop() throws Exception {
        assertEquals(Set.of("jwks.single-key/OpenCloudDesktop", "token.per-client/OpenCloudDesktop",
                "opencloud.accepts-tokens/OpenCloudDesktop"), failingAfter(setup("web-desktop-mobile"), d -> d.noSigningKey.add("OpenCloudDesktop")));
    }

    @Test
    void noSigningKeyOnTheDiscoveryClient() throws Exception {
        assertEquals(expect(new String[]{"jwks.single-key", "token.per-client", "opencloud.accepts-tokens"},
                "opencloud.default-role/" + ROLE), failingAfter(setup("web-desktop-mobile"), d -> d.noSigningKey.add("web")));
    }

    @Test
    void emptyWebClientId() throws Exception {
        assertEquals(Set.of("webfinger.platforms/web", "webfinger.web-client/web"),
                failingAfter(withEnv(setup("web-desktop-mobile"), "WEBFINGER_WEB_OIDC_CLIENT_ID", ""), d -> {
                }));
    }

    @Test
    void rolesOverlayMissing() throws Exception {
        assertEquals(Set.of("opencloud.default-role/" + ROLE), failingAfter(setup("web-desktop-mobile"), d -> d.rolesOverlay = false));
    }

    @Test
    void providerWithoutGrantTypes() throws Exception {
        assertEquals(Set.of("token.per-client/OpenCloudDesktop"),
                failingAfter(setup("web-desktop-mobile"), d -> d.noGrantTypes.add("OpenCloudDesktop")));
    }

    @Test
    void offlineAccessMissingOnANativeClient() throws Exception {
        assertEquals(Set.of("token.refresh/OpenCloudAndroid"),
                failingAfter(setup("web-desktop-mobile"), d -> d.offlineAccessGranted.remove("OpenCloudAndroid")));
    }
}
