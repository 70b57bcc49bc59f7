package io.github.akoc.stack.containers;

import io.github.akoc.world.TestCa;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Caddy terminating TLS for one public name on 443 with a certificate of the per-run test CA. The site file
 * (the guide's block, with its {$ENV} placeholders) is imported from a root Caddyfile holding only the global
 * options; the placeholders come from the container's environment, as in the guide.
 */
public class CaddyContainer extends GenericContainer<CaddyContainer> {
    public static final int HTTPS_PORT = 443;
    static final String DIR = "/etc/caddy/e2e/";

    private String site;
    private TestCa.Issued certificate;
    private String issuerPem;
    private final Map<String, String> placeholders = new LinkedHashMap<>();

    public CaddyContainer(DockerImageName image) {
        super(image);
    }

    /** The site block(s): e.g. compose/Caddyfile after the setup's proxy edits. */
    public CaddyContainer withSite(String caddyfile) {
        this.site = caddyfile;
        return self();
    }

    /** TLS certificate and key for the site; exposed to the site as {$TLS_CERT} and {$TLS_KEY}. */
    /**
     * The site's certificate, served with its issuing CA in the chain: Chromium's spki list (the CA's key)
     * compares only the keys of the chain the server sends, and a lone leaf does not carry the CA's.
     */
    public CaddyContainer withCertificate(TestCa.Issued certificate, TestCa issuer) {
        this.certificate = certificate;
        this.issuerPem = issuer.certificatePem();
        return self();
    }

    /** A {$NAME} placeholder of the site file. */
    public CaddyContainer withPlaceholder(String name, String value) {
        placeholders.put(name, value);
        return self();
    }

    /**
     * The root Caddyfile: the admin endpoint stays inside the container (used to reload), no automatic HTTPS
     * (certificates are ours), and the site file imported by absolute path.
     */
    static String rootCaddyfile(String siteFile) {
        return "{\n\tadmin localhost:2019\n\tauto_https off\n}\nimport " + siteFile + "\n";
    }

    @Override
    protected void configure() {
        Objects.requireNonNull(site, "Caddy needs a site file (withSite)");
        Objects.requireNonNull(certificate, "Caddy needs a certificate (withCertificate)");
        withCopyToContainer(Transferable.of(rootCaddyfile(DIR + "Caddyfile.site")), "/etc/caddy/Caddyfile");
        withCopyToContainer(Transferable.of(site), DIR + "Caddyfile.site");
        withCopyToContainer(Transferable.of(certificate.certificatePem() + issuerPem), DIR + "site.crt");
        withCopyToContainer(Transferable.of(certificate.privateKeyPem(), 0600), DIR + "site.key");
        withEnv("HTTPS_PORT", String.valueOf(HTTPS_PORT));
        withEnv("TLS_CERT", DIR + "site.crt");
        withEnv("TLS_KEY", DIR + "site.key");
        placeholders.forEach(this::withEnv);
        withCommand("caddy", "run", "--config", "/etc/caddy/Caddyfile", "--adapter", "caddyfile");
        addExposedPort(HTTPS_PORT);
        waitingFor(Wait.forListeningPort().withStartupTimeout(Duration.ofMinutes(1)));
    }

    /** Replaces the site file and reloads Caddy in place, so the container and its mapped port stay. */
    public void reload(String caddyfile) {
        this.site = caddyfile;
        copyFileToContainer(Transferable.of(caddyfile), DIR + "Caddyfile.site");
        try {
            Container.ExecResult r = execInContainer("caddy", "reload", "--config", "/etc/caddy/Caddyfile",
                    "--adapter", "caddyfile", "--address", "localhost:2019");
            if (r.getExitCode() != 0) {
                throw new IllegalStateException("caddy reload in " + getContainerName() + " failed (exit "
                        + r.getExitCode() + "): " + r.getStderr());
            }
        } catch (IOException e) {
            throw new IllegalStateException("caddy reload in " + getContainerName() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reloading Caddy", e);
        }
    }
}
