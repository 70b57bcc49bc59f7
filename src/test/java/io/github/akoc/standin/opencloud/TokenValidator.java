package io.github.akoc.standin.opencloud;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jose.JOSEException;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Bearer token validation as OpenCloud's proxy does it: a JWT signed by a key of the issuer's JWKS, with exp
 * and nbf honoured when present and iss equal to OC_OIDC_ISSUER exactly; aud is checked only from 8.1.0 and only
 * when PROXY_OIDC_AUDIENCES is set (one of them, exactly, in aud as string or array: oidc_test.go @5147ac95, before
 * userinfo is asked), azp never. Then the
 * userinfo endpoint is asked (unless PROXY_OIDC_SKIP_USER_INFO) and its claims are laid over the token's. With
 * PROXY_OIDC_ACCESS_TOKEN_VERIFY_METHOD=none there is no JWT check: the userinfo answer alone decides.
 */
final class TokenValidator {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Asymmetric algorithms only: a JWKS carries public keys, so an HS256 token can never verify. */
    private static final Set<JWSAlgorithm> ALGORITHMS;

    static {
        Set<JWSAlgorithm> algs = new HashSet<>(JWSAlgorithm.Family.RSA);
        algs.addAll(JWSAlgorithm.Family.EC);
        algs.addAll(JWSAlgorithm.Family.ED);
        ALGORITHMS = Set.copyOf(algs);
    }

    private final String issuer;
    private final IssuerDiscovery discovery;
    private final IssuerHttpClient http;
    private final boolean skipUserInfo;
    private final boolean verifyJwt;
    private final java.util.List<String> audiences;

    TokenValidator(OpenCloudEnv env, IssuerDiscovery discovery, IssuerHttpClient http) {
        this.issuer = env.issuer();
        this.discovery = discovery;
        this.http = http;
        this.skipUserInfo = env.skipUserInfo();
        this.verifyJwt = env.verifyAccessTokenJwt();
        this.audiences = env.audiences();
    }

    /** The claims of a valid token; HttpStatusException(401) for anything OpenCloud would refuse. */
    Map<String, Object> claims(String token) {
        if (!verifyJwt) {
            // verify method none: the token is not parsed at all; only the userinfo call can refuse it
            return new LinkedHashMap<>(userinfo(token));
        }
        JWTClaimsSet verified;
        try {
            verified = verify(token, false);
        } catch (BadJOSEException e) {
            // The key may have rotated since the JWKS was cached: OpenCloud's key set refreshes on an unknown kid.
            verified = verifyOrRefuse(token);
        }
        if (!audiences.isEmpty() && verified.getAudience().stream().noneMatch(audiences::contains)) {
            throw new HttpStatusException(401, "token audience " + verified.getAudience() + " is not one of PROXY_OIDC_AUDIENCES");
        }
        Map<String, Object> claims = new LinkedHashMap<>(verified.getClaims());
        if (!skipUserInfo) {
            claims.putAll(userinfo(token));
        }
        return claims;
    }

    private JWTClaimsSet verifyOrRefuse(String token) {
        try {
            return verify(token, true);
        } catch (BadJOSEException e) {
            throw new HttpStatusException(401, "token rejected: " + e.getMessage(), e);
        }
    }

    private JWTClaimsSet verify(String token, boolean refreshKeys) throws BadJOSEException {
        requireKid(token);
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        p.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, new ImmutableJWKSet<>(discovery.keys(refreshKeys))));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                null, new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of());
        claims.setMaxClockSkew(0); // golang-jwt's default leeway
        p.setJWTClaimsSetVerifier(claims);
        try {
            return p.process(token, null);
        } catch (ParseException e) {
            throw new HttpStatusException(401, "token is not a JWT: " + e.getMessage(), e);
        } catch (JOSEException e) {
            throw new HttpStatusException(401, "token signature cannot be checked: " + e.getMessage(), e);
        }
    }

    /** keyfunc v2 looks keys up by kid only: a token without one is unverifiable (keyfunc.go:18-47; standin-audit D12). */
    private static void requireKid(String token) {
        try {
            if (com.nimbusds.jose.JWSObject.parse(token).getHeader().getKeyID() == null) {
                throw new HttpStatusException(401, "token is unverifiable: the token has no kid");
            }
        } catch (ParseException e) {
            throw new HttpStatusException(401, "token is not a JWT: " + e.getMessage(), e);
        }
    }

    private Map<String, Object> userinfo(String token) {
        String endpoint = discovery.metadata().userinfoEndpoint()
                .orElseThrow(() -> new HttpStatusException(401, "discovery has no userinfo_endpoint"));
        try {
            HttpResponse<String> r = http.get(endpoint, Optional.of(token));
            if (r.statusCode() != 200) {
                throw new HttpStatusException(401, "userinfo endpoint answered " + r.statusCode());
            }
            return JSON.readValue(r.body(), new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new HttpStatusException(401, "cannot call the userinfo endpoint: " + e, e);
        }
    }
}
