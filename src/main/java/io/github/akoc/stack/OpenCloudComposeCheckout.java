package io.github.akoc.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Where the opencloud-compose files come from, and at which commit: {@code -Dopencloud.compose.dir} (or the
 * environment variable OPENCLOUD_COMPOSE_DIR) names a checkout; otherwise the pinned {@code opencloud.compose.ref}
 * is downloaded once into {@code target/opencloud-compose-REF}. The commit goes into every report; a ref that
 * a given checkout does not match is said, never ignored silently.
 *
 * @param origin how it was found: "opencloud.compose.dir" or "download of REF"
 * @param commit the commit of the files, or null when the checkout does not tell
 * @param note   what a reader must know (a ref that the checkout does not match), or null
 */
public record OpenCloudComposeCheckout(Path dir, String origin, String commit, String note) {
    public static final String DIR_PROPERTY = "opencloud.compose.dir";
    public static final String DIR_ENV = "OPENCLOUD_COMPOSE_DIR";
    static final String COMMIT_FILE = ".opencloud-compose-commit";
    private static final Pattern PAX_COMMENT = Pattern.compile("\\d+ comment=([0-9a-f]{40})\n");

    /** The checkout to use for ref: the configured directory, else the download of ref under target/. */
    public static OpenCloudComposeCheckout locate(String ref, Path target) {
        String configured = System.getProperty(DIR_PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(DIR_ENV);
        }
        if (configured != null && !configured.isBlank()) {
            Path dir = Path.of(configured).toAbsolutePath().normalize();
            if (!Files.isRegularFile(dir.resolve("docker-compose.yml"))) {
                throw new IllegalArgumentException("-D" + DIR_PROPERTY + "=" + configured + " (or " + DIR_ENV
                        + "): expected an opencloud-compose checkout with docker-compose.yml in it");
            }
            String commit = commitOf(dir);
            String note = null;
            if (System.getProperty("opencloud.compose.ref") != null && (commit == null || !commit.startsWith(ref))) {
                note = "-Dopencloud.compose.ref=" + ref + " is not used: " + DIR_PROPERTY + " names the checkout to use"
                        + (commit == null ? " (its commit is unknown)" : " (commit " + commit + ")");
            }
            return new OpenCloudComposeCheckout(dir, DIR_PROPERTY, commit, note);
        }
        if (!ref.matches("[A-Za-z0-9._/-]+")) {
            throw new IllegalArgumentException("opencloud.compose.ref '" + ref + "': expected a branch, tag or commit");
        }
        Path dir = target.resolve("opencloud-compose-" + ref.replace('/', '_')).toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve("docker-compose.yml"))) {
            download(ref, dir);
        }
        return new OpenCloudComposeCheckout(dir, "download of " + ref, commitOf(dir), null);
    }

    /** "DIR (commit C)" for the report, with the note when there is one. */
    public String describe() {
        return dir + " (" + origin + (commit != null ? ", commit " + commit : ", commit unknown") + ")"
                + (note != null ? "; " + note : "");
    }

    /** The commit of a checkout: git's HEAD, or the one a download recorded. */
    static String commitOf(Path dir) {
        try {
            Path recorded = dir.resolve(COMMIT_FILE);
            if (Files.isRegularFile(recorded)) {
                return Files.readString(recorded).strip();
            }
            if (Files.exists(dir.resolve(".git"))) {
                Process p = new ProcessBuilder("git", "-C", dir.toString(), "rev-parse", "HEAD").redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0 && out.matches("[0-9a-f]{40}")) {
                    return out;
                }
            }
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    /**
     * Fetches opencloud-eu/opencloud-compose at ref as GitHub's tarball and unpacks it into dir; the commit comes
     * from the tarball's pax header (git archive writes it there). Bounded: connect 20 s, download 2 min.
     */
    static void download(String ref, Path dir) {
        URI uri = URI.create("https://github.com/opencloud-eu/opencloud-compose/archive/" + ref + ".tar.gz");
        Path tarball = null;
        try {
            Files.createDirectories(dir);
            tarball = Files.createTempFile("opencloud-compose-", ".tar.gz");
            HttpResponse<Path> r = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(Duration.ofSeconds(20)).build()
                    .send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofFile(tarball));
            if (r.statusCode() != 200) {
                throw new IllegalStateException("could not get opencloud-compose: " + uri + " answered " + r.statusCode()
                        + "; set -D" + DIR_PROPERTY + " to a checkout of opencloud-compose instead");
            }
            String commit = paxCommit(tarball);
            Process p = new ProcessBuilder("tar", "-xzf", tarball.toString(), "--strip-components=1", "-C", dir.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(1, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("could not unpack opencloud-compose from " + uri + ": " + out.strip());
            }
            if (commit != null) {
                Files.writeString(dir.resolve(COMMIT_FILE), commit + "\n");
            }
        } catch (IOException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new IllegalStateException("could not get opencloud-compose from " + uri + " (" + e.getClass().getSimpleName()
                    + (root != e ? ", " + root.getClass().getSimpleName() : "") + (root.getMessage() != null ? ": " + root.getMessage() : "")
                    + "); set -D" + DIR_PROPERTY + " to a checkout of it instead", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while downloading " + uri, e);
        } finally {
            if (tarball != null) {
                try {
                    Files.deleteIfExists(tarball);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    /** The commit in a git-archive tarball's global pax header ("52 comment=SHA"), or null. */
    static String paxCommit(Path tarball) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tarball))) {
            byte[] header = in.readNBytes(512);
            if (header.length < 512 || header[156] != 'g') {
                return null;
            }
            byte[] body = in.readNBytes(512);
            Matcher m = PAX_COMMENT.matcher(new String(body, StandardCharsets.UTF_8));
            return m.find() ? m.group(1) : null;
        }
    }

    /**
     * The host paths the resolved compose configuration bind-mounts that do not exist. Compose would create an
     * empty directory in place of a missing file (e.g. ldap-server's entrypoint script), which fails inside the
     * container, not where the cause is.
     */
    public static List<String> missingBindSources(String composeConfigJson) {
        try {
            var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(composeConfigJson);
            List<String> missing = new java.util.ArrayList<>();
            root.path("services").fields().forEachRemaining(service -> {
                for (var v : service.getValue().path("volumes")) {
                    String source = v.path("source").asText("");
                    if ("bind".equals(v.path("type").asText()) && !source.isEmpty() && !Files.exists(Path.of(source))) {
                        missing.add(service.getKey() + ": " + source);
                    }
                }
            });
            return missing;
        } catch (IOException e) {
            throw new UncheckedIOException("docker compose config gave no JSON", e);
        }
    }
}
