package io.github.akoc.cli;

import io.github.akoc.world.HttpResult;
import io.github.akoc.world.World;

import javax.net.ssl.SSLException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;

/**
 * Before any check: can the deployment be reached at all, and is it what the options say it is? Each problem
 * is one sentence naming the option and what was expected (the command then exits 2), so an operator
 * never reads thirteen failed checks that all mean "wrong URL".
 */
final class Reachability {
    private Reachability() {
    }

    /** null when reachable, else the reason. */
    static String probeOpenCloud(World world, URI opencloud) {
        String problem = transport(world, "--opencloud", opencloud.resolve("/status.php"));
        if (problem != null) {
            return problem;
        }
        HttpResult r = get(world.http(), opencloud.resolve("/status.php"));
        boolean looksLikeOpenCloud;
        try {
            looksLikeOpenCloud = r.status() == 200 && r.json().has("productname");
        } catch (IllegalStateException notJson) {
            looksLikeOpenCloud = false;
        }
        return looksLikeOpenCloud ? null : "--opencloud " + opencloud + ": expected an OpenCloud server (GET /status.php → 200 JSON with "
                + "productname), got " + r.status() + " " + r.contentType();
    }

    static String probeIssuer(World world, URI issuer) {
        return transport(world, "--issuer", issuer);
    }

    private static String transport(World world, String option, URI url) {
        String host = url.getHost();
        if (!world.names().containsKey(host.toLowerCase(java.util.Locale.ROOT))) {
            try {
                InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                return option + " " + url.getScheme() + "://" + host + ": the name " + host
                        + " does not resolve (pass --resolve " + host + "=HOST:PORT to reach it before DNS points at it)";
            }
        }
        try {
            get(world.http(), url);
            return null;
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            java.net.InetSocketAddress mapped = world.names().get(host.toLowerCase(java.util.Locale.ROOT));
            String via = mapped == null ? "" : " (at " + mapped.getHostString() + ":" + mapped.getPort() + ", given by --resolve)";
            String base = option + " " + url.getScheme() + "://" + url.getAuthority() + via + ": ";
            String message = String.valueOf(cause.getMessage());
            if (cause instanceof HttpConnectTimeoutException) {
                return base + "no answer within " + World.CONNECT_TIMEOUT.toSeconds()
                        + " s (connect timeout); expected the deployment's HTTPS port to answer";
            }
            if (cause instanceof HttpTimeoutException) {
                return base + "no reply within " + World.REQUEST_TIMEOUT.toSeconds() + " s; expected an HTTPS reply";
            }
            if (mapped != null && (message.contains("Tunnel failed") || message.contains("Unable to tunnel"))) {
                // The name-mapping proxy answers 502 when it cannot connect (refused, unresolvable, or no answer in 5 s).
                return base + "nothing accepts connections at " + mapped.getHostString() + ":" + mapped.getPort()
                        + " (connection refused, host unknown, or no answer within " + World.CONNECT_TIMEOUT.toSeconds()
                        + " s); expected the deployment's HTTPS port there";
            }
            if (cause instanceof ConnectException) {
                return base + "connection refused; expected the deployment's HTTPS port";
            }
            if (cause instanceof SSLException) {
                return base + "TLS certificate not trusted or TLS failed (" + cause.getMessage()
                        + "); expected a certificate the system trusts, or pass --ca-cert FILE with the private CA";
            }
            return base + "cannot be reached (" + cause + ")";
        }
    }

    private static HttpResult get(HttpClient client, URI url) {
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(url).timeout(World.REQUEST_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return new HttpResult(url.toString(), r.statusCode(), r.headers(), r.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
