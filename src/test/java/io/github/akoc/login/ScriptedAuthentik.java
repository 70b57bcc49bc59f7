package io.github.akoc.login;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.github.akoc.deployment.Deployment;
import io.github.akoc.deployment.Provider;
import io.github.akoc.testing.Replies;
import io.github.akoc.world.TestCa;
import io.github.akoc.world.World;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scripted authentik (and OpenCloud's WebFinger) for the login layer's unit tests, over HTTPS under the
 * public names. authentik's shapes that the login must cope with are reproduced as facts/authentik.md gives
 * them: the flow executor answers a POST with a 302 to its GET, and that GET can answer a further 302 (the
 * MFA stage skipping itself for a user without devices); {@code prompt=consent} adds a consent stage; the
 * flow interface page sets the CSRF cookie that a signed-in session's POST must echo. It refuses what
 * authentik refuses (unregistered redirect URI, wrong password, missing session, missing CSRF token, wrong
 * verifier, reused code). Not the project's authentik stand-in; only what these tests need.
 */
final class ScriptedAuthentik implements AutoCloseable {
    static final String AUTHENTICATION_FLOW = "default-authentication-flow";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpsServer server;
    private final Deployment setup;
    private final String username;
    private final String password;
    private final RSAKey key;
    final World world;
    /** session cookie → stage reached: "identification", "password", "mfa", "authenticated". */
    final Map<String, String> sessions = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> codes = new ConcurrentHashMap<>();
    private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
    private final Map<String, String> csrf = new ConcurrentHashMap<>();
    final List<String> postedAnswers = new CopyOnWriteArrayList<>();
    /** Every authorization request's raw query, as it arrived. */
    final List<String> authorizeQueries = new CopyOnWriteArrayList<>();
    /** Every WebFinger request's raw query, as it arrived. */
    final List<String> webfingerQueries = new CopyOnWriteArrayList<>();
    volatile boolean denyAccess;
    volatile int executorRedirectsAfterPassword = 1;

    ScriptedAuthentik(Deployment setup, String username, String password) throws Exception {
        this.setup = setup;
        this.username = username;
        this.password = password;
        this.key = new RSAKeyGenerator(2048).keyID("scripted").generate();
        TestCa ca = TestCa.create();
        TestCa.Issued cert = ca.issue(setup.authentik().host(), setup.opencloud().host());
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext(cert, ca)));
        server.createContext("/", this::handle);
        server.start();
        InetSocketAddress at = new InetSocketAddress("127.0.0.1", server.getAddress().getPort());
        world = new World(Map.of(setup.authentik().host(), at, setup.opencloud().host(), at), ca.sslContext(), ca.spkiSha256());
    }

    private static SSLContext serverContext(TestCa.Issued cert, TestCa ca) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        char[] pw = "scripted".toCharArray();
        ks.setKeyEntry("tls", cert.keys().getPrivate(), pw, new Certificate[]{cert.certificate(), ca.certificate()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pw);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, new SecureRandom());
        return ctx;
    }

    private String base() {
        return "https://" + setup.authentik().host() + "/";
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String host = ex.getRequestHeaders().getFirst("Host").replaceAll(":\\d+$", "");
            String path = ex.getRequestURI().getPath();
            Map<String, String> q = LoopbackRedirectListener.query(ex.getRequestURI().getRawQuery());
            if (host.equals(setup.opencloud().host())) {
                if (path.equals("/.well-known/webfinger")) {
                    webfingerQueries.add(ex.getRequestURI().getRawQuery());
                    webfinger(ex, q);
                } else {
                    reply(ex, 404, "text/plain", "not found");
                }
            } else if (path.matches("/application/o/[^/]+/\\.well-known/openid-configuration")
                    || path.equals("/.well-known/openid-configuration")) {
                ObjectNode d = JSON.createObjectNode();
                d.put("issuer", setup.configuredIssuer());
                d.put("authorization_endpoint", base() + "application/o/authorize/");
                d.put("token_endpoint", base() + "application/o/token/");
                reply(ex, 200, "application/json", d.toString());
            } else if (path.equals("/application/o/authorize/")) {
                authorizeQueries.add(ex.getRequestURI().getRawQuery());
                authorize(ex, q);
            } else if (path.equals("/flows/-/default/authentication/")) {
                redirect(ex, "/if/flow/" + AUTHENTICATION_FLOW + "/?" + ex.getRequestURI().getRawQuery());
            } else if (path.startsWith("/if/flow/")) {
                String token = UUID.randomUUID().toString();
                csrf.put(token, "issued");
                ex.getResponseHeaders().add("Set-Cookie", "authentik_csrf=" + token + "; Path=/");
                reply(ex, 200, "text/html", "<html><ak-flow-executor></ak-flow-executor></html>");
            } else if (path.startsWith("/api/v3/flows/executor/")) {
                executor(ex, path.substring("/api/v3/flows/executor/".length()).replace("/", ""), q);
            } else if (path.equals("/application/o/token/")) {
                token(ex);
            } else {
                reply(ex, 404, "text/plain", "not found");
            }
        } catch (Exception e) {
            reply(ex, 500, "text/plain", e.toString());
        }
    }

    /** OpenCloud's WebFinger from the deployment's .env (client id and scopes per platform). */
    private void webfinger(HttpExchange ex, Map<String, String> q) throws IOException {
        ObjectNode w = JSON.createObjectNode().put("subject", q.get("resource"));
        w.putArray("links").addObject().put("rel", "http://openid.net/specs/connect/1.0/issuer").put("href", setup.configuredIssuer());
        String platform = q.get("platform");
        if (platform != null) {
            String prefix = "WEBFINGER_" + platform.toUpperCase() + "_OIDC_CLIENT_";
            ObjectNode props = w.putObject("properties");
            props.put("http://opencloud.eu/ns/oidc/client_id", setup.opencloud().env().getOrDefault(prefix + "ID", ""));
            ArrayNode scopes = props.putArray("http://opencloud.eu/ns/oidc/scopes");
            scopes.add(setup.opencloud().env().getOrDefault(prefix + "SCOPES", ""));
        }
        reply(ex, 200, "application/json", w.toString());
    }

    private Provider client(String id) {
        return setup.providers().stream().filter(c -> c.clientId().equals(id)).findFirst().orElse(null);
    }

    private String cookie(HttpExchange ex, String name) {
        String header = ex.getRequestHeaders().getFirst("Cookie");
        if (header == null) {
            return null;
        }
        for (String part : header.split(";")) {
            String[] kv = part.trim().split("=", 2);
            if (kv[0].equals(name)) {
                return kv[1];
            }
        }
        return null;
    }

    private String session(HttpExchange ex) {
        String s = cookie(ex, "authentik_session");
        return s != null && sessions.containsKey(s) ? s : null;
    }

    private void authorize(HttpExchange ex, Map<String, String> q) throws IOException {
        Provider c = client(q.get("client_id"));
        if (c == null || q.get("redirect_uri") == null || c.redirectUris().stream().noneMatch(u -> u.matches(q.get("redirect_uri")))) {
            reply(ex, 400, "text/html", "<html>Redirect URI Error</html>");
            return;
        }
        String s = session(ex);
        String raw = ex.getRequestURI().getRawQuery();
        if (s == null || !"authenticated".equals(sessions.get(s))) {
            redirect(ex, "/flows/-/default/authentication/?next=" + URLEncoder.encode("/application/o/authorize/?" + raw, StandardCharsets.UTF_8));
            return;
        }
        redirect(ex, "/if/flow/" + setup.authentik().authorizationFlow() + "/?" + raw);
    }

    private void executor(HttpExchange ex, String slug, Map<String, String> q) throws Exception {
        Map<String, String> original = LoopbackRedirectListener.query(q.getOrDefault("query", ""));
        String s = session(ex);
        if (s == null) {
            if (!ex.getRequestMethod().equals("GET")) {
                reply(ex, 403, "application/json", "{\"detail\":\"no session\"}");
                return;
            }
            s = UUID.randomUUID().toString();
            sessions.put(s, "identification");
            ex.getResponseHeaders().add("Set-Cookie", "authentik_session=" + s + "; Path=/; HttpOnly");
        }
        String stage = sessions.get(s);
        if (slug.equals(setup.authentik().authorizationFlow())) {
            if (!"authenticated".equals(stage)) {
                challenge(ex, "{\"component\":\"ak-stage-access-denied\",\"error_message\":\"not authenticated\"}");
                return;
            }
            authorizationFlow(ex, s, original);
            return;
        }
        if (!slug.equals(AUTHENTICATION_FLOW)) {
            reply(ex, 404, "application/json", "{\"detail\":\"Not found.\"}");
            return;
        }
        if (ex.getRequestMethod().equals("POST")) {
            JsonNode answer = JSON.readTree(ex.getRequestBody());
            postedAnswers.add(answer.path("component").asText());
            if (denyAccess) {
                challenge(ex, "{\"component\":\"ak-stage-access-denied\",\"error_message\":\"Access denied for user\"}");
                return;
            }
            boolean ok = switch (stage) {
                case "identification" -> answer.path("component").asText().equals("ak-stage-identification")
                        && username.equals(answer.path("uid_field").asText());
                case "password" -> answer.path("component").asText().equals("ak-stage-password")
                        && password.equals(answer.path("password").asText());
                default -> false;
            };
            if (!ok) {
                challenge(ex, "{\"component\":\"ak-stage-" + stage + "\",\"response_errors\":{\"non_field_errors\":[{\"string\":\"Invalid "
                        + stage + "\",\"code\":\"invalid\"}]}}");
                return;
            }
            sessions.put(s, stage.equals("identification") ? "password" : "mfa:" + executorRedirectsAfterPassword);
            redirect(ex, ex.getRequestURI().toString());
            return;
        }
        if (stage.startsWith("mfa:")) {
            // the MFA-validation stage skips itself inside the GET for a user without devices: a further 302
            int left = Integer.parseInt(stage.substring(4));
            sessions.put(s, left <= 1 ? "authenticated" : "mfa:" + (left - 1));
            redirect(ex, ex.getRequestURI().toString());
            return;
        }
        switch (stage) {
            case "identification" -> challenge(ex, "{\"component\":\"ak-stage-identification\",\"user_fields\":[\"username\"],\"password_fields\":false}");
            case "password" -> challenge(ex, "{\"component\":\"ak-stage-password\",\"pending_user\":\"" + username + "\"}");
            default -> challenge(ex, JSON.createObjectNode().put("component", "xak-flow-redirect")
                    .put("to", original.getOrDefault("next", "/")).toString());
        }
    }

    private void authorizationFlow(HttpExchange ex, String s, Map<String, String> request) throws Exception {
        boolean consent = List.of(request.getOrDefault("prompt", "").split(" ")).contains("consent");
        String consentToken = "consent-" + s;
        if (consent && !"consented".equals(sessions.get(s + "/consent/" + request.get("client_id")))) {
            if (ex.getRequestMethod().equals("POST")) {
                String header = ex.getRequestHeaders().getFirst("X-authentik-CSRF");
                if (header == null || !header.equals(cookie(ex, "authentik_csrf")) || !csrf.containsKey(header)) {
                    reply(ex, 403, "application/json", "{\"detail\":\"CSRF Failed: CSRF token missing.\"}");
                    return;
                }
                JsonNode answer = JSON.readTree(ex.getRequestBody());
                postedAnswers.add(answer.path("component").asText());
                if (!consentToken.equals(answer.path("token").asText())) {
                    challenge(ex, "{\"component\":\"ak-stage-consent\",\"token\":\"" + consentToken + "\",\"response_errors\":{\"token\":[{\"string\":\"Invalid consent token\"}]}}");
                    return;
                }
                sessions.put(s + "/consent/" + request.get("client_id"), "consented");
                redirect(ex, ex.getRequestURI().toString());
                return;
            }
            challenge(ex, "{\"component\":\"ak-stage-consent\",\"token\":\"" + consentToken + "\"}");
            return;
        }
        String code = UUID.randomUUID().toString();
        codes.put(code, Map.copyOf(request));
        String redirectUri = request.get("redirect_uri");
        String to = redirectUri + (redirectUri.contains("?") ? "&" : "?") + "code=" + code + "&state="
                + URLEncoder.encode(request.get("state"), StandardCharsets.UTF_8);
        challenge(ex, JSON.createObjectNode().put("component", "xak-flow-redirect").put("to", to).toString());
    }

    private void token(HttpExchange ex) throws Exception {
        Map<String, String> form = new java.util.HashMap<>(LoopbackRedirectListener.query(
                new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        String basic = ex.getRequestHeaders().getFirst("Authorization");
        if (basic != null && basic.startsWith("Basic ")) {
            String pair = new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8);
            form.putIfAbsent("client_id", pair.substring(0, pair.indexOf(':')));
        }
        String grant = form.get("grant_type");
        Map<String, String> request;
        if ("authorization_code".equals(grant)) {
            request = codes.remove(String.valueOf(form.get("code")));
            if (request == null || !request.get("client_id").equals(form.get("client_id"))
                    || !request.get("redirect_uri").equals(form.get("redirect_uri"))) {
                tokenError(ex, "invalid_grant");
                return;
            }
            String verifier = form.get("code_verifier");
            String challenge = verifier == null ? null : Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
            if (!"S256".equals(request.get("code_challenge_method")) || challenge == null || !challenge.equals(request.get("code_challenge"))) {
                tokenError(ex, "invalid_grant");
                return;
            }
        } else if ("refresh_token".equals(grant)) {
            String clientId = refreshTokens.remove(String.valueOf(form.get("refresh_token")));
            if (clientId == null || !clientId.equals(form.get("client_id"))) {
                tokenError(ex, "invalid_grant");
                return;
            }
            request = Map.of("client_id", clientId, "scope", "openid offline_access");
        } else {
            tokenError(ex, "unsupported_grant_type");
            return;
        }
        String clientId = request.get("client_id");
        SignedJWT id = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer(setup.configuredIssuer()).audience(clientId).subject("hashed-user")
                        .issueTime(new Date()).expirationTime(new Date(System.currentTimeMillis() + 300_000)).build());
        id.sign(new RSASSASigner(key));
        ObjectNode t = JSON.createObjectNode().put("access_token", UUID.randomUUID().toString()).put("token_type", "Bearer")
                .put("expires_in", 300).put("id_token", id.serialize()).put("scope", request.getOrDefault("scope", ""));
        if (List.of(request.getOrDefault("scope", "").split(" ")).contains("offline_access")) {
            String rt = UUID.randomUUID().toString();
            refreshTokens.put(rt, clientId);
            t.put("refresh_token", rt);
        }
        reply(ex, 200, "application/json", t.toString());
    }

    private void tokenError(HttpExchange ex, String error) throws IOException {
        reply(ex, 400, "application/json", "{\"error\":\"" + error + "\"}");
    }

    private void challenge(HttpExchange ex, String json) throws IOException {
        reply(ex, 200, "application/json", json);
    }

    private static void redirect(HttpExchange ex, String location) throws IOException {
        ex.getResponseHeaders().set("Location", location);
        ex.sendResponseHeaders(302, -1);
        ex.close();
    }

    private static void reply(HttpExchange ex, int status, String type, String body) throws IOException {
        Replies.send(ex, status, type, body);
    }

    @Override
    public void close() {
        world.close();
        server.stop(0);
    }
}
