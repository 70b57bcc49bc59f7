package io.github.akoc.standin.authentik;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Mints ID and access tokens as authentik does: RS256 with the provider's key pair, else HS256 with the client secret;
 * encrypted to a JWE when the provider has an encryption key.
 */
final class Tokens {
    private static final Pattern DURATION = Pattern.compile("(weeks|days|hours|minutes|seconds|microseconds)=(\\d+(?:\\.\\d+)?)");

    private final Directory dir;

    Tokens(Directory dir) {
        this.dir = dir;
    }

    /** authentik's "hours=1;minutes=2" timedelta strings. */
    static Duration duration(String text) {
        Duration d = Duration.ZERO;
        Matcher m = DURATION.matcher(text == null ? "" : text);
        while (m.find()) {
            double v = Double.parseDouble(m.group(2));
            d = d.plus(switch (m.group(1)) {
                case "weeks" -> Duration.ofSeconds((long) (v * 7 * 86400));
                case "days" -> Duration.ofSeconds((long) (v * 86400));
                case "hours" -> Duration.ofSeconds((long) (v * 3600));
                case "minutes" -> Duration.ofSeconds((long) (v * 60));
                case "seconds" -> Duration.ofMillis((long) (v * 1000));
                default -> Duration.ofNanos((long) (v * 1000));
            });
        }
        return d;
    }

    /** The claims the scope mappings give, for scopes both requested and mapped on the provider. */
    Map<String, Object> userClaims(JsonNode provider, Directory.User user, Set<String> scopes) {
        Map<String, Object> c = new java.util.LinkedHashMap<>();
        c.put("sub", dir.subject(provider, user));
        if (scopes.contains("email")) {
            c.put("email", user.email);
            c.put("email_verified", false); // what 2026.2.2's email mapping answered (fixtures/recorded)
        }
        if (scopes.contains("profile")) {
            c.put("name", user.name);
            c.put("given_name", user.name);
            c.put("preferred_username", user.username);
            c.put("nickname", user.username);
            c.put("groups", user.groups());
        }
        return c;
    }

    String sign(JsonNode provider, JWTClaimsSet claims) {
        try {
            String keyPk = provider.path("signing_key").isTextual() ? provider.get("signing_key").asText() : null;
            KeyPairs.CertKeyPair kp = keyPk == null ? null : dir.keyPairs.get(keyPk);
            SignedJWT jwt;
            if (kp != null) {
                jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kp.kid()).type(JOSEObjectType.JWT).build(), claims);
                jwt.sign(new RSASSASigner(kp.privateJwk()));
            } else {
                jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims);
                jwt.sign(new MACSigner(provider.path("client_secret").asText().getBytes(StandardCharsets.UTF_8)));
            }
            KeyPairs.CertKeyPair enc = provider.path("encryption_key").isTextual() ? dir.keyPairs.get(provider.get("encryption_key").asText()) : null;
            if (enc == null) {
                return jwt.serialize();
            }
            // models.py encrypt (SAY-5 @b881edd9): the signed token becomes the payload of a compact JWE
            JWEObject jwe = new JWEObject(new JWEHeader.Builder(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A256CBC_HS512)
                    .type(new JOSEObjectType("JWE")).keyID(enc.kid()).build(), new Payload(jwt.serialize()));
            jwe.encrypt(new RSAEncrypter(enc.jwk()));
            return jwe.serialize();
        } catch (JOSEException e) {
            // e.g. a client secret shorter than 256 bits cannot key HS256 in nimbus; authentik would sign anyway
            throw new IllegalStateException("cannot sign a token for provider " + provider.path("name").asText() + ": " + e.getMessage(), e);
        }
    }

    JWTClaimsSet.Builder base(JsonNode provider, String issuer, String clientId, Directory.User user, long authTime, Duration validity) {
        Date now = new Date();
        return new JWTClaimsSet.Builder().issuer(issuer).audience(List.of(clientId))
                .subject(dir.subject(provider, user)).issueTime(now).expirationTime(new Date(now.getTime() + validity.toMillis()))
                .claim("auth_time", authTime).claim("acr", "goauthentik.io/providers/oauth2/default").claim("amr", List.of("pwd"));
    }
}
