package io.github.akoc.standin.authentik;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** authentik's certificate-key pairs: real RSA keys with self-signed certificates, generated per run. */
final class KeyPairs {
    private KeyPairs() {
    }

    /**
     * One crypto/certificatekeypairs object. kid is authentik's: from 2026.2 base64url (unpadded) of the SHA-512 of the
     * PEM key_data string (crypto/models.py generate_key_id, migration 0006 of 2025-12-09; a recorded 2026.2.2 kid
     * has 86 characters), before that the MD5 hex of it (generate_key_id_legacy).
     */
    record CertKeyPair(String pk, String name, KeyPair keys, X509Certificate cert, String keyData, String kid) {
        @SuppressWarnings("deprecation") // x5t (SHA-1) is what authentik's JWKS carries beside x5t#S256
        RSAKey jwk() {
            try {
                byte[] der = cert.getEncoded();
                return new RSAKey.Builder((RSAPublicKey) keys.getPublic())
                        .keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                        .x509CertChain(List.of(com.nimbusds.jose.util.Base64.encode(der)))
                        .x509CertThumbprint(Base64URL.encode(MessageDigest.getInstance("SHA-1").digest(der)))
                        .x509CertSHA256Thumbprint(Base64URL.encode(MessageDigest.getInstance("SHA-256").digest(der)))
                        .build();
            } catch (Exception e) {
                throw new IllegalStateException("cannot build the JWK of key pair " + name, e);
            }
        }

        RSAKey privateJwk() {
            return new RSAKey.Builder((RSAPublicKey) keys.getPublic()).privateKey((RSAPrivateKey) keys.getPrivate())
                    .keyID(kid).build();
        }

        String fingerprint(String algorithm) {
            try {
                return HexFormat.ofDelimiter(":").formatHex(MessageDigest.getInstance(algorithm).digest(cert.getEncoded()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static CertKeyPair generate(String name, boolean sha512Kid) {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048);
            KeyPair keys = gen.generateKeyPair();
            Instant now = Instant.now();
            X500Name subject = new X500Name("CN=" + name.replace(",", " ") + ",O=authentik,OU=Self-signed");
            var builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))), subject, keys.getPublic());
            X509Certificate cert = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
            String keyData = pem("PRIVATE KEY", keys.getPrivate().getEncoded());
            return new CertKeyPair(UUID.randomUUID().toString(), name, keys, cert, keyData, sha512Kid ? sha512Kid(keyData) : md5Hex(keyData));
        } catch (Exception e) {
            throw new IllegalStateException("cannot generate key pair " + name, e);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    static String sha512Kid(String keyData) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-512").digest(keyData.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String md5Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
