package io.github.akoc.world;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.http.HttpHeaders;
import java.util.Optional;

/** One HTTP exchange as a check sees it: status, headers, body, and the body as JSON when it is JSON. */
public record HttpResult(String url, int status, HttpHeaders headers, String body) {
    public static final ObjectMapper JSON = new ObjectMapper();

    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    public String contentType() {
        return header("Content-Type").orElse("");
    }

    /** The body as JSON; IllegalStateException naming the URL when it is not JSON. */
    public JsonNode json() {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(url + " answered " + status + " with a body that is not JSON: "
                    + (body.length() > 200 ? body.substring(0, 200) + "…" : body));
        }
    }

    public boolean ok() {
        return status >= 200 && status < 300;
    }
}
