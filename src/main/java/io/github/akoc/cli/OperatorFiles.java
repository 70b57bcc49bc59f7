package io.github.akoc.cli;


import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;

/** Operator inputs the verify command reads from files. */
final class OperatorFiles {
    private OperatorFiles() {
    }

    /** Chromium's --ignore-certificate-errors-spki-list value for an operator CA, or null without one. */
    static String spki(Path caPem) {
        if (caPem == null) {
            return null;
        }
        try (InputStream in = Files.newInputStream(caPem)) {
            X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(c.getPublicKey().getEncoded()));
        } catch (Exception e) {
            throw new IllegalArgumentException("--ca-cert " + caPem + ": expected a readable PEM certificate file (" + e.getMessage() + ")", e);
        }
    }
}
