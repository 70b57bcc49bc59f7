package io.github.akoc.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenCloudComposeCheckoutTest {
    private static String git(Path dir, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", dir.toString(), "-c", "user.name=t", "-c", "user.email=t@example.com"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", cmd) + ": " + out);
        return out;
    }

    @Test
    void theCommitOfADownloadComesFromTheTarballsPaxHeader(@TempDir Path tmp) throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        git(repo, "init", "-q");
        Files.writeString(repo.resolve("docker-compose.yml"), "services: {}\n");
        git(repo, "add", ".");
        git(repo, "commit", "-q", "-m", "one");
        String head = git(repo, "rev-parse", "HEAD");
        Path tarball = tmp.resolve("archive.tar.gz");
        git(repo, "archive", "--format=tar.gz", "-o", tarball.toString(), "HEAD");
        assertEquals(head, OpenCloudComposeCheckout.paxCommit(tarball), "git archive (and GitHub's tarballs) carry the commit");
        assertEquals(head, OpenCloudComposeCheckout.commitOf(repo), "a git checkout tells its HEAD");
    }

    @Test
    void aTarballWithoutPaxHeaderHasNoCommit(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("d"));
        Files.writeString(dir.resolve("a"), "x");
        Path tarball = tmp.resolve("plain.tar.gz");
        Process p = new ProcessBuilder("tar", "-czf", tarball.toString(), "-C", dir.toString(), "--format=ustar", "a").start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0);
        assertNull(OpenCloudComposeCheckout.paxCommit(tarball));
        assertNull(OpenCloudComposeCheckout.commitOf(dir));
    }

    @Test
    void bindSourcesThatDoNotExistAreNamedWithTheirService(@TempDir Path tmp) throws Exception {
        Path present = Files.writeString(tmp.resolve("present.sh"), "");
        String config = """
                {"services": {
                  "ldap-server": {"volumes": [
                    {"type": "bind", "source": "%s", "target": "/a"},
                    {"type": "bind", "source": "%s", "target": "/b"},
                    {"type": "volume", "source": "ldap-data", "target": "/c"}]},
                  "opencloud": {}}}""".formatted(present, tmp.resolve("config/ldap/docker-entrypoint-override.sh"));
        assertEquals(List.of("ldap-server: " + tmp.resolve("config/ldap/docker-entrypoint-override.sh")),
                OpenCloudComposeCheckout.missingBindSources(config));
    }
}
