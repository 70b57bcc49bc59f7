package io.github.akoc.check;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.github.akoc.login.AuthorizeOutcome;
import io.github.akoc.login.BrowserLogin;
import io.github.akoc.login.ClientTokens;
import io.github.akoc.login.ForeignToken;
import io.github.akoc.login.Session;
import io.github.akoc.login.SilentRenew;
import io.github.akoc.deployment.Provider;
import io.github.akoc.deployment.RedirectUri;
import io.github.akoc.deployment.Deployment;
import io.github.akoc.expectation.Expectation;
import io.github.akoc.expectation.ForeignApplication;
import io.github.akoc.expectation.ExpectedClient;
import io.github.akoc.world.TestCa;
import io.github.akoc.world.World;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Crafted answers of authentik (behind the guide's proxy) and OpenCloud for the check tests: one real HTTPS
 * server on loopback, reached through a {@link World} under the public names, with a certificate of a per-test
 * {@link TestCa}. The answers follow facts/: issuers built like authentik's (global = root, per_provider =
 * application), discovery only per application, JWKS {} without a signing key, WebFinger and config.json from
 * the .env, and Graph /me validating bearer tokens the way OpenCloud's proxy does (discovery at the issuer,
 * exact issuer, JWKS signature). Fields are the knobs a test turns to craft one misconfiguration.
 */
final class CraftedDeployment implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    final Deployment setup;
    final World world;
    private final HttpsServer server;

    // authentik and its proxy
    final Map<String, Provider.IssuerMode> issuerMode = new HashMap<>();
    final Map<String, RSAKey> signingKey = new HashMap<>();
    final Set<String> noSigningKey = new HashSet<>();
    final Map<String, List<RedirectUri>> registered = new HashMap<>();
    final Set<String> offlineAccessGranted = new HashSet<>();
    final Set<String> noGrantTypes = new HashSet<>();
    boolean refreshTokenWithoutOfflineAccess = false;
    boolean rootRewrite = true;
    boolean rewriteAllWellKnown = false;
    boolean forwardedProto = true;
    // OpenCloud
    final Map<String, String> ocEnv;
    boolean rolesOverlay = true;
    /** The Content-Security-Policy OpenCloud sends; null: as OpenCloud 7.3.0 did with opencloud-compose's csp.yaml. */
    String csp;
    boolean ocChecksSignature = true;
    /** What the web UI's renewal gave; null: a renewal that worked (a new token of the web client). */
    SilentRenew silentRenew;
    /** PROXY_OIDC_ACCESS_TOKEN_VERIFY_METHOD=none: any token authentik issued is accepted (its userinfo knows it). */
    boolean verifyNone = false;
    /** What /status.php reports (productversion); null: no status.php. */
    String openCloudRelease = "7.3.0+85e63ca";
    /** PROXY_OIDC_AUDIENCES as OpenCloud 8.1.0+ applies it (empty: off). */
    List<String> audiences = List.of();
    /** PROXY_OIDC_REWRITE_WELLKNOWN, and whether OpenCloud's server-side fetch of the issuer works. */
    boolean rewriteWellKnown = true;
    boolean ocReachesIssuer = true;
    /** The sub each client's provider gives the user (its subject mode); default the hashed user id. */
    final Map<String, String> subject = new HashMap<>();
    private final java.util.Set<String> issued = java.util.concurrent.ConcurrentHashMap.newKeySet();
    final RSAKey sharedKey;

    CraftedDeployment(Deployment setup) throws Exception {
        this.setup = setup;
        this.ocEnv = new HashMap<>(setup.opencloud().env());
        this.sharedKey = newKey();
        for (Provider c : setup.providers()) {
            issuerMode.put(c.clientId(), c.issuerMode());
            signingKey.put(c.clientId(), sharedKey);
            registered.put(c.clientId(), c.redirectUris());
            if (c.grantsOfflineAccess()) {
                offlineAccessGranted.add(c.clientId());
            }
        }
        TestCa ca = TestCa.create();
        TestCa.Issued cert = ca.issue(setup.authentik().host(), setup.opencloud().host());
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext(cert, ca)));
        server.createContext("/", this::handle);
        server.start();
        InetSocketAddress at = new InetSocketAddress("127.0.0.1", server.getAddress().getPort());
        world = new World(Map.of(setup.authentik().host(), at, setup.opencloud().host(), at), ca.sslContext(), ca.spkiSha256());
    }

    static RSAKey newKey() throws JOSEException {
        return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).keyIDFromThumbprint(true).generate();
    }

    private static SSLContext serverContext(TestCa.Issued cert, TestCa ca) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        char[] pw = "crafted".toCharArray();
        ks.setKeyEntry("tls", cert.keys().getPrivate(), pw, new Certificate[]{cert.certificate(), ca.certificate()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pw);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, new SecureRandom());
        return ctx;
    }

    /** The guide's expectation for the setup this deployment follows (never derived from the knobs below). */
    Expectation expectation() {
        return CheckTestSupport.expectation(setup);
    }

    CheckContext context(Session session) {
        return new CheckContext(setup, expectation(), world, session);
    }

    Provider provider(ExpectedClient c) {
        return setup.provider(c.platform()).orElseThrow();
    }

    // ---- authentik ----

    private String authentikBase() {
        return (forwardedProto ? "https" : "http") + "://" + setup.authentik().host() + "/";
    }

    String issuerOf(Provider c) {
        return issuerMode.get(c.clientId()) == Provider.IssuerMode.GLOBAL ? authentikBase()
                : authentikBase() + "application/o/" + c.slug() + "/";
    }

    ObjectNode discoveryOf(Provider c) {
        String base = authentikBase();
        ObjectNode d = JSON.createObjectNode();
        d.put("issuer", issuerOf(c));
        d.put("authorization_endpoint", base + "application/o/authorize/");
        d.put("token_endpoint", base + "application/o/token/");
        d.put("userinfo_endpoint", base + "application/o/userinfo/");
        d.put("end_session_endpoint", base + "application/o/" + c.slug() + "/end-session/");
        d.put("jwks_uri", base + "application/o/" + c.slug() + "/jwks/");
        d.putArray("response_types_supported").add("code");
        d.putArray("code_challenge_methods_supported").add("plain").add("S256");
        return d;
    }

    String jwksOf(Provider c) {
        return noSigningKey.contains(c.clientId()) ? "{}" : new JWKSet(signingKey.get(c.clientId()).toPublicJWK()).toString();
    }

    private Provider bySlug(String slug) {
        return setup.providers().stream().filter(c -> c.slug().equals(slug)).findFirst().orElse(null);
    }

    /** What authentik (behind the proxy) answers for a path; null = 404. */
    private String authentik(String path) {
        if (path.equals("/.well-known/openid-configuration") || (rewriteAllWellKnown && path.startsWith("/.well-known/"))) {
            path = rootRewrite ? "/application/o/" + setup.authentik().discoverySlug() + "/.well-known/openid-configuration" : path;
        }
        String[] p = path.split("/");
        // /application/o/<slug>/...
        if (p.length >= 5 && p[1].equals("application") && p[2].equals("o")) {
            Provider c = bySlug(p[3]);
            if (c == null) {
                return null;
            }
            String rest = String.join("/", java.util.Arrays.copyOfRange(p, 4, p.length));
            if (rest.equals(".well-known/openid-configuration")) {
                return discoveryOf(c).toString();
            }
            if (rest.equals("jwks")) {
                return jwksOf(c);
            }
        }
        return null;
    }

    /** What acting as the client gives here: the scopes it requests are those WebFinger (ocEnv) hands out. */
    ClientTokens tokens(ExpectedClient e) throws JOSEException {
        Provider c = provider(e);
        String redirect = e.profile().redirectUris("https://" + setup.opencloud().host()).get(0).replace("{port}", "53682");
        List<String> requested = e.profile().scopes().fromWebfinger()
                ? java.util.Arrays.stream(ocEnv.getOrDefault(e.webfingerEnvPrefix() + "SCOPES", "").split("[\\s,]+")).filter(x -> !x.isEmpty()).toList()
                : e.profile().scopes().builtin();
        if (noGrantTypes.contains(c.clientId())) {
            return new ClientTokens(e, c.clientId(), requested, redirect, null, null, null, null, null,
                    ClientTokens.Stage.AUTHORIZE, "authentik answered 400 at /application/o/authorize/ instead of redirecting to " + redirect + ": Bad Request", List.of());
        }
        Date now = new Date();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuerOf(c)).audience(c.clientId()).subject(subject.getOrDefault(c.clientId(), "hashed-user"))
                .claim("azp", c.clientId()).claim("name", "Alice").issueTime(now)
                .expirationTime(new Date(now.getTime() + 3_600_000)).build();
        String id = sign(c, claims);
        String access = sign(c, claims);
        String refresh = null;
        ClientTokens.Refresh r = null;
        List<String> granted = requested.stream().filter(x -> !x.equals("offline_access") || offlineAccessGranted.contains(c.clientId())).toList();
        if (granted.contains("offline_access") || refreshTokenWithoutOfflineAccess) {
            refresh = "rt-" + Long.toHexString(new SecureRandom().nextLong());
            r = new ClientTokens.Refresh(sign(c, claims), refresh + "2", null);
        }
        return new ClientTokens(e, c.clientId(), requested, redirect, id, access, refresh, String.join(" ", granted), r, null, null, List.of());
    }

    /** The signed-in web UI's own token: the web client's, from a login of its own. */
    String browserToken() throws JOSEException {
        Provider web = setup.webProvider();
        Date now = new Date();
        return sign(web, new JWTClaimsSet.Builder().issuer(issuerOf(web)).audience(web.clientId()).subject("hashed-user")
                .claim("name", "Alice").issueTime(now).expirationTime(new Date(now.getTime() + 3_600_000)).build());
    }

    /** A token of each probe application, signed with the shared key (authentik's signing key for every provider). */
    Map<String, ForeignToken> foreignTokens() throws JOSEException {
        Map<String, ForeignToken> out = new LinkedHashMap<>();
        Date now = new Date();
        for (ForeignApplication probe : ForeignApplication.PROBES) {
            String iss = probe.issuerMode() == Provider.IssuerMode.GLOBAL ? "https://" + setup.authentik().host() + "/"
                    : "https://" + setup.authentik().host() + "/application/o/" + probe.slug() + "/";
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(sharedKey.getKeyID()).build(),
                    new JWTClaimsSet.Builder().issuer(iss).audience(probe.clientId()).subject("hashed-user").claim("name", "Alice")
                            .issueTime(now).expirationTime(new Date(now.getTime() + 3_600_000)).build());
            jwt.sign(new RSASSASigner(sharedKey));
            issued.add(jwt.serialize());
            out.put(probe.clientId(), new ForeignToken(probe, jwt.serialize(), null));
        }
        return out;
    }

    private String sign(Provider c, JWTClaimsSet claims) throws JOSEException {
        String jwt = signUnrecorded(c, claims);
        issued.add(jwt);
        return jwt;
    }

    private String signUnrecorded(Provider c, JWTClaimsSet claims) throws JOSEException {
        if (noSigningKey.contains(c.clientId())) {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        }
        RSAKey key = signingKey.get(c.clientId());
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    /** authentik's authorize endpoint for a logged-in user: strict = equality, regex = full match, bad schemes refused. */
    AuthorizeOutcome authorize(ExpectedClient e, String redirectUri) {
        Provider c = provider(e);
        String scheme = URI.create(redirectUri).getScheme();
        if (List.of("javascript", "data", "vbscript").contains(scheme)) {
            return new AuthorizeOutcome(400, null, null, "invalid redirect_uri scheme");
        }
        boolean ok = registered.get(c.clientId()).stream().anyMatch(r -> r.matches(redirectUri));
        return ok ? new AuthorizeOutcome(302, redirectUri + (redirectUri.contains("?") ? "&" : "?") + "code=c0de", "c0de", null)
                : new AuthorizeOutcome(400, null, null, "redirect URI error");
    }

    Session session(BrowserLogin login) throws JOSEException {
        Map<String, ClientTokens> tokens = new LinkedHashMap<>();
        for (ExpectedClient c : expectation().clients()) {
            tokens.put(c.clientId(), tokens(c));
        }
        return new Session("alice", login, tokens, this::authorize, foreignTokens());
    }

    Session session() throws JOSEException {
        return session(new BrowserLogin(true, setup.opencloud().baseUrl() + "/files/spaces/personal/alice", "alice",
                List.of(setup.opencloud().baseUrl() + "/", "https://" + setup.authentik().host() + "/if/flow/default-authentication-flow/",
                        setup.opencloud().baseUrl() + "/oidc-callback.html"), null, null, null, browserToken(),
                silentRenew != null ? silentRenew : new SilentRenew("https://" + setup.authentik().host() + "/", setup.webProvider().clientId(),
                        200, browserToken(), List.of(), null)));
    }

    // ---- OpenCloud ----

    private String ocIssuer() {
        return ocEnv.get("IDP_ISSUER_URL");
    }

    private Object[] webfinger(Map<String, String> q) {
        String resource = q.get("resource");
        if (resource == null) {
            return new Object[]{400, "text/plain", "missing resource"};
        }
        ObjectNode w = JSON.createObjectNode();
        w.put("subject", resource);
        ArrayNode links = w.putArray("links");
        links.addObject().put("rel", "http://openid.net/specs/connect/1.0/issuer")
                .put("href", ocEnv.getOrDefault("WEBFINGER_OIDC_ISSUER", ocIssuer()));
        String platform = q.get("platform");
        if (platform != null && Provider.PLATFORMS.contains(platform)) {
            String prefix = "WEBFINGER_" + platform.toUpperCase() + "_OIDC_CLIENT_";
            ObjectNode props = w.putObject("properties");
            props.put("http://opencloud.eu/ns/oidc/client_id", ocEnv.getOrDefault(prefix + "ID", ""));
            ArrayNode scopes = props.putArray("http://opencloud.eu/ns/oidc/scopes");
            for (String part : ocEnv.getOrDefault(prefix + "SCOPES", "").split(",")) {
                scopes.add(part);
            }
        }
        return new Object[]{200, "application/json", w.toString()};
    }

    /** OpenCloud's proxy: discovery at TrimSuffix(issuer,"/")+"/.well-known/...", exact issuer, JWKS signature, iss. */
    private Object[] me(String authorization, boolean expand) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return new Object[]{401, "text/plain", "unauthorized"};
        }
        String issuer = ocIssuer();
        String discoveryPath = URI.create(issuer.replaceAll("/$", "") + "/.well-known/openid-configuration").getPath();
        String doc = URI.create(issuer).getHost().equals(setup.authentik().host()) ? authentik(discoveryPath) : null;
        String sub;
        try {
            sub = SignedJWT.parse(authorization.substring(7)).getJWTClaimsSet().getSubject();
        } catch (java.text.ParseException e) {
            return new Object[]{401, "text/plain", "invalid token"};
        }
        if (verifyNone) {
            return issued.contains(authorization.substring(7)) ? user(sub, expand) : new Object[]{401, "text/plain", "userinfo refused"};
        }
        try {
            if (doc == null) {
                return new Object[]{401, "text/plain", "discovery unavailable"};
            }
            var d = JSON.readTree(doc);
            if (!issuer.equals(d.path("issuer").asText())) {
                return new Object[]{401, "text/plain", "issuer did not match"};
            }
            String jwksPath = URI.create(d.path("jwks_uri").asText()).getPath();
            String jwks = authentik(jwksPath);
            SignedJWT jwt = SignedJWT.parse(authorization.substring(7));
            if (ocChecksSignature) {
                var key = JWKSet.parse(jwks == null ? "{\"keys\":[]}" : jwks.equals("{}") ? "{\"keys\":[]}" : jwks)
                        .getKeyByKeyId(jwt.getHeader().getKeyID());
                if (key == null || !jwt.verify(new RSASSAVerifier(key.toRSAKey()))) {
                    return new Object[]{401, "text/plain", "invalid signature"};
                }
            }
            if (!issuer.equals(jwt.getJWTClaimsSet().getIssuer())) {
                return new Object[]{401, "text/plain", "token has invalid issuer"};
            }
            if (!audiences.isEmpty() && jwt.getJWTClaimsSet().getAudience().stream().noneMatch(audiences::contains)) {
                return new Object[]{401, "text/plain", ""};
            }
        } catch (Exception e) {
            return new Object[]{401, "text/plain", "invalid token: " + e.getMessage()};
        }
        return user(sub, expand);
    }

    /** OpenCloud's account for a sub (PROXY_USER_OIDC_CLAIM=sub, autoprovisioned): one id per sub value. */
    private Object[] user(String sub, boolean expand) {
        if (!rolesOverlay && expand) {
            return new Object[]{500, "text/plain", "no roles in user claims"};
        }
        ObjectNode me = JSON.createObjectNode().put("id", "u-" + sub).put("displayName", "Alice").put("onPremisesSamAccountName", sub);
        if (expand) {
            me.putArray("appRoleAssignments").addObject().put("appRoleId", OpenCloudDefaultRoleCheck.USER_ROLE_ID);
        }
        return new Object[]{200, "application/json", me.toString()};
    }

    /**
     * What OpenCloud 7.3.0 sent with opencloud-compose @42b4343's csp.yaml (fixtures/recorded/runs), its IdP entries
     * taken from this deployment's IDP_DOMAIN as the csp.yaml does (empty: opencloud-compose's default).
     */
    String recordedCsp() {
        String idp = ocEnv.getOrDefault("IDP_DOMAIN", "");
        return RECORDED_CSP.replace("https://authentik.company/", "https://" + (idp.isEmpty() ? "keycloak.opencloud.test" : idp) + "/");
    }

    static final String RECORDED_CSP = "child-src 'self'; connect-src 'self' blob: https://raw.githubusercontent.com/opencloud-eu/awesome-apps/ "
            + "https://update.opencloud.eu/ https://companion.opencloud.test/ wss://companion.opencloud.test/ https://authentik.company/ "
            + "https://tile.openstreetmap.org/; default-src 'none'; font-src 'self'; frame-ancestors 'self'; frame-src 'self' blob: "
            + "https://embed.diagrams.net/ https://collabora.opencloud.test/ https://euro-office.opencloud.test/ https://docs.opencloud.eu "
            + "https://authentik.company/; img-src 'self' data: blob: https://raw.githubusercontent.com/opencloud-eu/awesome-apps/ "
            + "https://tile.openstreetmap.org/ https://collabora.opencloud.test/ https://euro-office.opencloud.test/; manifest-src 'self'; "
            + "media-src 'self'; object-src 'self' blob:; script-src 'self' 'unsafe-inline' https://authentik.company/; "
            + "style-src 'self' 'unsafe-inline'; worker-src 'self' blob:";

    private Object[] opencloud(String path, Map<String, String> q, HttpExchange ex) {
        return switch (path) {
            case "/.well-known/webfinger" -> webfinger(q);
            case "/.well-known/openid-configuration" -> {
                String discovery = URI.create(ocIssuer().replaceAll("/$", "") + "/.well-known/openid-configuration").getPath();
                String doc = authentik(discovery);
                yield !rewriteWellKnown ? new Object[]{404, "text/plain", "404 page not found"}
                        : !ocReachesIssuer ? new Object[]{500, "text/plain", "dial tcp: lookup " + setup.authentik().host() + ": no such host"}
                        : doc == null ? new Object[]{404, "text/html", "<html>Not Found</html>"} : new Object[]{200, "application/json", doc};
            }
            case "/config.json" -> {
                ObjectNode c = JSON.createObjectNode().put("server", setup.opencloud().baseUrl());
                c.putObject("openIdConnect").put("authority", ocIssuer()).put("client_id", ocEnv.get("OC_OIDC_CLIENT_ID"))
                        .put("scope", ocEnv.get("OC_OIDC_CLIENT_SCOPES"));
                yield new Object[]{200, "application/json", c.toString()};
            }
            case "/graph/v1.0/me" -> me(ex.getRequestHeaders().getFirst("Authorization"),
                    "appRoleAssignments".equals(q.get("$expand")));
            case "/status.php" -> openCloudRelease == null ? new Object[]{404, "text/plain", "not found"}
                    : new Object[]{200, "application/json", JSON.createObjectNode().put("installed", true)
                    .put("product", "OpenCloud").put("productversion", openCloudRelease).toString()};
            case "/" -> new Object[]{200, "text/html", "<html><body>OpenCloud</body></html>"};
            default -> new Object[]{404, "text/plain", "not found"};
        };
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String host = ex.getRequestHeaders().getFirst("Host").replaceAll(":\\d+$", "");
            URI uri = ex.getRequestURI();
            Map<String, String> q = new HashMap<>();
            if (uri.getRawQuery() != null) {
                for (String kv : uri.getRawQuery().split("&")) {
                    String[] p = kv.split("=", 2);
                    q.put(URLDecoder.decode(p[0], StandardCharsets.UTF_8), p.length > 1 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : "");
                }
            }
            Object[] answer;
            if (host.equals(setup.authentik().host())) {
                String body = authentik(uri.getPath());
                answer = body == null ? new Object[]{404, "text/html", "<html>Not Found</html>"}
                        : new Object[]{200, "application/json", body};
            } else if (host.equals(setup.opencloud().host())) {
                answer = opencloud(uri.getPath(), q, ex);
                ex.getResponseHeaders().set("Content-Security-Policy", csp != null ? csp : recordedCsp());
            } else {
                answer = new Object[]{421, "text/plain", "misdirected"};
            }
            byte[] bytes = ((String) answer[2]).getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", (String) answer[1]);
            ex.sendResponseHeaders((Integer) answer[0], bytes.length);
            ex.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        world.close();
        server.stop(0);
    }
}
