package io.github.akoc.check;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import io.github.akoc.expectation.Expectation;
import io.github.akoc.expectation.ExpectedClient;
import io.github.akoc.login.ClientTokens;
import io.github.akoc.login.Session;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code token.per-client}: acting as each real client (its WebFinger request, the client id and scopes
 * WebFinger gave it, its redirect URI, prompt and PKCE), the login gave tokens, and the id token is what
 * OpenCloud accepts: a signed JWT whose signature verifies with the SHARED JWKS (the one OpenCloud reads
 * from the shared discovery), {@code iss} equal to the guide's issuer, {@code aud} containing the guide's
 * client id. A failure in a step the client took from another check's subject (WebFinger, the shared
 * discovery, the key set) names that finding as what it needs.
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
        Expectation e = ctx.expectation();
        List<Finding> out = new ArrayList<>();
        Optional<Session> session = ctx.session();
        if (session.isEmpty()) {
            e.clients().forEach(c -> out.add(Finding.skip(ID, c.clientId(), NEEDS_ACCOUNT)));
            return out;
        }
        Observed.Read<JWKSet> shared = Observed.jwksOf(ctx, Observed.sharedDiscovery(ctx));
        for (ExpectedClient c : e.clients()) {
            String expected = "as the " + c.profile().client() + ": tokens via code + PKCE on " + c.profile().redirectUris(e.opencloudUrl())
                    + "; id token signed, verifies with the shared JWKS, iss == \"" + e.issuer() + "\", aud contains " + c.clientId();
            Optional<ClientTokens> t = session.get().tokens(c);
            if (t.isEmpty()) {
                out.add(Finding.fail(ID, c.clientId(), expected, "no login was made as " + c.clientId(), GuideSteps.provider(e, c),
                        "Run the verification with an account so that every client logs in."));
                continue;
            }
            if (!t.get().ok()) {
                out.add(flowFailed(e, c, t.get(), expected));
                continue;
            }
            out.add(tokensJudged(ctx, e, c, t.get(), shared, expected));
        }
        return out;
    }

    private static Finding flowFailed(Expectation e, ExpectedClient c, ClientTokens t, String expected) {
        String webfinger = WebfingerPlatformsCheck.ID + "/" + c.platform();
        String actual = "failed at " + t.failedAt() + ": " + t.error() + (t.clientId() != null ? " (client_id " + t.clientId()
                + " from WebFinger" + (t.redirectUri() != null ? ", redirect " + t.redirectUri() : "") + ")" : "");
        String error = t.error() == null ? "" : t.error();
        Finding f;
        switch (t.failedAt()) {
            case WEBFINGER -> f = Finding.fail(ID, c.clientId(), expected, actual, GuideSteps.webfinger(e, c),
                    "Make OpenCloud's WebFinger answer the " + c.platform() + " app (see webfinger.platforms).").needing(webfinger);
            case DISCOVERY -> f = Finding.fail(ID, c.clientId(), expected, actual, GuideSteps.proxyRule(e),
                    "Serve the issuer's discovery where the app looks for it (see discovery.shared-issuer).")
                    .needing(DiscoverySharedIssuerCheck.ID, webfinger);
            default -> {
                String remedy;
                boolean askedOffline = t.requestedScopes().contains(TokenRefreshCheck.OFFLINE);
                if (error.contains("refresh_token") && t.failedAt() == ClientTokens.Stage.TOKEN) {
                    // the app fails its login without a refresh token (desktop: "Missing field refresh_token")
                    f = askedOffline
                            ? Finding.fail(ID, c.clientId(), expected, actual, GuideSteps.offlineAccess(e, c),
                            "Add the scope mapping offline_access to provider " + c.clientId()
                                    + ": authentik drops scopes the provider does not map, and the " + c.profile().client() + " needs a refresh token.")
                            : Finding.fail(ID, c.clientId(), expected, actual, GuideSteps.offlineAccess(e, c),
                            "OpenCloud tells the " + c.platform() + " app scopes without offline_access: set " + c.webfingerEnvPrefix()
                                    + "SCOPES=" + String.join(" ", c.webfingerScopes()) + " (see webfinger.platforms).").needing(webfinger);
                    return f;
                }
                if (t.clientId() != null && !t.clientId().equals(c.clientId())) {
                    remedy = "WebFinger gave the app the client id " + t.clientId() + ": set " + c.webfingerEnvPrefix() + "ID="
                            + c.clientId() + " (see webfinger.platforms).";
                } else if (error.contains("Redirect URI") || error.contains("redirect_uri") || error.contains("invalid_client")) {
                    remedy = "Register redirect URIs on provider " + c.clientId() + " that admit what the " + c.profile().client()
                            + " sends (" + t.redirectUri() + "): the guide's " + c.redirectUris().stream().map(GuideSteps::uri).toList() + ".";
                } else if (error.contains("grant") || (error.contains(" 400 ") && t.redirectUri() != null && !t.redirectUri().startsWith("http"))) {
                    remedy = "Set the grant types authorization_code and refresh_token on provider " + c.clientId()
                            + " (authentik 2026.5+ refuses a provider without them; for a custom-scheme redirect it answers a 400 page).";
                } else if (error.contains("answered 403")) {
                    // authentik itself redirects or shows a page here; a bare 403 comes from something in front of it
                    remedy = "Something in front of authentik answered 403 to the " + c.profile().client() + "'s authorize request: "
                            + "a WAF rule such as Nginx Proxy Manager's 'Block Common Exploits' refuses a query containing name=http://, "
                            + "which the app's raw redirect_uri is. Exempt authentik's /application/o/ paths from that rule.";
                } else if (error.contains("http://")) {
                    remedy = DiscoverySharedIssuerCheck.servedIssuerRemedy(e, "http://" + e.names().idpHost() + "/", c.clientId());
                } else {
                    remedy = "Check provider " + c.clientId() + " (client type public, redirect URIs, authorization flow, grant types) "
                            + "against the guide, and what the flow shows in " + t.failedAt() + ".";
                }
                f = Finding.fail(ID, c.clientId(), expected, actual, GuideSteps.provider(e, c), remedy)
                        .needing(DiscoverySharedIssuerCheck.ID);
                if (t.clientId() != null && !t.clientId().equals(c.clientId())) {
                    f = f.needing(webfinger);
                }
            }
        }
        return f;
    }

    private static Finding tokensJudged(CheckContext ctx, Expectation e, ExpectedClient c, ClientTokens t,
                                        Observed.Read<JWKSet> shared, String expected) {
        String notSigned = Observed.notASignedJwt(t.idToken());
        if (notSigned != null) {
            return Finding.fail(ID, c.clientId(), expected, "the id token is " + notSigned, GuideSteps.signingKey(e),
                    "Remove the encryption key from provider " + c.clientId() + " (keep only the signing key): OpenCloud reads signed JWTs.");
        }
        List<String> problems = new ArrayList<>();
        List<String> needs = new ArrayList<>();
        String remedy = null;
        String sig = shared.ok() ? Observed.verifySignature(t.idToken(), shared.value())
                : "shared JWKS unavailable: " + shared.problem();
        if (sig != null) {
            problems.add(sig);
            remedy = shared.ok() ? "Select the signing key '" + ctx.deployment().authentik().signingKey() + "' on provider "
                    + c.clientId() + " (the same key as every other provider)."
                    : "Make the shared discovery available (see discovery.shared-issuer).";
            needs.add(shared.ok() ? JwksSingleKeyCheck.ID + "/" + c.clientId() : DiscoverySharedIssuerCheck.ID);
        }
        JWTClaimsSet claims = Observed.claims(t.idToken());
        if (!e.issuer().equals(claims.getIssuer())) {
            problems.add("iss is \"" + claims.getIssuer() + "\"");
            if (remedy == null) {
                remedy = DiscoverySharedIssuerCheck.servedIssuerRemedy(e, claims.getIssuer(), c.clientId());
            }
        }
        List<String> aud = claims.getAudience();
        if (aud == null || !aud.contains(c.clientId())) {
            problems.add("aud is " + aud);
            remedy = remedy != null ? remedy : "Set the client id of provider " + c.clientId() + " to " + c.clientId() + ".";
        }
        String actual = "iss \"" + claims.getIssuer() + "\", aud " + aud + ", kid " + Observed.kidOf(t.idToken())
                + ", client_id " + t.clientId() + " and scopes " + t.requestedScopes() + " from WebFinger, redirect " + t.redirectUri();
        return problems.isEmpty()
                ? Finding.pass(ID, c.clientId(), expected, actual + ", signature verified", GuideSteps.issuerMode(e))
                : Finding.fail(ID, c.clientId(), expected, String.join("; ", problems) + " (" + actual + ")",
                sig != null && shared.ok() ? GuideSteps.signingKey(e) : GuideSteps.issuerMode(e), remedy)
                .needing(needs.toArray(String[]::new));
    }
}
