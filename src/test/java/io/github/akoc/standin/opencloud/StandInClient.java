package io.github.akoc.standin.opencloud;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Plain-HTTP calls from a test to a stand-in on a loopback port. */
final class StandInClient {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private StandInClient() {
    }

    static HttpResponse<String> get(OpenCloudStandIn standIn, String pathAndQuery, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + standIn.port() + pathAndQuery))
                .timeout(Duration.ofSeconds(20)).GET();
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(OpenCloudStandIn standIn, String pathAndQuery) throws IOException, InterruptedException {
        return get(standIn, pathAndQuery, Map.of());
    }

    static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }
}
