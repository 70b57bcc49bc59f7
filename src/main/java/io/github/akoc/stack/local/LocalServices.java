package io.github.akoc.stack.local;

import java.util.Map;

/**
 * Starts what stands in for the authentik and OpenCloud images on the local stack. Each is configured only
 * through the environment variables the real image reads (AUTHENTIK_*, OC_*, PROXY_*, WEBFINGER_*...),
 * listens on the loopback port given there (port 0: any free port) and speaks plain HTTP, as the real
 * servers do behind their TLS proxies. The self-test passes in-process stand-ins; {@code standins.jar}
 * runs the same ones as processes.
 */
public interface LocalServices {
    /** env as the authentik server container would get it; AUTHENTIK_LISTEN__HTTP says where to listen. */
    Running startAuthentik(Map<String, String> env);

    /** env as the opencloud service of opencloud-compose would get it; PROXY_HTTP_ADDR says where to listen. */
    Running startOpenCloud(Map<String, String> env);

    /** A started service; close() stops it and is safe to call twice. */
    interface Running extends AutoCloseable {
        int port();

        /** What runs, for the report (e.g. "authentik stand-in 2026.8.3"). */
        String version();

        @Override
        void close();
    }
}
