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
import java.util.List;
import java.util.Properties;

/**
 * What a stack kept between runs (-De2e.reuse=true) must find again: the secrets its containers were started with
 * and the test CA with the certificates its proxies serve. Identical inputs give Testcontainers identical
 * containers, which it then reuses instead of starting new ones (authentik's migrations included). Kept in
 * target/e2e-reuse/SETUP/state.properties (owner-only); older than the CA's validity allows, it starts over.
 */
final class ReuseState {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReuseState.class);
    static final Duration MAX_AGE = Duration.ofHours(36);

    final Path dir;
    final Instant created;
    /** The authentik image (name:tag) the kept containers run: authentik refuses to skip versions (2026.8), so another one starts over. */
    final String authentikImage;
    final String secretKey;
    final String bootstrapToken;
    final String bootstrapPassword;
    final String bootstrapEmail;
    final String databasePassword;
    final TestCa ca;
    final TestCa.Issued idpCertificate;
    final TestCa.Issued opencloudCertificate;

    private ReuseState(Path dir, Instant created, String authentikImage, String secretKey, String bootstrapToken, String bootstrapPassword,
                       String bootstrapEmail, String databasePassword, TestCa ca, TestCa.Issued idp, TestCa.Issued oc) {
        this.dir = dir;
        this.created = created;
        this.authentikImage = authentikImage;
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
        return create(null, null, idpHost, opencloudHost);
    }

    private static ReuseState create(Path dir, String authentikImage, String idpHost, String opencloudHost) {
        TestCa ca = TestCa.create();
        return new ReuseState(dir, Instant.now(), authentikImage, ContainersStack.secret(), ContainersStack.secret(), ContainersStack.secret(),
                "akadmin-" + ContainersStack.secret().substring(0, 8).toLowerCase() + "@example.com", ContainersStack.secret(), ca,
                ca.issue(idpHost), ca.issue(opencloudHost));
    }

    /**
     * The state of the kept stack, or a new one written there. A state too old for its CA, or kept for another authentik
     * image, is not taken up: the kept stack is removed whole first (its database belongs to that state and release).
     */
    static ReuseState loadOrCreate(KeptStack kept, String authentikImage, String idpHost, String opencloudHost) {
        Path dir = kept.stateDir();
        Path file = dir.resolve("state.properties");
        try {
            String stale = null;
            if (Files.isRegularFile(file)) {
                Properties p = new Properties();
                try (Reader r = Files.newBufferedReader(file)) {
                    p.load(r);
                }
                Instant created = Instant.parse(p.getProperty("created"));
                String keptImage = p.getProperty("authentikImage");
                if (Duration.between(created, Instant.now()).compareTo(MAX_AGE) >= 0) {
                    stale = "kept since " + created + ", longer than " + MAX_AGE.toHours() + " h";
                } else if (!authentikImage.equals(keptImage)) {
                    stale = "kept for authentik " + keptImage + ", this run asks for " + authentikImage
                            + " (authentik refuses to skip versions; a kept database is never taken up by another release)";
                } else {
                    return new ReuseState(dir, created, keptImage, p.getProperty("secretKey"), p.getProperty("bootstrapToken"),
                            p.getProperty("bootstrapPassword"), p.getProperty("bootstrapEmail"), p.getProperty("databasePassword"),
                            TestCa.fromPem(p.getProperty("ca.crt"), p.getProperty("ca.key")),
                            TestCa.issuedFromPem(p.getProperty("idp.crt"), p.getProperty("idp.key")),
                            TestCa.issuedFromPem(p.getProperty("opencloud.crt"), p.getProperty("opencloud.key")));
                }
            }
            if (stale != null || !kept.remains().isEmpty()) {
                List<String> removed = kept.remove();
                LOG.info("kept stack {} not taken up ({}): removed {}", kept.name(), stale != null ? stale : "its state was gone", removed);
            }
            ReuseState fresh = create(dir, authentikImage, idpHost, opencloudHost);
            fresh.save(file);
            return fresh;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot keep the reused stack's state in " + file + ": " + e.getMessage(), e);
        }
    }

    private void save(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("created", created.toString());
        p.setProperty("authentikImage", authentikImage);
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
