package io.github.akoc.deployment;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The catalogue's entries as data: their version gates and what their changes do to the guide's deployment. */
class MutationTest {
    private static final List<Mutation> ALL = Mutation.load(Path.of("fixtures", "mutations.yml"));

    private static Mutation named(String name) {
        return ALL.stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aMutationAboutLaterReleasesSaysWhyItDoesNotApply() {
        Mutation grants = named("provider-without-authorization-code-grant");
        assertTrue(grants.notApplicable("2026.2.2", "9.2.0").orElseThrow().contains("authentik 2026.5+"));
        assertTrue(grants.notApplicable("2026.8.0-rc1", "7.3.0").isEmpty());
        Mutation audiences = named("audiences-without-one-client-id");
        assertTrue(audiences.notApplicable("2026.8.7", "8.0.1").orElseThrow().contains("OpenCloud 8.1+; this run uses 8.0.1"));
        assertTrue(audiences.notApplicable("2026.8.7", "8.1.0").isEmpty());
        assertTrue(audiences.notApplicable("2026.8.7", "10.0.0").isEmpty());
        assertFalse(audiences.notApplicable("2026.8.7", "latest").isEmpty(), "a tag without a release number never qualifies");
        assertTrue(named("per-provider-issuer").notApplicable("2024.8.3", "7.2.2").isEmpty());
        // the Rust server's trusted-proxy rule came with 2026.8.0: the real 2026.8.0-rc1 (Go server) believes any peer
        Mutation trusted = named("proxy-outside-trusted-cidrs");
        assertTrue(trusted.notApplicable("2026.8.0-rc1", "7.3.0").orElseThrow().contains("authentik 2026.8.0+"));
        assertTrue(trusted.notApplicable("2026.8.0", "7.3.0").isEmpty());
        assertTrue(trusted.notApplicable("2026.8.7", "8.1.0").isEmpty());
        assertTrue(trusted.notApplicable("2026.11.0", "8.1.0").isEmpty());
        assertFalse(trusted.notApplicable("2026.5.6", "8.1.0").isEmpty());
    }

    @Test
    void theAudienceMutationLeavesOutExactlyOneClientIdOfTheGuidesDeployment() {
        Deployment guide = DeploymentLoader.fromDefaultLocation().load("web-desktop-mobile");
        Deployment changed = named("audiences-without-one-client-id").applyTo(guide);
        List<String> before = List.of(guide.opencloud().env().get("PROXY_OIDC_AUDIENCES").split(","));
        List<String> after = List.of(changed.opencloud().env().get("PROXY_OIDC_AUDIENCES").split(","));
        assertEquals(guide.providers().stream().map(Provider::clientId).toList(), before);
        assertEquals(List.of("OpenCloudIOS"), before.stream().filter(id -> !after.contains(id)).toList());
        assertTrue(changed.opencloud().composeFiles().contains("custom/oidc-audiences.yml"));
    }

    @Test
    void everyMutationOfTheAudienceSetupKeepsTheOverlayExceptTheVerifyNoneWorkaround() {
        for (Mutation m : ALL) {
            if (!m.setup().equals("web-desktop-mobile") || !m.change().containsKey("composeFiles")) {
                continue;
            }
            boolean keeps = ((List<?>) m.change().get("composeFiles")).contains("custom/oidc-audiences.yml");
            assertEquals(!m.name().equals("access-token-verify-none"), keeps, m.name());
        }
    }
}
