package io.github.akoc.login;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.akoc.world.World;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Walks authentik as a headless browser would: follows its redirects, and where a flow interface
 * (/if/flow/SLUG/) would render, drives the flow executor API instead, answering identification,
 * password and consent stages as the test user. Stops at the first redirect that leaves authentik
 * (the client's redirect URI, not followed) or at a page authentik answers without redirecting.
 */
final class FlowWalker {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FLOW_INTERFACE = Pattern.compile("/if/flow/([^/]+)/?");
    private static final int MAX_HOPS = 30;
    private static final int MAX_STAGES = 12;
    private static final int MAX_EXECUTOR_REDIRECTS = 10;

    private final HttpClient client;
    private final CookieManager cookies;
    private final URI authentik;
    private final String username;
    private final String password;

    /** Thrown when a flow refuses or shows a stage we cannot answer; the message says which. */
    static final class FlowException extends RuntimeException {
        FlowException(String message) {
            super(message);
        }
    }

    /**
     * Where the walk ended: {@code location} is the URL authentik redirected to outside itself (null
     * when it answered a page instead, with {@code status} and a {@code body} excerpt); {@code steps}
     * are the URLs passed through.
     */
    record Stop(int status, String location, String body, List<String> steps) {
    }

    FlowWalker(HttpClient client, CookieManager cookies, URI authentik, String username, String password) {
        this.client = client;
        this.cookies = cookies;
        this.authentik = authentik;
        this.username = username;
        this.password = password;
    }

    Stop walk(URI start) {
        List<String> steps = new ArrayList<>();
        URI current = start;
        int lastStatus = 0;
        for (int hop = 0; hop < MAX_HOPS; hop++) {
            if (!onAuthentik(current)) {
                return new Stop(lastStatus, current.toString(), "", steps);
            }
            steps.add(current.getPath());
            Matcher flow = FLOW_INTERFACE.matcher(current.getPath());
            if (flow.matches()) {
                String to = runFlow(flow.group(1), current.getRawQuery(), steps);
                current = current.resolve(to);
                lastStatus = 200;
                continue;
            }
            HttpResponse<String> r = send(HttpRequest.newBuilder(current).GET());
            lastStatus = r.statusCode();
            Optional<String> location = r.headers().firstValue("Location");
            if (r.statusCode() >= 300 && r.statusCode() < 400 && location.isPresent()) {
                current = current.resolve(location.get());
                continue;
            }
            return new Stop(r.statusCode(), null, excerpt(r.body()), steps);
        }
        throw new FlowException("more than " + MAX_HOPS + " redirects inside authentik starting at " + start.getPath() + ": " + steps);
    }

    /**
     * Drives one flow through the executor API until it redirects; returns where to. The flow interface page
     * is loaded first, as the browser loads it: it sets authentik's CSRF cookie, which a POST of a signed-in
     * session must echo (DRF SessionAuthentication; consent after login is such a POST).
     */
    String runFlow(String slug, String rawQuery, List<String> steps) {
        URI page = authentik.resolve("/if/flow/" + slug + "/" + (rawQuery == null ? "" : "?" + rawQuery));
        send(HttpRequest.newBuilder(page).GET());
        URI executor = authentik.resolve("/api/v3/flows/executor/" + slug + "/?query="
                + URLEncoder.encode(rawQuery == null ? "" : rawQuery, StandardCharsets.UTF_8));
        JsonNode challenge = json(followExecutor(send(HttpRequest.newBuilder(executor).GET()), executor, steps), executor);
        for (int i = 0; i < MAX_STAGES; i++) {
            String component = challenge.path("component").asText();
            steps.add("flow " + slug + ": " + component);
            ObjectNode answer = JSON.createObjectNode().put("component", component);
            switch (component) {
                case "xak-flow-redirect" -> {
                    return challenge.path("to").asText();
                }
                case "ak-stage-identification" -> {
                    answer.put("uid_field", username);
                    if (challenge.path("password_fields").asBoolean(false)) {
                        answer.put("password", password);
                    }
                }
                case "ak-stage-password" -> answer.put("password", password);
                case "ak-stage-consent" -> answer.put("token", challenge.path("token").asText());
                case "ak-stage-access-denied" -> throw new FlowException("flow " + slug + " denied access: "
                        + challenge.path("error_message").asText(challenge.toString()));
                default -> throw new FlowException("flow " + slug + " shows a stage the login cannot answer: " + excerpt(challenge.toString()));
            }
            HttpRequest.Builder post = HttpRequest.newBuilder(executor)
                    .header("Content-Type", "application/json")
                    .header("Origin", origin())
                    .header("Referer", page.toString())
                    .POST(HttpRequest.BodyPublishers.ofString(answer.toString()));
            csrfToken().ifPresent(t -> post.header("X-authentik-CSRF", t));
            challenge = json(followExecutor(send(post), executor, steps), executor);
            if (challenge.has("response_errors") && !challenge.path("response_errors").isEmpty()) {
                throw new FlowException("flow " + slug + " refused the answer to " + component + ": " + challenge.path("response_errors"));
            }
        }
        throw new FlowException("flow " + slug + " did not finish within " + MAX_STAGES + " stages");
    }

    /**
     * authentik's executor answers a stage with the next challenge, or with a 302 to GET it, and that GET may
     * itself answer 302 when the next stage skips itself (the MFA stage for a user without devices): follow
     * the chain, bounded, until a challenge arrives.
     */
    private HttpResponse<String> followExecutor(HttpResponse<String> r, URI executor, List<String> steps) {
        URI current = executor;
        for (int hop = 0; hop < MAX_EXECUTOR_REDIRECTS; hop++) {
            Optional<String> location = r.headers().firstValue("Location");
            if (r.statusCode() < 300 || r.statusCode() >= 400 || location.isEmpty()) {
                return r;
            }
            current = current.resolve(location.get());
            steps.add("executor " + r.statusCode() + " → " + current.getPath());
            r = send(HttpRequest.newBuilder(current).GET());
        }
        throw new FlowException("the flow executor redirected more than " + MAX_EXECUTOR_REDIRECTS + " times in a row at "
                + executor.getPath() + ": " + steps);
    }

    private String origin() {
        return authentik.getScheme() + "://" + authentik.getRawAuthority();
    }

    private Optional<String> csrfToken() {
        if (cookies == null) {
            return Optional.empty();
        }
        return cookies.getCookieStore().get(authentik).stream()
                .filter(c -> c.getName().equals("authentik_csrf")).map(HttpCookie::getValue).findFirst();
    }

    boolean onAuthentik(URI u) {
        return u.getScheme() != null && u.getScheme().equalsIgnoreCase(authentik.getScheme())
                && u.getHost() != null && u.getHost().toLowerCase(Locale.ROOT).equals(authentik.getHost().toLowerCase(Locale.ROOT))
                && port(u) == port(authentik);
    }

    private static int port(URI u) {
        return u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private HttpResponse<String> send(HttpRequest.Builder b) {
        HttpRequest request = b.timeout(World.REQUEST_TIMEOUT).header("Accept", "application/json, text/html").build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new FlowException(request.method() + " " + request.uri().getPath() + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FlowException("interrupted during " + request.uri().getPath());
        }
    }

    private static JsonNode json(HttpResponse<String> r, URI uri) {
        if (r.statusCode() != 200) {
            throw new FlowException("flow executor " + uri.getPath() + " answered " + r.statusCode() + ": " + excerpt(r.body()));
        }
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new FlowException("flow executor " + uri.getPath() + " answered no JSON: " + excerpt(r.body()));
        }
    }

    static String excerpt(String s) {
        if (s == null) {
            return "";
        }
        String flat = s.replaceAll("\\s+", " ").trim();
        return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
    }
}
