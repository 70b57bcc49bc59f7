package io.github.akoc.standin.opencloud;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** GET /status.php, the unauthenticated "is this an OpenCloud" probe. */
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
        status.put("version", version);
        status.put("versionstring", version);
        status.put("edition", "");
        status.put("productname", "OpenCloud");
        status.put("product", "OpenCloud");
        status.put("productversion", version);
        Exchanges.json(ex, 200, status);
    }
}
