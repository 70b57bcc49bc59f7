package io.github.akoc.expectation;

import io.github.akoc.deployment.Provider;
import io.github.akoc.deployment.RedirectUri;

import java.util.List;

/**
 * An application of the same authentik that is NOT OpenCloud's: the suite's probe for opencloud.rejects-foreign-token.
 * Provisioned beside the deployment's providers on the stacks the suite provisions (never on a live deployment), with
 * the setup's signing key, so its tokens differ from OpenCloud's clients only in what OpenCloud should refuse them for.
 * One shares the global issuer (only an audience check could refuse it: OpenCloud has none up to 7.5.0), one has its
 * own issuer (a verifying OpenCloud refuses it; with PROXY_OIDC_ACCESS_TOKEN_VERIFY_METHOD=none it is accepted).
 */
public record ForeignApplication(String clientId, Provider.IssuerMode issuerMode) {
    public static final List<ForeignApplication> PROBES = List.of(
            new ForeignApplication("opencloud-e2e-foreign-global", Provider.IssuerMode.GLOBAL),
            new ForeignApplication("opencloud-e2e-foreign-own-issuer", Provider.IssuerMode.PER_PROVIDER));
    /** Never reached: the code is taken from authentik's redirect, as for the native apps. */
    public static final String REDIRECT_URI = "https://foreign.opencloud-e2e.invalid/callback";
    public static final List<String> SCOPES = List.of("openid", "profile", "email");

    /** The application's slug equals its client id. */
    public String slug() {
        return clientId;
    }

    /** As a provider of the deployment would be, signed with the setup's key (signingKey null). */
    public Provider asProvider() {
        return new Provider(clientId, clientId, slug(), Provider.ClientType.PUBLIC, issuerMode, SCOPES,
                List.of(new RedirectUri(RedirectUri.MatchingMode.STRICT, REDIRECT_URI)), null, null, null, null);
    }
}
