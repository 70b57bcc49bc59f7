package io.github.akoc.world;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

/**
 * A certificate authority made fresh for each run: it issues the TLS certificates of the public names,
 * and every party (JVM, browser, OpenCloud) trusts exactly this CA, never "everything".
 */
public final class TestCa {
    private final KeyPair caKeys;
    private final X509Certificate caCert;
    private final SecureRandom random = new SecureRandom();

    private TestCa(KeyPair caKeys, X509Certificate caCert) {
        this.caKeys = caKeys;
        this.caCert = caCert;
    }

    public static TestCa create() {
        try {
            KeyPair keys = rsa();
            X500Name name = new X500Name("CN=authentik-opencloud-e2e test CA " + Instant.now());
            Instant now = Instant.now();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), name, keys.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            return new TestCa(keys, sign(b, keys));
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the test CA", e);
        }
    }

    /** The CA's private key as PEM, for a stack kept between runs (-De2e.reuse): never written elsewhere. */
    public String privateKeyPem() {
        return pem(caKeys.getPrivate());
    }

    /** The CA of an earlier run, from its PEMs (see {@link #privateKeyPem()}). */
    public static TestCa fromPem(String certificatePem, String privateKeyPem) {
        return new TestCa(keyPair(privateKeyPem), certificate(certificatePem));
    }

    /** A certificate issued in an earlier run, from its PEMs. */
    public static Issued issuedFromPem(String certificatePem, String privateKeyPem) {
        return new Issued(certificate(certificatePem), keyPair(privateKeyPem));
    }

    private static X509Certificate certificate(String pem) {
        try (org.bouncycastle.openssl.PEMParser p = new org.bouncycastle.openssl.PEMParser(new java.io.StringReader(pem))) {
            return new JcaX509CertificateConverter().getCertificate((org.bouncycastle.cert.X509CertificateHolder) p.readObject());
        } catch (Exception e) {
            throw new IllegalArgumentException("not a PEM certificate: " + e.getMessage(), e);
        }
    }

    private static KeyPair keyPair(String pem) {
        try (org.bouncycastle.openssl.PEMParser p = new org.bouncycastle.openssl.PEMParser(new java.io.StringReader(pem))) {
            Object o = p.readObject();
            var converter = new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter();
            if (o instanceof org.bouncycastle.openssl.PEMKeyPair kp) {
                return converter.getKeyPair(kp);
            }
            var priv = (java.security.interfaces.RSAPrivateCrtKey) converter.getPrivateKey((org.bouncycastle.asn1.pkcs.PrivateKeyInfo) o);
            var pub = java.security.KeyFactory.getInstance("RSA").generatePublic(
                    new java.security.spec.RSAPublicKeySpec(priv.getModulus(), priv.getPublicExponent()));
            return new KeyPair(pub, priv);
        } catch (Exception e) {
            throw new IllegalArgumentException("not a PEM RSA private key: " + e.getMessage(), e);
        }
    }

    /** A server certificate for the given DNS names, signed by this CA. */
    public Issued issue(String... dnsNames) {
        try {
            KeyPair keys = rsa();
            Instant now = Instant.now();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(caCert, new BigInteger(64, random),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))),
                    new X500Name("CN=" + dnsNames[0]), keys.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            GeneralName[] names = new GeneralName[dnsNames.length];
            for (int i = 0; i < dnsNames.length; i++) {
                names[i] = new GeneralName(GeneralName.dNSName, dnsNames[i]);
            }
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCert));
            return new Issued(sign(b, caKeys), keys);
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue a certificate for " + String.join(",", dnsNames), e);
        }
    }

    public X509Certificate certificate() {
        return caCert;
    }

    public String certificatePem() {
        return pem(caCert);
    }

    /** Writes the CA certificate as PEM (for SSL_CERT_FILE, Caddy, curl). */
    public Path writeCertificate(Path file) throws IOException {
        Files.writeString(file, certificatePem());
        return file;
    }

    /** An SSLContext trusting this CA only. */
    public SSLContext sslContext() {
        try {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            ks.setCertificateEntry("test-ca", caCert);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), random);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build an SSLContext for the test CA", e);
        }
    }

    /** base64 SHA-256 of the CA's SubjectPublicKeyInfo: Chromium's --ignore-certificate-errors-spki-list value. */
    public String spkiSha256() {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(caCert.getPublicKey().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public record Issued(X509Certificate certificate, KeyPair keys) {
        public String certificatePem() {
            return pem(certificate);
        }

        public String privateKeyPem() {
            return pem(keys.getPrivate());
        }

        /** Writes NAME.crt and NAME.key into dir; returns the certificate path (key beside it). */
        public Path write(Path dir, String name) throws IOException {
            Files.createDirectories(dir);
            Path crt = dir.resolve(name + ".crt");
            Files.writeString(crt, certificatePem());
            Files.writeString(dir.resolve(name + ".key"), privateKeyPem());
            return crt;
        }
    }

    private static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair signer) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate())));
    }

    static String pem(Object o) {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
            pw.writeObject(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString();
    }
}
