package io.github.akoc.world;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP CONNECT proxy that sends each public name to the address it is mapped to. Clients keep
 * the public URL, so Host and SNI stay the public ones and authentik builds the same {@code iss} for the
 * JVM as for the browser and OpenCloud; only the TCP destination changes. Names that are not mapped are
 * refused (502), so nothing leaks to the real network by accident.
 */
public final class NameMappingProxy implements AutoCloseable {
    private final Map<String, InetSocketAddress> names;
    private final ServerSocket server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "name-mapping-proxy");
        t.setDaemon(true);
        return t;
    });

    public NameMappingProxy(Map<String, InetSocketAddress> names) throws IOException {
        this.names = Map.copyOf(names);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        pool.submit(this::acceptLoop);
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                pool.submit(() -> tunnel(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void tunnel(Socket client) {
        try (client) {
            client.setSoTimeout(60_000);
            InputStream in = client.getInputStream();
            String requestLine = readHead(in);
            String[] parts = requestLine.split(" ");
            OutputStream out = client.getOutputStream();
            if (parts.length < 2 || !parts[0].equals("CONNECT")) {
                reply(out, "501 Not Implemented");
                return;
            }
            int colon = parts[1].lastIndexOf(':');
            String host = parts[1].substring(0, colon).toLowerCase(Locale.ROOT);
            InetSocketAddress target = names.get(host);
            if (target == null) {
                reply(out, "502 Bad Gateway");
                return;
            }
            try (Socket upstream = new Socket()) {
                // Resolved per connection: an operator's --resolve may name a host, not an address.
                upstream.connect(new InetSocketAddress(target.getHostString(), target.getPort()), 5_000);
                reply(out, "200 Connection Established");
                Thread back = new Thread(() -> pipe(upstream, client), "name-mapping-proxy-back");
                back.setDaemon(true);
                back.start();
                pipe(client, upstream);
                back.join(60_000);
            } catch (IOException e) {
                reply(out, "502 Bad Gateway");
            }
        } catch (Exception e) {
            // a broken tunnel shows up as an I/O error at the client that used it
        }
    }

    private static void pipe(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException ignored) {
            // the other side closed
        } finally {
            try {
                to.shutdownOutput();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            head.append((char) c);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
            if (head.length() > 8192) {
                throw new IOException("CONNECT request head too long");
            }
        }
        return head.toString().split("\r\n", 2)[0];
    }

    private static void reply(OutputStream out, String status) throws IOException {
        out.write(("HTTP/1.1 " + status + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        pool.shutdownNow();
    }
}
