package io.github.akoc.stack.containers;

import io.github.akoc.world.TestCa;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

/**
 * What a stack kept between runs (-De2e.reuse=true) must find again: the secrets its containers were started with
 * and the test CA with the certificates its proxies serve. Identical inputs give Testcontainers identical
 * containers, which it then reuses instead of starting new ones (authentik's migrations included). Kept in
 * target/e2e-reuse/SETUP/state.properties (owner-only); older than the CA's validity allows, it starts over.
 */
final class ReuseState {
    static final Duration MAX_AGE = Duration.ofHours(36);

    final Path dir;
    final Instant created;
    final String secretKey;
    final String bootstrapToken;
    final String bootstrapPassword;
    final String bootstrapEmail;
    final String databasePassword;
    final TestCa ca;
    final TestCa.Issued idpCertificate;
    final TestCa.Issued opencloudCertificate;

    private ReuseState(Path dir, Instant created, String secretKey, String bootstrapToken, String bootstrapPassword,
                       String bootstrapEmail, String databasePassword, TestCa ca, TestCa.Issued idp, TestCa.Issued oc) {
        this.dir = dir;
        this.created = created;
        this.secretKey = secretKey;
        this.bootstrapToken = bootstrapToken;
        this.bootstrapPassword = bootstrapPassword;
        this.bootstrapEmail = bootstrapEmail;
        this.databasePassword = databasePassword;
        this.ca = ca;
        this.idpCertificate = idp;
        this.opencloudCertificate = oc;
    }

    /** Fresh secrets and CA for a stack that is not kept. */
    static ReuseState fresh(String idpHost, String opencloudHost) {
        return create(null, idpHost, opencloudHost);
    }

    private static ReuseState create(Path dir, String idpHost, String opencloudHost) {
        TestCa ca = TestCa.create();
        return new ReuseState(dir, Instant.now(), ContainersStack.secret(), ContainersStack.secret(), ContainersStack.secret(),
                "akadmin-" + ContainersStack.secret().substring(0, 8).toLowerCase() + "@example.com", ContainersStack.secret(), ca,
                ca.issue(idpHost), ca.issue(opencloudHost));
    }

    /** The state kept in dir, or a new one written there. */
    static ReuseState loadOrCreate(Path dir, String idpHost, String opencloudHost) {
        Path file = dir.resolve("state.properties");
        try {
            if (Files.isRegularFile(file)) {
                Properties p = new Properties();
                try (Reader r = Files.newBufferedReader(file)) {
                    p.load(r);
                }
                Instant created = Instant.parse(p.getProperty("created"));
                if (Duration.between(created, Instant.now()).compareTo(MAX_AGE) < 0) {
                    return new ReuseState(dir, created, p.getProperty("secretKey"), p.getProperty("bootstrapToken"),
                            p.getProperty("bootstrapPassword"), p.getProperty("bootstrapEmail"), p.getProperty("databasePassword"),
                            TestCa.fromPem(p.getProperty("ca.crt"), p.getProperty("ca.key")),
                            TestCa.issuedFromPem(p.getProperty("idp.crt"), p.getProperty("idp.key")),
                            TestCa.issuedFromPem(p.getProperty("opencloud.crt"), p.getProperty("opencloud.key")));
                }
            }
            ReuseState kept = create(dir, idpHost, opencloudHost);
            kept.save(file);
            return kept;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot keep the reused stack's state in " + file + ": " + e.getMessage(), e);
        }
    }

    private void save(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("created", created.toString());
        p.setProperty("secretKey", secretKey);
        p.setProperty("bootstrapToken", bootstrapToken);
        p.setProperty("bootstrapPassword", bootstrapPassword);
        p.setProperty("bootstrapEmail", bootstrapEmail);
        p.setProperty("databasePassword", databasePassword);
        p.setProperty("ca.crt", ca.certificatePem());
        p.setProperty("ca.key", ca.privateKeyPem());
        p.setProperty("idp.crt", idpCertificate.certificatePem());
        p.setProperty("idp.key", idpCertificate.privateKeyPem());
        p.setProperty("opencloud.crt", opencloudCertificate.certificatePem());
        p.setProperty("opencloud.key", opencloudCertificate.privateKeyPem());
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (Writer w = Files.newBufferedWriter(file)) {
            p.store(w, "a kept e2e stack (-De2e.reuse=true): secrets of test containers; delete to start over");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
