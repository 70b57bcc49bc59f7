package io.github.akoc.standin.opencloud;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The web UI's sign-in part: an entry page that discovers its OIDC client through config.json and WebFinger
 * (platform=web) and signs in with the real oidc-client-ts bundle, plus the callback pages.
 */
final class WebPage {
    static final String OIDC_CLIENT_TS_PATH = "/js/oidc-client-ts.min.js";
    private static final String HTML = "text/html; charset=utf-8";
    private static final String JS = "text/javascript; charset=utf-8";

    /** Served path -> (resource under web/, content type). */
    private static final Map<String, String[]> PAGES = Map.of(
            "/", new String[]{"index.html", HTML},
            "/index.html", new String[]{"index.html", HTML},
            "/oidc-callback.html", new String[]{"oidc-callback.html", HTML},
            "/oidc-silent-redirect.html", new String[]{"oidc-silent-redirect.html", HTML},
            "/access-denied", new String[]{"access-denied.html", HTML},
            "/js/opencloud-web.js", new String[]{"opencloud-web.js", JS});

    private final Map<String, byte[]> bodies;
    private final byte[] oidcClientTs;

    private WebPage(Map<String, byte[]> bodies, byte[] oidcClientTs) {
        this.bodies = bodies;
        this.oidcClientTs = oidcClientTs;
    }

    /** Loads the pages and the oidc-client-ts bundle; a missing bundle stops the start with what to run. */
    static WebPage load() {
        String dir = System.getProperty("oidc-client-ts.dir", "target/oidc-client-ts");
        Path bundle = Path.of(dir, "oidc-client-ts.min.js");
        if (!Files.isReadable(bundle)) {
            throw new IllegalStateException("the OpenCloud stand-in serves the real oidc-client-ts, but " + bundle.toAbsolutePath()
                    + " is missing: run `bash src/build/fetch-upstream.sh \"$PWD/target\"` or set -Doidc-client-ts.dir");
        }
        try {
            Map<String, byte[]> bodies = new java.util.HashMap<>();
            for (String[] page : PAGES.values()) {
                bodies.put(page[0], resource(page[0]));
            }
            return new WebPage(Map.copyOf(bodies), Files.readAllBytes(bundle));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the web pages of the OpenCloud stand-in", e);
        }
    }

    boolean serves(String path) {
        return PAGES.containsKey(path) || path.equals(OIDC_CLIENT_TS_PATH);
    }

    void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (path.equals(OIDC_CLIENT_TS_PATH)) {
            Exchanges.send(ex, 200, JS, oidcClientTs);
            return;
        }
        String[] page = PAGES.get(path);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        Exchanges.send(ex, 200, page[1], bodies.get(page[0]));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = WebPage.class.getResourceAsStream("web/" + name)) {
            if (in == null) {
                throw new IOException("resource web/" + name + " is missing beside " + WebPage.class.getName());
            }
            return in.readAllBytes();
        }
    }
}
