package io.github.akoc.check;

import io.github.akoc.deployment.Provider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static io.github.akoc.check.CheckTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

class KeyAndTokenChecksTest {
    private CraftedDeployment d;

    @AfterEach
    void stop() {
        if (d != null) {
            d.close();
        }
    }

    private CraftedDeployment deploy(String setup) throws Exception {
        d = new CraftedDeployment(setup(setup));
        return d;
    }

    @Test
    void singleKeyPassesWhenEveryProviderSignsWithTheSameKey() throws Exception {
        deploy("web-desktop-mobile");
        List<Finding> f = run(new JwksSingleKeyCheck(), d, d.session());
        assertEquals(4, f.size());
        assertAllPass(f);
        assertTrue(only(f, "OpenCloudIOS").actual().contains(d.sharedKey.getKeyID()));
    }

    @Test
    void singleKeyFailsForTheProviderWithAnotherKey() throws Exception {
        deploy("web-desktop-mobile").signingKey.put("OpenCloudDesktop", CraftedDeployment.newKey());
        List<Finding> f = run(new JwksSingleKeyCheck(), d, d.session());
        assertEquals(Set.of("jwks.single-key/OpenCloudDesktop"), failing(f));
        assertExplained(only(f, "OpenCloudDesktop"));
        assertTrue(only(f, "OpenCloudDesktop").remedy().contains("Select the signing key 'authentik Self-signed Certificate' on provider OpenCloudDesktop"));
    }

    @Test
    void singleKeyFailsWithAnEmptyJwksWhenTheProviderHasNoSigningKey() throws Exception {
        deploy("web-desktop-mobile").noSigningKey.add("OpenCloudAndroid");
        List<Finding> f = run(new JwksSingleKeyCheck(), d, d.session());
        assertEquals(Set.of("jwks.single-key/OpenCloudAndroid"), failing(f));
        Finding a = only(f, "OpenCloudAndroid");
        assertTrue(a.actual().contains("empty") && a.actual().contains("HS256"), a.actual());
        assertTrue(a.remedy().startsWith("Select the signing key"), a.remedy());
    }

    @Test
    void singleKeyComparesKeySetsEvenWithoutAnAccount() throws Exception {
        deploy("web-desktop-mobile");
        List<Finding> f = run(new JwksSingleKeyCheck(), d, null);
        assertAllPass(f);
        assertTrue(f.get(0).actual().contains("not checked (needs an account"), f.get(0).actual());
    }

    @Test
    void tokenPerClientPassesWhenEveryIdTokenIsTheSharedIssuers() throws Exception {
        deploy("web-desktop-mobile");
        List<Finding> f = run(new TokenPerClientCheck(), d, d.session());
        assertEquals(4, f.size());
        assertAllPass(f);
    }

    @Test
    void tokenPerClientFailsOnThePerProviderIssuer() throws Exception {
        deploy("web-desktop-mobile").issuerMode.put("OpenCloudDesktop", Provider.IssuerMode.PER_PROVIDER);
        List<Finding> f = run(new TokenPerClientCheck(), d, d.session());
        assertEquals(Set.of("token.per-client/OpenCloudDesktop"), failing(f));
        Finding desk = only(f, "OpenCloudDesktop");
        assertExplained(desk);
        assertTrue(desk.actual().contains("iss is \"https://authentik.company/application/o/opencloud-desktop/\""), desk.actual());
    }

    @Test
    void tokenPerClientFailsWhenTheSignatureDoesNotVerifyWithTheSharedJwks() throws Exception {
        deploy("web-desktop-mobile").signingKey.put("OpenCloudIOS", CraftedDeployment.newKey());
        List<Finding> f = run(new TokenPerClientCheck(), d, d.session());
        assertEquals(Set.of("token.per-client/OpenCloudIOS"), failing(f));
        assertTrue(only(f, "OpenCloudIOS").actual().contains("is not in the shared JWKS"));
    }

    @Test
    void tokenPerClientFailsOnAnHs256Token() throws Exception {
        deploy("web-desktop-mobile").noSigningKey.add("OpenCloudIOS");
        Finding ios = only(run(new TokenPerClientCheck(), d, d.session()), "OpenCloudIOS");
        assertExplained(ios);
        assertTrue(ios.actual().contains("HS256"), ios.actual());
    }

    @Test
    void tokenPerClientFailsWhenTheProviderHasNoGrantTypes() throws Exception {
        deploy("web-desktop-mobile").noGrantTypes.add("OpenCloudAndroid");
        Finding a = only(run(new TokenPerClientCheck(), d, d.session()), "OpenCloudAndroid");
        assertExplained(a);
        assertTrue(a.remedy().contains("grant types"), a.remedy());
    }

    @Test
    void tokenPerClientSkipsWithoutAnAccount() throws Exception {
        deploy("web-desktop-mobile");
        List<Finding> f = run(new TokenPerClientCheck(), d, null);
        assertTrue(f.stream().allMatch(x -> x.status() == Finding.Status.SKIP
                && x.actual().equals("needs an account (--user/--password-file)")), f.toString());
    }

    @Test
    void refreshPassesWhereOfflineAccessIsGranted() throws Exception {
        deploy("web-desktop-mobile");
        List<Finding> f = run(new TokenRefreshCheck(), d, d.session());
        assertEquals(4, f.size());
        assertAllPass(f);
    }

    @Test
    void refreshFailsForTheNativeClientWhoseProviderLacksOfflineAccess() throws Exception {
        deploy("web-desktop-mobile").offlineAccessGranted.remove("OpenCloudDesktop");
        List<Finding> f = run(new TokenRefreshCheck(), d, d.session());
        assertEquals(Set.of("token.refresh/OpenCloudDesktop"), failing(f));
        assertTrue(only(f, "OpenCloudDesktop").remedy().contains("offline_access"));
    }

    @Test
    void refreshFailsWhenWebfingerAdvertisesOfflineAccessTheProviderLacks() throws Exception {
        d = new CraftedDeployment(withScopes(setup("web-desktop-mobile"), "OpenCloudIOS", List.of("openid", "profile", "email")));
        List<Finding> f = run(new TokenRefreshCheck(), d, d.session());
        assertEquals(Set.of("token.refresh/OpenCloudIOS"), failing(f));
        Finding ios = only(f, "OpenCloudIOS");
        assertTrue(ios.actual().startsWith("no refresh token (requested scopes [openid, offline_access, email, profile] built into the app"),
                ios.actual());
        assertTrue(ios.remedy().startsWith("Add the scope mapping offline_access to provider OpenCloudIOS"), ios.remedy());
        assertTrue(ios.needs().isEmpty(), "the provider is the root: " + ios);
    }

    @Test
    void refreshFailsWhenWebfingerTellsTheAppScopesWithoutOfflineAccess() throws Exception {
        d = new CraftedDeployment(withEnv(setup("web-desktop-mobile"), "WEBFINGER_ANDROID_OIDC_CLIENT_SCOPES", "openid profile email"));
        List<Finding> f = run(new TokenRefreshCheck(), d, d.session());
        Finding android = only(f, "OpenCloudAndroid");
        assertExplained(android);
        assertTrue(android.remedy().contains("WEBFINGER_ANDROID_OIDC_CLIENT_SCOPES=openid profile email offline_access"), android.remedy());
        assertEquals(List.of("webfinger.platforms/android"), android.needs());
    }

    @Test
    void refreshPassesInWebOnlyWhenNoRefreshTokenWasIssued() throws Exception {
        deploy("web-only");
        assertAllPass(run(new TokenRefreshCheck(), d, d.session()));
    }

    @Test
    void refreshFailsInWebOnlyWhenARefreshTokenIsIssuedAnyway() throws Exception {
        deploy("web-only").refreshTokenWithoutOfflineAccess = true;
        Finding f = only(run(new TokenRefreshCheck(), d, d.session()), "web");
        assertExplained(f);
        assertTrue(f.remedy().contains("authentik issued a refresh token without offline_access"), f.remedy());
    }
}
