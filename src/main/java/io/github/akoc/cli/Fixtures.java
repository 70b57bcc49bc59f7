package io.github.akoc.cli;

import io.github.akoc.deployment.DeploymentLoader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

/** The setups the jar carries (copied from fixtures/ at build time), or a folder given on the command line. */
final class Fixtures {
    static final List<String> SETUPS = List.of("web-only", "web-desktop-mobile");

    private Fixtures() {
    }

    static DeploymentLoader setups(Path dir) {
        if (dir != null) {
            return new DeploymentLoader(dir);
        }
        try {
            Path tmp = Files.createTempDirectory("akoc-fixtures");
            tmp.toFile().deleteOnExit();
            for (String name : SETUPS) {
                try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name + ".yml")) {
                    if (in == null) {
                        throw new IllegalStateException("the jar lacks fixtures/" + name + ".yml: rebuild it with mvn package");
                    }
                    Path f = tmp.resolve(name + ".yml");
                    Files.copy(in, f);
                    f.toFile().deleteOnExit();
                }
            }
            return new DeploymentLoader(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
