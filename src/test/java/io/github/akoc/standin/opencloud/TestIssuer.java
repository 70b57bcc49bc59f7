package io.github.akoc.standin.opencloud;

import io.github.akoc.testing.Replies;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.github.akoc.world.TestCa;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal OIDC issuer for the stand-in's contract tests: HTTPS with a certificate of the given test CA,
 * discovery, JWKS and userinfo under an authentik-like issuer path. Tests can make it lie (another issuer in
 * discovery, an empty key set) to see the stand-in refuse.
 */
final class TestIssuer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String PATH = "/application/o/opencloud/";

    private final HttpsServer server;
    private final RSAKey signingKey;
    volatile String discoveryIssuer;
    volatile boolean emptyJwks;
    final Map<String, Object> userinfoClaims = new LinkedHashMap<>();
    final AtomicInteger discoveryRequests = new AtomicInteger();
    final AtomicInteger userinfoRequests = new AtomicInteger();

    private final String publicHost;

    TestIssuer(TestCa ca) throws Exception {
        this(ca, "localhost");
    }

    /** publicHost other than localhost: reached on port 443 of that name through a name-mapping proxy. */
    TestIssuer(TestCa ca, String publicHost) throws Exception {
        this.publicHost = publicHost;
        signingKey = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        TestCa.Issued cert = ca.issue(publicHost);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        char[] pw = UUID.randomUUID().toString().toCharArray();
        ks.setKeyEntry("issuer", cert.keys().getPrivate(), pw, new Certificate[]{cert.certificate(), ca.certificate()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pw);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("localhost", 0), 20);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", this::handle);
        server.start();
        discoveryIssuer = issuer();
    }

    String issuer() {
        return origin() + PATH;
    }

    private String origin() {
        return publicHost.equals("localhost") ? "https://localhost:" + server.getAddress().getPort() : "https://" + publicHost;
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    JWTClaimsSet.Builder claims(String sub) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(issuer()).subject(sub).audience("web")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .claim("name", "Alice " + sub).claim("email", sub + "@example.test");
    }

    String sign(JWTClaimsSet claims) throws JOSEException {
        return sign(claims, signingKey.getKeyID());
    }

    /** Signed with the issuer's key, naming the given kid in the header (null: none). */
    String sign(JWTClaimsSet claims, String kid) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(), claims);
        jwt.sign(new RSASSASigner(signingKey));
        return jwt.serialize();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String base = issuer();
        switch (path) {
            case PATH + ".well-known/openid-configuration" -> {
                discoveryRequests.incrementAndGet();
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("issuer", discoveryIssuer);
                d.put("authorization_endpoint", origin() + "/application/o/authorize/");
                d.put("jwks_uri", base + "jwks/");
                d.put("userinfo_endpoint", origin() + "/application/o/userinfo/");
                reply(ex, 200, JSON.writeValueAsString(d));
            }
            case PATH + "jwks/" -> reply(ex, 200, (emptyJwks ? new JWKSet() : new JWKSet(signingKey.toPublicJWK()))
                    .toString(true));
            case "/application/o/userinfo/" -> userinfo(ex);
            default -> reply(ex, 404, "{}");
        }
    }

    /** Answers with the token's own subject and name (as an IdP would) plus whatever the test added. */
    private void userinfo(HttpExchange ex) throws IOException {
        userinfoRequests.incrementAndGet();
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.startsWith("Bearer ")) {
            reply(ex, 401, "{}");
            return;
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        try {
            JWTClaimsSet token = SignedJWT.parse(auth.substring(7)).getJWTClaimsSet();
            claims.put("sub", token.getSubject());
            if (token.getClaim("name") != null) {
                claims.put("name", token.getClaim("name"));
            }
        } catch (ParseException e) {
            reply(ex, 401, "{}");
            return;
        }
        claims.putAll(userinfoClaims);
        reply(ex, 200, JSON.writeValueAsString(claims));
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        Replies.send(ex, status, "application/json", body);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
