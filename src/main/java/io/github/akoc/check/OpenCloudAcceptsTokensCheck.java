package io.github.akoc.check;

import io.github.akoc.expectation.Expectation;
import io.github.akoc.expectation.ExpectedClient;
import io.github.akoc.login.ClientTokens;
import io.github.akoc.world.HttpResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code opencloud.accepts-tokens}: OpenCloud's Graph /me answers 200 to each client's access token and 401
 * to the same token with one signature character changed, so a 200 proves the token was checked (by its
 * signature with the default verify method jwt, or by authentik's userinfo with verify method none). A 500 is
 * reported with the roles overlay as the likely cause (the oidc role driver fails without a roles claim; 403 from
 * OpenCloud 9.1.0, #3894). A
 * token that token.per-client already refused makes a refusal here a consequence, not a second root failure.
 */
public final class OpenCloudAcceptsTokensCheck implements Check {
    public static final String ID = "opencloud.accepts-tokens";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> run(CheckContext ctx) {
        Expectation e = ctx.expectation();
        String me = Observed.graphMe(e);
        List<Finding> out = new ArrayList<>();
        for (ExpectedClient c : e.clients()) {
            Observed.Read<ClientTokens> t = Observed.tokens(ctx, c, "no access token for " + c.clientId());
            if (!t.ok()) {
                out.add(Finding.skip(ID, c.clientId(), t.problem()).needing(Observed.tokensKey(c)));
                continue;
            }
            String token = t.value().accessToken();
            String expected = "GET " + me + ": 200 with the access token of " + c.clientId() + ", 401 with it tampered";
            HttpResult good = ctx.getWithBearer(me, token);
            HttpResult bad = ctx.getWithBearer(me, tamper(token));
            String actual = good.status() + " with the token, " + bad.status() + " with it tampered";
            if (good.status() == 200 && bad.status() == 401) {
                out.add(Finding.pass(ID, c.clientId(), expected, actual, GuideSteps.issuerMode(e)));
                continue;
            }
            String remedy;
            String step;
            Optional<String> audience = good.status() == 401 ? refusedByAudience(ctx, token) : Optional.empty();
            if (good.status() == 500 || (good.status() == 403 && OpenCloudRelease.observe(ctx).map(OpenCloudRelease::answers403WithoutRoles).orElse(false))) {
                remedy = "Add custom/authentik-roles.yml to COMPOSE_FILE (PROXY_ROLE_ASSIGNMENT_DRIVER=default): "
                        + "the oidc role driver fails without a roles claim.";
                step = GuideSteps.rolesOverlay(e);
            } else if (audience.isPresent()) {
                remedy = audience.get() + ": add " + c.clientId() + " to PROXY_OIDC_AUDIENCES (every client id "
                        + "whose tokens OpenCloud must take: " + OpenCloudRelease.audiencesFor(e)
                        + "), or leave the variable empty to turn the check off.";
                step = GuideSteps.issuerMode(e);
            } else if (good.status() != 200) {
                remedy = "Make the token's issuer and signing key the shared ones: issuer mode as the guide says and the signing key '"
                        + ctx.deployment().authentik().signingKey() + "' on provider " + c.clientId() + ", IDP_ISSUER_URL=" + e.issuer()
                        + " (see discovery.* and token.per-client); OpenCloud keeps the discovery and keys it read until restarted.";
                step = GuideSteps.issuerMode(e);
            } else {
                remedy = "OpenCloud accepted a token with a broken signature: run OpenCloud with its own token "
                        + "validation (PROXY_OIDC_ACCESS_TOKEN_VERIFY_METHOD=jwt, no proxy that authenticates on its behalf).";
                step = GuideSteps.verifiedLogin(e);
            }
            Finding f = Finding.fail(ID, c.clientId(), expected, actual + (good.status() != 200 ? ": " + brief(good.body()) : ""),
                    step, remedy).needing(Observed.tokensKey(c), DiscoverySharedIssuerCheck.ID);
            // an OpenCloud that answers but cannot fetch the issuer's discovery and keys refuses every token: reported
            // there; an OpenCloud that does not answer at all (502 from its ingress) is this finding's own failure
            out.add(good.status() == 401 ? f.needing(OpenCloudIssuerReachableCheck.ID) : f);
        }
        return out;
    }

    /**
     * Why OpenCloud refused a token that it should take by issuer and key (iss is the expected issuer, the signature
     * verifies with the shared JWKS) while it reaches the issuer (its relayed discovery answers): on a release with the
     * audience check that leaves its audience, named here.
     */
    static Optional<String> refusedByAudience(CheckContext ctx, String token) {
        Optional<OpenCloudRelease> release = OpenCloudRelease.observe(ctx);
        if (release.isEmpty() || !release.get().hasAudienceCheck()
                || ctx.get(ctx.expectation().opencloudUrl() + "/.well-known/openid-configuration").status() != 200) {
            return Optional.empty();
        }
        Observed.Read<com.nimbusds.jose.jwk.JWKSet> keys = Observed.jwksOf(ctx, Observed.sharedDiscovery(ctx));
        try {
            var claims = Observed.claims(token);
            if (!keys.ok() || !ctx.expectation().issuer().equals(claims.getIssuer()) || Observed.verifySignature(token, keys.value()) != null) {
                return Optional.empty();
            }
            return Optional.of("OpenCloud " + release.get().text() + " refused a token with the expected issuer and a "
                    + "signature of the shared key, which its audience check does when PROXY_OIDC_AUDIENCES does not list the "
                    + "token's aud " + claims.getAudience());
        } catch (IllegalArgumentException notAJwt) {
            return Optional.empty();
        }
    }

    /** The same JWT with one character in the middle of its signature changed. */
    static String tamper(String jwt) {
        int sig = jwt.lastIndexOf('.') + 1;
        int i = sig + (jwt.length() - sig) / 2;
        char ch = jwt.charAt(i);
        return jwt.substring(0, i) + (ch == 'A' ? 'B' : 'A') + jwt.substring(i + 1);
    }

    static String brief(String body) {
        String b = body == null ? "" : body.strip();
        return b.length() > 160 ? b.substring(0, 160) + "…" : b;
    }
}
