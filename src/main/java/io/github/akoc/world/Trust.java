package io.github.akoc.world;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;

/** TLS trust for a deployment we did not start: the system's CAs, plus an operator's private CA when given. */
public final class Trust {
    private Trust() {
    }

    public static SSLContext systemPlus(Path extraCaPem) {
        try {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            Path cacerts = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
            try (InputStream in = Files.newInputStream(cacerts)) {
                ks.load(in, null);
            }
            if (extraCaPem != null) {
                Collection<? extends Certificate> certs;
                try (InputStream in = Files.newInputStream(extraCaPem)) {
                    certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
                } catch (IOException | GeneralSecurityException e) {
                    throw new IllegalArgumentException("--ca-cert " + extraCaPem + ": expected a readable PEM certificate file ("
                            + e.getMessage() + ")", e);
                }
                if (certs.isEmpty()) {
                    throw new IllegalArgumentException("--ca-cert " + extraCaPem + ": expected a PEM certificate, found none");
                }
                int i = 0;
                for (Certificate c : certs) {
                    ks.setCertificateEntry("operator-ca-" + i++, c);
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the system's trusted CAs: " + e.getMessage(), e);
        }
    }
}
