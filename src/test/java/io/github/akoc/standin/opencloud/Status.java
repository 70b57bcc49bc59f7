package io.github.akoc.standin.opencloud;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * GET /status.php, the unauthenticated "is this an OpenCloud" probe; as the real 7.3.0 answered (recorded 2026-12-08):
 * the release in productversion, legacy constants in version and versionstring.
 */
final class Status {
    private final String version;

    Status(String version) {
        this.version = version;
    }

    void handle(HttpExchange ex) throws IOException {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("installed", true);
        status.put("maintenance", false);
        status.put("needsDbUpgrade", false);
        status.put("version", "0.1.0.0");
        status.put("versionstring", "0.1.0");
        status.put("edition", "rolling");
        status.put("productname", "OpenCloud");
        status.put("product", "OpenCloud");
        status.put("productversion", version);
        status.put("channel", "");
        Exchanges.json(ex, 200, status);
    }
}
