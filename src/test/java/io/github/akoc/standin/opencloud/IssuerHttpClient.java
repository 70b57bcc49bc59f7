package io.github.akoc.standin.opencloud;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * OpenCloud's outgoing HTTPS to the issuer, configured as a Go program is: trust the CAs of SSL_CERT_FILE (else
 * the system roots), skip verification only when OC_INSECURE=true, and use HTTPS_PROXY except for loopback and
 * NO_PROXY hosts.
 */
final class IssuerHttpClient implements AutoCloseable {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client;
    /** The names of the container's hosts file, reached at their addresses (TLS still for the name), else null. */
    private final io.github.akoc.world.NameMappingProxy hosts;

    IssuerHttpClient(OpenCloudEnv env) {
        HttpClient.Builder b = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .sslContext(sslContext(env));
        try {
            hosts = env.extraHosts().isEmpty() ? null : new io.github.akoc.world.NameMappingProxy(env.extraHosts());
        } catch (IOException e) {
            throw new IllegalStateException("cannot map STANDIN_EXTRA_HOSTS: " + e, e);
        }
        ProxySelector fromEnv = env.httpsProxy().<ProxySelector>map(p -> new GoProxySelector(
                new InetSocketAddress(p.getHost(), p.getPort()), env.noProxy())).orElse(null);
        if (hosts != null) {
            // the hosts file decides before any proxy setting is looked at (the stack's HTTPS_PROXY stands for DNS)
            List<Proxy> mapped = List.of(new Proxy(Proxy.Type.HTTP, new InetSocketAddress(InetAddress.getLoopbackAddress(), hosts.port())));
            b.proxy(new ProxySelector() {
                @Override
                public List<Proxy> select(URI uri) {
                    if (uri.getHost() != null && env.extraHosts().containsKey(uri.getHost().toLowerCase(java.util.Locale.ROOT))) {
                        return mapped;
                    }
                    return fromEnv != null ? fromEnv.select(uri) : List.of(Proxy.NO_PROXY);
                }

                @Override
                public void connectFailed(URI uri, java.net.SocketAddress sa, IOException ioe) {
                }
            });
        } else if (fromEnv != null) {
            b.proxy(fromEnv);
        }
        this.client = b.build();
    }

    @Override
    public void close() {
        if (hosts != null) {
            hosts.close();
        }
    }

    /** GET with optional bearer token; IOException when the issuer cannot be reached or TLS fails. */
    HttpResponse<String> get(String url, Optional<String> bearer) throws IOException {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT).GET()
                .header("Accept", "application/json");
        bearer.ifPresent(t -> r.header("Authorization", "Bearer " + t));
        try {
            return client.send(r.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling " + url, e);
        }
    }

    private static SSLContext sslContext(OpenCloudEnv env) {
        try {
            TrustManager[] trust;
            if (env.insecure()) {
                trust = new TrustManager[]{new InsecureSkipVerify()};
            } else {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(env.sslCertFile().map(IssuerHttpClient::caStore).orElse(null));
                trust = tmf.getTrustManagers();
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, trust, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the TLS context for calls to the issuer", e);
        }
    }

    /** SSL_CERT_FILE as Go reads it: a PEM bundle, trusted instead of (not in addition to) the system roots. */
    private static KeyStore caStore(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new IllegalArgumentException("SSL_CERT_FILE=" + pem + ": holds no PEM certificate");
            }
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                ks.setCertificateEntry("ca-" + i++, c);
            }
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("SSL_CERT_FILE=" + pem + ": not a PEM file of CA certificates: " + e.getMessage(), e);
        }
    }

    /** Go's http.ProxyFromEnvironment never proxies loopback hosts nor the NO_PROXY ones. */
    private static final class GoProxySelector extends ProxySelector {
        private final List<Proxy> proxy;
        private final List<String> noProxy;

        GoProxySelector(InetSocketAddress address, List<String> noProxy) {
            this.proxy = List.of(new Proxy(Proxy.Type.HTTP, address));
            this.noProxy = noProxy.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        }

        @Override
        public List<Proxy> select(URI uri) {
            String host = uri.getHost();
            if (host == null || host.equals("localhost") || isLoopbackLiteral(host) || excluded(host)) {
                return List.of(Proxy.NO_PROXY);
            }
            return proxy;
        }

        private boolean excluded(String host) {
            for (String n : noProxy) {
                if (n.equals("*")) {
                    return true;
                }
                String suffix = n.startsWith(".") ? n : "." + n;
                if (host.equals(n.replaceFirst("^\\.", "")) || host.endsWith(suffix)) {
                    return true;
                }
            }
            return false;
        }

        private static boolean isLoopbackLiteral(String host) {
            if (!host.matches("[0-9.]+|\\[?[0-9a-fA-F:]+]?")) {
                return false; // a name: never resolved here, as Go does not resolve it either
            }
            try {
                return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
            // nothing to remember: Go does not fall back to a direct connection either
        }
    }

    /**
     * OC_INSECURE=true: OpenCloud then sets Go's InsecureSkipVerify on its issuer client, accepting any
     * certificate and host name. Only ever built for that explicit setting.
     */
    private static final class InsecureSkipVerify extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            throw new UnsupportedOperationException("client certificates are not used");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            throw new UnsupportedOperationException("client certificates are not used");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("client certificates are not used");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
