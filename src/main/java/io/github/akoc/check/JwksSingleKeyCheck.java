package io.github.akoc.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWKSet;
import io.github.akoc.expectation.Expectation;
import io.github.akoc.expectation.ExpectedClient;
import io.github.akoc.login.ClientTokens;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code jwks.single-key}: per client, the key set at the client's own jwks_uri (from its per-application
 * discovery) is the key set of the shared discovery's jwks_uri (same kids, same key material by RFC 7638
 * thumbprint), it is not empty, and the kid of the client's id token is in the shared set. OpenCloud only
 * ever reads the shared jwks_uri, so a client signing with another key is rejected there. Without a
 * session the kid part is not checked and the finding says so.
 */
public final class JwksSingleKeyCheck implements Check {
    public static final String ID = "jwks.single-key";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> run(CheckContext ctx) {
        Expectation e = ctx.expectation();
        Observed.Read<JWKSet> shared = Observed.jwksOf(ctx, Observed.sharedDiscovery(ctx));
        Map<String, String> sharedPrints = shared.ok() ? Observed.fingerprints(shared.value()) : Map.of();
        String key = ctx.deployment().authentik().signingKey();
        List<Finding> out = new ArrayList<>();
        for (ExpectedClient c : e.clients()) {
            Observed.Read<JsonNode> d = Observed.discovery(ctx, Observed.clientDiscoveryUrl(ctx, c));
            Observed.Read<JWKSet> own = Observed.jwksOf(ctx, d);
            String expected = "jwks_uri of " + c.clientId() + " serves the shared JWKS "
                    + (shared.ok() ? Observed.kids(shared.value()) : "(unavailable)")
                    + " with the same key material; the id token's kid is in the shared JWKS";
            List<String> problems = new ArrayList<>();
            List<String> needs = new ArrayList<>();
            String remedy = null;
            String selectKey = "Select the signing key '" + key + "' on provider " + c.clientId()
                    + " (the same key on every provider).";
            if (!own.ok()) {
                problems.add("own JWKS: " + own.problem());
                remedy = "Fix the discovery of application " + e.names().slug(c.platform()) + " (see discovery.per-client).";
                needs.add(DiscoveryPerClientCheck.ID + "/" + c.clientId());
            } else if (own.value().getKeys().isEmpty()) {
                problems.add("own JWKS at " + d.value().path("jwks_uri").asText() + " is empty: the provider has no signing key and signs with HS256");
                remedy = selectKey;
            }
            if (!shared.ok()) {
                problems.add("shared JWKS: " + shared.problem());
                remedy = remedy != null ? remedy : "Make the shared discovery available (see discovery.shared-issuer).";
                needs.add(DiscoverySharedIssuerCheck.ID);
            } else if (sharedPrints.isEmpty()) {
                problems.add("shared JWKS is empty: the provider whose discovery the proxy serves has no signing key");
                remedy = remedy != null ? remedy : "Select the signing key '" + key + "' on the provider whose discovery the proxy serves.";
            }
            if (own.ok() && shared.ok() && !own.value().getKeys().isEmpty() && !sharedPrints.isEmpty()) {
                Map<String, String> ownPrints = Observed.fingerprints(own.value());
                if (!ownPrints.equals(sharedPrints)) {
                    problems.add("own key set " + ownPrints + " differs from the shared " + sharedPrints);
                    remedy = remedy != null ? remedy : selectKey;
                }
            }
            String kidPart;
            Optional<ClientTokens> tokens = ctx.session().flatMap(sess -> sess.tokens(c));
            if (tokens.isEmpty() || tokens.get().idToken() == null) {
                kidPart = ctx.session().isEmpty() ? "kid of tokens not checked (needs an account (--user/--password-file))"
                        : "kid of tokens not checked (no id token for " + c.clientId() + ", see token.per-client)";
            } else if (Observed.notASignedJwt(tokens.get().idToken()) != null) {
                kidPart = "kid of tokens not checked (" + Observed.notASignedJwt(tokens.get().idToken()) + ")";
            } else {
                String kid = Observed.kidOf(tokens.get().idToken());
                kidPart = "id token kid " + kid;
                if (shared.ok() && (kid == null || !sharedPrints.containsKey(kid))) {
                    problems.add("id token kid " + kid + " is not in the shared JWKS " + sharedPrints.keySet());
                    remedy = remedy != null ? remedy : selectKey;
                }
            }
            String actual = "own " + (own.ok() ? Observed.kids(own.value()) : "unavailable") + ", shared "
                    + (shared.ok() ? Observed.kids(shared.value()) : "unavailable") + "; " + kidPart;
            out.add(problems.isEmpty()
                    ? Finding.pass(ID, c.clientId(), expected, actual, GuideSteps.signingKey(e))
                    : Finding.fail(ID, c.clientId(), expected, String.join("; ", problems) + " (" + actual + ")",
                    GuideSteps.signingKey(e), remedy).needing(needs.toArray(String[]::new)));
        }
        return out;
    }
}
