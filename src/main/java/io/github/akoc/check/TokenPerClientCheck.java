package io.github.akoc.check;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import io.github.akoc.login.ClientTokens;
import io.github.akoc.login.Session;
import io.github.akoc.deployment.Provider;
import io.github.akoc.deployment.Deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code token.per-client}: for each client the code + PKCE flow on its registered redirect URI gave tokens,
 * and the id token is what OpenCloud accepts: signature verified with the SHARED JWKS (the one OpenCloud
 * reads from the shared discovery), {@code iss} equal to IDP_ISSUER_URL, {@code aud} containing the client id.
 */
public final class TokenPerClientCheck implements Check {
    public static final String ID = "token.per-client";
    static final String NEEDS_ACCOUNT = "needs an account (--user/--password-file)";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> run(CheckContext ctx) {
        Deployment s = ctx.setup();
        List<Finding> out = new ArrayList<>();
        Optional<Session> session = ctx.session();
        if (session.isEmpty()) {
            s.providers().forEach(c -> out.add(Finding.skip(ID, c.clientId(), NEEDS_ACCOUNT)));
            return out;
        }
        Observed.Read<JWKSet> shared = Observed.jwksOf(ctx, Observed.sharedDiscovery(ctx));
        for (Provider c : s.providers()) {
            String expected = "tokens via code + PKCE; id token verifies with the shared JWKS, iss == \"" + s.issuer()
                    + "\", aud contains " + c.clientId();
            Optional<ClientTokens> t = session.get().tokens(c);
            if (t.isEmpty() || !t.get().ok()) {
                String why = t.isEmpty() ? "no token request was made for " + c.clientId()
                        : "token flow failed: " + t.get().error();
                out.add(Finding.fail(ID, c.clientId(), expected, why, GuideSteps.provider(s, c),
                        why.contains("grant_type") ? "Set the grant types authorization_code and refresh_token on provider "
                                + c.clientId() + "." : "Check provider " + c.clientId()
                                + " (client type, redirect URIs, authorization flow) against the guide."));
                continue;
            }
            List<String> problems = new ArrayList<>();
            String remedy = null;
            String sig = shared.ok() ? Observed.verifySignature(t.get().idToken(), shared.value())
                    : "shared JWKS unavailable: " + shared.problem();
            if (sig != null) {
                problems.add(sig);
                remedy = shared.ok() ? "Select the signing key '" + s.authentik().signingKey() + "' on provider "
                        + c.clientId() + " (the same key as every other provider)."
                        : "Make the shared discovery available (see discovery.shared-issuer).";
            }
            JWTClaimsSet claims = Observed.claims(t.get().idToken());
            if (!s.issuer().equals(claims.getIssuer())) {
                problems.add("iss is \"" + claims.getIssuer() + "\"");
                if (remedy == null) {
                    remedy = claims.getIssuer() != null && claims.getIssuer().startsWith("http://")
                            ? "Add header_up X-Forwarded-Proto https to the proxy in front of authentik."
                            : !s.issuer().endsWith("/") && (s.issuer() + "/").equals(claims.getIssuer())
                            ? "Set IDP_ISSUER_URL=" + s.issuer() + "/ in opencloud-compose's .env (with the trailing slash)."
                            : "Set the issuer mode of provider " + c.clientId() + " to global ('Same identifier is used for all providers').";
                }
            }
            List<String> aud = claims.getAudience();
            if (aud == null || !aud.contains(c.clientId())) {
                problems.add("aud is " + aud);
                remedy = remedy != null ? remedy : "Set the client id of provider " + c.clientId() + " to " + c.clientId() + ".";
            }
            String actual = "iss \"" + claims.getIssuer() + "\", aud " + aud + ", kid " + Observed.kidOf(t.get().idToken())
                    + ", redirect " + t.get().redirectUri();
            out.add(problems.isEmpty()
                    ? Finding.pass(ID, c.clientId(), expected, actual + ", signature verified", GuideSteps.issuerMode(s))
                    : Finding.fail(ID, c.clientId(), expected, String.join("; ", problems) + " (" + actual + ")",
                    sig != null && shared.ok() ? GuideSteps.signingKey(s) : GuideSteps.issuerMode(s), remedy));
        }
        return out;
    }
}
