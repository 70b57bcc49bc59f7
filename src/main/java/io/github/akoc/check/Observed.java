package io.github.akoc.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import io.github.akoc.expectation.Expectation;
import io.github.akoc.expectation.ExpectedClient;
import io.github.akoc.login.ClientTokens;
import io.github.akoc.world.HttpResult;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What several checks read the same way: the shared and per-client discovery documents, key sets, and id
 * token verification against a key set. Every read goes through {@link CheckContext#get(String)} (cached),
 * and every failure to read comes back as a sentence for a finding, never as a silent null.
 */
public final class Observed {
    private Observed() {
    }

    /** A value, or the reason it could not be obtained. */
    public record Read<T>(T value, String problem) {
        static <T> Read<T> of(T value) {
            return new Read<>(value, null);
        }

        static <T> Read<T> failed(String problem) {
            return new Read<>(null, problem);
        }

        public boolean ok() {
            return problem == null;
        }
    }

    /**
     * The tokens of a client's code flow, or why a check that needs them cannot run: no account in this run,
     * or the flow gave none ({@code missing}, pointing at token.per-client where that failure is reported).
     */
    static Read<ClientTokens> tokens(CheckContext ctx, ExpectedClient c, String missing) {
        if (ctx.session().isEmpty()) {
            return Read.failed(TokenPerClientCheck.NEEDS_ACCOUNT);
        }
        return ctx.session().get().tokens(c).filter(ClientTokens::ok).map(Read::of)
                .orElseGet(() -> Read.failed(missing + " (see token.per-client)"));
    }

    /** OpenCloud's Graph /me, where every check asks which user a token is. */
    static String graphMe(Expectation e) {
        return e.opencloudUrl() + "/graph/v1.0/me";
    }

    /** The OpenCloud user a token signs in as (Graph /me with an id), or null when OpenCloud answers otherwise. */
    static JsonNode openCloudUser(CheckContext ctx, String accessToken) {
        if (accessToken == null) {
            return null;
        }
        HttpResult r = ctx.getWithBearer(graphMe(ctx.expectation()), accessToken);
        if (r.status() != 200) {
            return null;
        }
        JsonNode j = r.json();
        return j.hasNonNull("id") ? j : null;
    }

    /** The finding key of a client's tokens, which every check using them needs. */
    static String tokensKey(ExpectedClient c) {
        return TokenPerClientCheck.ID + "/" + c.clientId();
    }

    /**
     * Where OpenCloud (and every app, through WebFinger) looks for the issuer's discovery: the CONFIGURED issuer
     * (IDP_ISSUER_URL) without its trailing slash + /.well-known/openid-configuration.
     */
    public static String sharedDiscoveryUrl(CheckContext ctx) {
        String issuer = ctx.deployment().configuredIssuer();
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        return base + "/.well-known/openid-configuration";
    }

    public static String clientDiscoveryUrl(CheckContext ctx, ExpectedClient c) {
        return ctx.expectation().applicationDiscoveryUrl(c.platform());
    }

    public static Read<JsonNode> discovery(CheckContext ctx, String url) {
        HttpResult r;
        try {
            r = ctx.get(url);
        } catch (RuntimeException e) {
            return Read.failed(url + " could not be fetched: " + e.getMessage());
        }
        if (r.status() != 200) {
            return Read.failed(url + " answered " + r.status());
        }
        try {
            JsonNode json = r.json();
            if (!json.isObject()) {
                return Read.failed(url + " answered JSON that is not an object");
            }
            return Read.of(json);
        } catch (IllegalStateException e) {
            return Read.failed(e.getMessage());
        }
    }

    public static Read<JsonNode> sharedDiscovery(CheckContext ctx) {
        return discovery(ctx, sharedDiscoveryUrl(ctx));
    }

    /** The key set at a discovery's jwks_uri. An empty set ({} from authentik without a signing key) is a value. */
    public static Read<JWKSet> jwksOf(CheckContext ctx, Read<JsonNode> discovery) {
        if (!discovery.ok()) {
            return Read.failed("no discovery: " + discovery.problem());
        }
        String uri = discovery.value().path("jwks_uri").asText("");
        if (uri.isEmpty()) {
            return Read.failed("discovery has no jwks_uri");
        }
        HttpResult r;
        try {
            r = ctx.get(uri);
        } catch (RuntimeException e) {
            return Read.failed(uri + " could not be fetched: " + e.getMessage());
        }
        if (r.status() != 200) {
            return Read.failed(uri + " answered " + r.status());
        }
        try {
            JsonNode json = r.json();
            if (!json.has("keys")) {
                return Read.of(new JWKSet());
            }
            return Read.of(JWKSet.parse(r.body()));
        } catch (IllegalStateException | ParseException e) {
            return Read.failed(uri + " is not a JWK set: " + e.getMessage());
        }
    }

    /** kid → RFC 7638 thumbprint of each signing key: equal maps mean the same keys under the same kids. */
    public static Map<String, String> fingerprints(JWKSet set) {
        Map<String, String> out = new java.util.TreeMap<>();
        for (JWK k : set.getKeys()) {
            if (k.getKeyUse() != null && !"sig".equals(k.getKeyUse().identifier())) {
                continue;
            }
            try {
                out.put(String.valueOf(k.getKeyID()), k.computeThumbprint().toString());
            } catch (JOSEException e) {
                out.put(String.valueOf(k.getKeyID()), "unreadable key: " + e.getMessage());
            }
        }
        return out;
    }

    public static String kids(JWKSet set) {
        return new TreeSet<>(fingerprints(set).keySet()).toString();
    }

    /** Null when the JWT's signature verifies with a key of the set (by kid), else why not. */
    public static String verifySignature(String jwt, JWKSet keys) {
        String notSigned = notASignedJwt(jwt);
        if (notSigned != null) {
            return notSigned;
        }
        SignedJWT parsed;
        try {
            parsed = SignedJWT.parse(jwt);
        } catch (ParseException e) {
            return "not a signed JWT: " + e.getMessage();
        }
        String alg = parsed.getHeader().getAlgorithm().getName();
        if (alg.startsWith("HS")) {
            return "signed with " + alg + " (a shared secret, no signing key selected): no JWKS can verify it";
        }
        String kid = parsed.getHeader().getKeyID();
        JWK key = kid == null ? null : keys.getKeyByKeyId(kid);
        if (key == null) {
            return "kid " + kid + " is not in the shared JWKS " + kids(keys);
        }
        try {
            JWSVerifier v;
            if (key instanceof RSAKey rsa) {
                v = new RSASSAVerifier(rsa);
            } else if (key instanceof ECKey ec) {
                v = new ECDSAVerifier(ec);
            } else {
                return "kid " + kid + " is a " + key.getKeyType() + " key, which cannot verify " + alg;
            }
            return parsed.verify(v) ? null : "signature does not verify with kid " + kid + " of the shared JWKS";
        } catch (JOSEException e) {
            return "signature cannot be checked with kid " + kid + ": " + e.getMessage();
        }
    }

    /**
     * Null for a compact JWS; otherwise what the token is instead. authentik returns a JWE (five parts,
     * alg RSA-OAEP-256) when the provider has an encryption key, which OpenCloud cannot read.
     */
    public static String notASignedJwt(String token) {
        if (token == null) {
            return "no token";
        }
        int parts = token.split("\\.", -1).length;
        if (parts == 5) {
            String alg = "?";
            try {
                alg = com.nimbusds.jose.JWEObject.parse(token).getHeader().getAlgorithm().getName();
            } catch (ParseException e) {
                // the part count already tells
            }
            return "an encrypted token (JWE, alg " + alg + "), not a signed JWT: the provider has an encryption key";
        }
        if (parts != 3) {
            return "not a JWT (" + parts + " dot-separated parts)";
        }
        try {
            SignedJWT.parse(token);
            return null;
        } catch (ParseException e) {
            return "not a signed JWT: " + e.getMessage();
        }
    }

    /** Payload claims of a JWT without verifying it (the verification is reported separately). */
    public static com.nimbusds.jwt.JWTClaimsSet claims(String jwt) {
        try {
            return SignedJWT.parse(jwt).getJWTClaimsSet();
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a signed JWT: " + e.getMessage(), e);
        }
    }

    public static String kidOf(String jwt) {
        try {
            return SignedJWT.parse(jwt).getHeader().getKeyID();
        } catch (ParseException e) {
            return null;
        }
    }

    /** Every string value in a JSON tree that looks like a URL, with its field path. */
    public static List<String> urls(JsonNode node) {
        List<String> out = new ArrayList<>();
        collectUrls("", node, out);
        return out;
    }

    private static void collectUrls(String path, JsonNode node, List<String> out) {
        if (node.isTextual() && node.asText().matches("(?i)^[a-z][a-z0-9+.-]*://.*")) {
            out.add(path + "=" + node.asText());
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> collectUrls(path.isEmpty() ? e.getKey() : path + "." + e.getKey(),
                    e.getValue(), out));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectUrls(path + "[" + i + "]", node.get(i), out);
            }
        }
    }

    /** Shortens a token for a finding: secrets are never written whole. */
    public static String redact(String secret) {
        return secret == null ? "null" : secret.length() <= 12 ? "…" : secret.substring(0, 8) + "…(" + secret.length() + " chars)";
    }
}
