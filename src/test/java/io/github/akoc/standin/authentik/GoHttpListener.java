package io.github.akoc.standin.authentik;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * authentik's HTTP port as its Go server reads it: the first line of a connection that is not an HTTP request line
 * is answered "400 Bad Request" in plain text and the connection closed (net/http server.go, conn.serve: readRequest
 * fails "malformed HTTP request" → the 400 written before returning; go1.26). A browser that speaks TLS to the port
 * (an issuer of https://upstream:port after a proxy rewrote Host) so fails at once with ERR_SSL_PROTOCOL_ERROR, as
 * the real authentik 2026.2.2 answered in the catalogue's proxy-rewrites-host (login failed after 1.8 s). The JDK's
 * server in front of which this sits would wait for a CRLF that a TLS ClientHello seldom holds, and leave the
 * browser waiting ~30 s for its own timeout. Every well-formed connection is relayed unchanged; the caller's address
 * stays known for the trusted-proxy rule ({@link #peerOf}).
 */
final class GoHttpListener implements Closeable {
    /** What Go writes for a malformed request (server.go: errorHeaders and publicErr). */
    private static final byte[] BAD_REQUEST = ("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "Connection: close\r\n\r\n400 Bad Request").getBytes(StandardCharsets.US_ASCII);
    /** Go's request line: method, request target, HTTP/major.minor (request.go parseRequestLine, ParseHTTPVersion). */
    private static final Pattern REQUEST_LINE = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+ \\S+ HTTP/\\d\\.\\d\\r?");
    /** Go's default header limit (DefaultMaxHeaderBytes, 1 MiB + 4096): a first line longer than that is refused too. */
    private static final int MAX_LINE = (1 << 20) + 4096;

    private final ServerSocket socket;
    private final InetSocketAddress backend;
    /** The relay's own port towards the backend → the caller it carries. */
    private final Map<Integer, InetSocketAddress> peers = new ConcurrentHashMap<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "authentik-stand-in-listener");
        t.setDaemon(true);
        return t;
    });

    GoHttpListener(InetSocketAddress listen, InetSocketAddress backend) throws IOException {
        this.socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(listen, 50);
        this.backend = backend;
        threads.execute(this::accept);
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** The caller whose connection the backend's request came through (the backend's own peer is this relay). */
    InetSocketAddress peerOf(InetSocketAddress relayed) {
        return peers.getOrDefault(relayed.getPort(), relayed);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        threads.shutdownNow();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                threads.execute(() -> serve(client));
            } catch (IOException | java.util.concurrent.RejectedExecutionException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1 && b != '\n' && line.size() < MAX_LINE) {
                line.write(b);
            }
            if (b == -1 && line.size() == 0) {
                return; // a pre-connected socket closed unused
            }
            if (b != '\n' || !REQUEST_LINE.matcher(line.toString(StandardCharsets.ISO_8859_1)).matches()) {
                client.getOutputStream().write(BAD_REQUEST);
                client.getOutputStream().flush();
                return;
            }
            line.write('\n');
            try (Socket upstream = new Socket()) {
                upstream.connect(backend);
                int port = upstream.getLocalPort();
                peers.put(port, (InetSocketAddress) client.getRemoteSocketAddress());
                try {
                    upstream.getOutputStream().write(line.toByteArray());
                    threads.execute(() -> pipe(in, upstream));
                    pipe(upstream.getInputStream(), client);
                } finally {
                    peers.remove(port);
                }
            }
        } catch (IOException | java.util.concurrent.RejectedExecutionException ignored) {
            // the caller or the stand-in went away: nothing to answer
        }
    }

    /** Copies until either side ends, then closes the other's output so the peer sees the end. */
    private static void pipe(InputStream from, Socket to) {
        try {
            OutputStream out = to.getOutputStream();
            byte[] buf = new byte[16384];
            int n;
            while ((n = from.read(buf)) != -1) {
                out.write(buf, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException ignored) {
            // one side closed: the other follows
        }
    }

    static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }
}
