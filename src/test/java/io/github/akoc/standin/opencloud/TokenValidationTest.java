package io.github.akoc.standin.opencloud;

import io.github.akoc.testing.SelfTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.github.akoc.world.TestCa;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** facts/opencloud.md § Token validation in the proxy, through GET /graph/v1.0/me and WebFinger. */
@SelfTest
@DisplayName("facts/opencloud.md § Token validation in the proxy")
class TokenValidationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ME = "/graph/v1.0/me";

    @TempDir
    static Path dir;
    static TestCa ca;
    static Path caPem;
    static TestIssuer issuer;

    @BeforeAll
    static void issuer() throws Exception {
        ca = TestCa.create();
        caPem = ca.writeCertificate(dir.resolve("ca.pem"));
        issuer = new TestIssuer(ca);
    }

    @AfterAll
    static void stop() {
        issuer.close();
    }

    /** The opencloud service as opencloud-compose + the roles overlay configure it, trusting the test CA. */
    static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>(Map.of("OC_URL", "https://cloud.opencloud.test",
                "OC_OIDC_ISSUER", issuer.issuer(), "PROXY_HTTP_ADDR", "127.0.0.1:0", "SSL_CERT_FILE", caPem.toString(),
                "PROXY_AUTOPROVISION_ACCOUNTS", "true", "PROXY_USER_OIDC_CLAIM", "sub",
                "PROXY_AUTOPROVISION_CLAIM_USERNAME", "sub", "PROXY_ROLE_ASSIGNMENT_DRIVER", "default",
                "GRAPH_ASSIGN_DEFAULT_USER_ROLE", "true", "OC_INSECURE", "false"));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private static HttpResponse<String> me(Map<String, String> env, String token) throws Exception {
        try (OpenCloudStandIn oc = OpenCloudStandIn.start(env)) {
            return StandInClient.get(oc, ME + "?$expand=appRoleAssignments", StandInClient.bearer(token));
        }
    }

    private static String valid(String sub) throws Exception {
        return issuer.sign(issuer.claims(sub).build());
    }

    private static String user() {
        return "u" + Long.toHexString(new SecureRandom().nextLong());
    }

    @Test
    void validTokenGivesTheAutoprovisionedUserWithTheUserRole() throws Exception {
        String sub = user();
        HttpResponse<String> r = me(env(), valid(sub));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode me = JSON.readTree(r.body());
        assertEquals("Alice " + sub, me.path("displayName").asText());
        assertEquals(sub + "@example.test", me.path("mail").asText());
        assertEquals(sub, me.path("onPremisesSamAccountName").asText());
        assertEquals(issuer.issuer(), me.path("identities").get(0).path("issuer").asText());
        assertEquals(sub, me.path("identities").get(0).path("issuerAssignedId").asText());
        assertEquals(Roles.USER, me.path("appRoleAssignments").get(0).path("appRoleId").asText());
    }

    @Test
    @org.junit.jupiter.api.DisplayName("fixtures/recorded (7.3.0): a refused request gets an empty 401 with a Bearer and a Basic challenge for the request's host")
    void noTokenIsRefused() throws Exception {
        try (OpenCloudStandIn oc = OpenCloudStandIn.start(env())) {
            var r = StandInClient.get(oc, ME);
            assertEquals(401, r.statusCode());
            assertEquals("", r.body());
            assertTrue(r.headers().firstValue("Content-Type").isEmpty(), r.headers().toString());
            assertTrue(r.headers().allValues("Www-Authenticate").get(0).startsWith("Bearer realm=\""), r.headers().toString());
            assertEquals(401, StandInClient.get(oc, ME, Map.of("Authorization", "Basic YTpi")).statusCode());
        }
    }

    @Test
    @org.junit.jupiter.api.DisplayName("without PROXY_OIDC_AUDIENCES (and on every release before 8.1.0, even with it) aud is not checked")
    void audienceIsNotCheckedUnlessConfigured() throws Exception {
        String token = issuer.sign(issuer.claims(user()).audience(List.of("some-other-client")).build());
        assertEquals(200, me(env(), token).statusCode());
        assertEquals(200, me(env("STANDIN_OPENCLOUD_VERSION", "9.2.0"), token).statusCode());
        assertEquals(200, me(env("STANDIN_OPENCLOUD_VERSION", "7.3.0", "PROXY_OIDC_AUDIENCES", "web"), token).statusCode(),
                "7.3.0 does not know the variable");
        assertEquals(200, me(env("STANDIN_OPENCLOUD_VERSION", "8.0.1", "PROXY_OIDC_AUDIENCES", "web"), token).statusCode(),
                "8.0.x does not know it either");
    }

    @Test
    @org.junit.jupiter.api.DisplayName("services/proxy/pkg/command/oidc_test.go @5147ac95 (8.1.0+): one of PROXY_OIDC_AUDIENCES, exactly, in aud as string or array; else 401 before userinfo")
    void audienceCheckFromRelease81() throws Exception {
        String sub = user();
        Map<String, String> env = env("STANDIN_OPENCLOUD_VERSION", "8.1.0", "PROXY_OIDC_AUDIENCES", " web, OpenCloudDesktop ");
        assertEquals(200, me(env, issuer.sign(issuer.claims(sub).audience("web").build())).statusCode(), "string aud");
        assertEquals(200, me(env, issuer.sign(issuer.claims(sub).audience(List.of("immich", "OpenCloudDesktop")).build())).statusCode(),
                "array aud with one listed value");
        assertEquals(401, me(env, issuer.sign(issuer.claims(sub).audience("OpenCloudIOS").build())).statusCode(), "a client not listed");
        assertEquals(401, me(env, issuer.sign(issuer.claims(sub).audience("WEB").build())).statusCode(), "case-sensitive");
        assertEquals(401, me(env, issuer.sign(issuer.claims(sub).audience((String) null).build())).statusCode(), "no aud");
        int before = issuer.userinfoRequests.get();
        assertEquals(401, me(env, issuer.sign(issuer.claims(sub).audience("immich").build())).statusCode());
        assertEquals(before, issuer.userinfoRequests.get(), "refused before userinfo is asked");
        assertEquals(200, me(env("STANDIN_OPENCLOUD_VERSION", "9.2.0", "PROXY_OIDC_AUDIENCES", ""),
                issuer.sign(issuer.claims(sub).audience("immich").build())).statusCode(), "empty: the check is off");
    }

    @Test
    @org.junit.jupiter.api.DisplayName("TestParseOIDCAudiences (PR #3466): a blank entry, or audiences with verify method none, stop the start naming PROXY_OIDC_AUDIENCES")
    void audienceValuesOpenCloudRefuses() {
        for (Map<String, String> bad : List.of(env("STANDIN_OPENCLOUD_VERSION", "8.1.0", "PROXY_OIDC_AUDIENCES", "web, "),
                env("STANDIN_OPENCLOUD_VERSION", "8.1.0", "PROXY_OIDC_AUDIENCES", " "),
                env("STANDIN_OPENCLOUD_VERSION", "9.2.0", "PROXY_OIDC_AUDIENCES", "web", "PROXY_OIDC_ACCESS_TOKEN_VERIFY_METHOD", "none"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OpenCloudStandIn.start(bad).close());
            assertTrue(e.getMessage().contains("PROXY_OIDC_AUDIENCES"), e.getMessage());
        }
        assertEquals(List.of("web", "OpenCloudIOS"), OpenCloudEnv.audiences("web,,OpenCloudIOS", true), "empty segments are dropped");
        assertThrows(IllegalArgumentException.class, () -> OpenCloudStandIn.start(env("STANDIN_OPENCLOUD_VERSION", "latest")).close());
    }

    @Test
    @org.junit.jupiter.api.DisplayName("pkg/oidc/client.go:272-281 @85e63ca2: with verify method none the token is not checked; userinfo alone decides")
    void verifyMethodNoneLeavesTheVerdictToUserinfo() throws Exception {
        String foreign = issuer.sign(issuer.claims(user()).issuer("https://elsewhere.example/").build());
        assertEquals(401, me(env(), foreign).statusCode(), "jwt: another issuer is refused");
        assertEquals(200, me(env("PROXY_OIDC_ACCESS_TOKEN_VERIFY_METHOD", "none"), foreign).statusCode(),
                "none: the test issuer's userinfo answers for it, so OpenCloud accepts it");
        assertEquals(401, me(env("PROXY_OIDC_ACCESS_TOKEN_VERIFY_METHOD", "none"), "not-a-jwt").statusCode(),
                "none: what userinfo refuses is refused");
    }

    @Test
    @org.junit.jupiter.api.DisplayName("services/proxy/pkg/config/parser/parse.go:49 @85e63ca2: verify method none without userinfo, or an unknown method, stops the start")
    void verifyMethodValuesOpenCloudRefuses() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OpenCloudStandIn.start(
                env("PROXY_OIDC_ACCESS_TOKEN_VERIFY_METHOD", "none", "PROXY_OIDC_SKIP_USER_INFO", "true")));
        assertTrue(e.getMessage().contains("PROXY_OIDC_SKIP_USER_INFO"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OpenCloudStandIn.start(env("PROXY_OIDC_ACCESS_TOKEN_VERIFY_METHOD", "opaque")));
        assertTrue(e.getMessage().contains("expected jwt or none"), e.getMessage());
    }

    @Test
    void tokenOfAnotherIssuerIsRefused() throws Exception {
        String token = issuer.sign(issuer.claims(user()).issuer(issuer.issuer() + "other/").build());
        assertEquals(401, me(env(), token).statusCode());
        // the configured issuer without its trailing slash is another issuer too
        String noSlash = issuer.issuer().substring(0, issuer.issuer().length() - 1);
        assertEquals(401, me(env(), issuer.sign(issuer.claims(user()).issuer(noSlash).build())).statusCode());
    }

    @Test
    void discoveryReportingAnotherIssuerIsRefused() throws Exception {
        String configured = issuer.issuer();
        issuer.discoveryIssuer = configured.substring(0, configured.length() - 1);
        try {
            assertEquals(401, me(env(), valid(user())).statusCode());
        } finally {
            issuer.discoveryIssuer = configured;
        }
    }

    @Test
    void tamperedSignatureIsRefused() throws Exception {
        String[] parts = valid(user()).split("\\.");
        byte[] sig = Base64URL.from(parts[2]).decode();
        sig[0] ^= 1;
        String tampered = parts[0] + "." + parts[1] + "." + Base64URL.encode(sig);
        assertEquals(401, me(env(), tampered).statusCode());
    }

    @Test
    void tamperedClaimsAreRefused() throws Exception {
        String[] parts = valid(user()).split("\\.");
        String otherClaims = Base64URL.encode(issuer.claims("admin").build().toString()).toString();
        assertEquals(401, me(env(), parts[0] + "." + otherClaims + "." + parts[2]).statusCode());
    }

    @Test
    @org.junit.jupiter.api.DisplayName("standin-audit D12: the scheme is matched case-sensitively (oidc_auth.go:187-194), keys only by kid (keyfunc v2)")
    void lowerCaseSchemeAndKidLessTokensAreRefused() throws Exception {
        String sub = user();
        Map<String, String> noUserinfo = env("PROXY_OIDC_SKIP_USER_INFO", "true");
        assertEquals(200, me(noUserinfo, valid(sub)).statusCode());
        try (OpenCloudStandIn oc = OpenCloudStandIn.start(noUserinfo)) {
            assertEquals(401, StandInClient.get(oc, ME, Map.of("Authorization", "bearer " + valid(sub))).statusCode());
        }
        assertEquals(401, me(noUserinfo, issuer.sign(issuer.claims(sub).build(), null)).statusCode(),
                "a kid-less token, although the issuer's only key verifies it");
    }

    @Test
    void unsignedTokenIsRefused() throws Exception {
        assertEquals(401, me(env(), new PlainJWT(issuer.claims(user()).build()).serialize()).statusCode());
        assertEquals(401, me(env(), "not-a-jwt").statusCode());
    }

    @Test
    void expiredAndNotYetValidTokensAreRefused() throws Exception {
        Instant now = Instant.now();
        String expired = issuer.sign(issuer.claims(user()).expirationTime(Date.from(now.minusSeconds(120))).build());
        assertEquals(401, me(env(), expired).statusCode());
        String early = issuer.sign(issuer.claims(user()).notBeforeTime(Date.from(now.plusSeconds(600))).build());
        assertEquals(401, me(env(), early).statusCode());
    }

    @Test
    void hs256TokenCannotVerifyAgainstAKeylessJwks() throws Exception {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        SignedJWT hs = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), issuer.claims(user()).build());
        hs.sign(new MACSigner(secret));
        issuer.emptyJwks = true;
        try {
            assertEquals(401, me(env(), hs.serialize()).statusCode());
        } finally {
            issuer.emptyJwks = false;
        }
    }

    @Test
    void issuerCertificateOfAnUntrustedCaIsRefused() throws Exception {
        Path otherCa = TestCa.create().writeCertificate(dir.resolve("other-ca.pem"));
        assertEquals(401, me(env("SSL_CERT_FILE", otherCa.toString()), valid(user())).statusCode());
    }

    @Test
    void ocInsecureSkipsCertificateVerification() throws Exception {
        Path otherCa = TestCa.create().writeCertificate(dir.resolve("other-ca-2.pem"));
        assertEquals(200, me(env("SSL_CERT_FILE", otherCa.toString(), "OC_INSECURE", "true"), valid(user())).statusCode());
    }

    @Test
    void userinfoIsCalledUnlessSkipped() throws Exception {
        // userinfo's name is laid over the token's
        issuer.userinfoClaims.put("name", "Name From Userinfo");
        try {
            HttpResponse<String> r = me(env(), valid(user()));
            assertEquals("Name From Userinfo", JSON.readTree(r.body()).path("displayName").asText());
            String sub = user();
            r = me(env("PROXY_OIDC_SKIP_USER_INFO", "true"), valid(sub));
            assertEquals("Alice " + sub, JSON.readTree(r.body()).path("displayName").asText());
        } finally {
            issuer.userinfoClaims.clear();
        }
    }

    @Test
    void defaultRoleDriverGivesUserAtLoginEvenWithoutRoleAtCreation() throws Exception {
        HttpResponse<String> r = me(env("GRAPH_ASSIGN_DEFAULT_USER_ROLE", "false"), valid(user()));
        assertEquals(200, r.statusCode());
        assertEquals(Roles.USER, JSON.readTree(r.body()).path("appRoleAssignments").get(0).path("appRoleId").asText());
    }

    @Test
    @org.junit.jupiter.api.DisplayName("the oidc role driver without the roles claim: 500, from 9.1.0 403 (#3894)")
    void oidcRoleDriverWithoutRolesClaimAnswers500() throws Exception {
        // external-idp.yml alone: the oidc driver reading "roles", which authentik does not send by default
        assertEquals(500, me(env("STANDIN_OPENCLOUD_VERSION", "8.1.0", "PROXY_ROLE_ASSIGNMENT_DRIVER", "oidc",
                "PROXY_ROLE_ASSIGNMENT_OIDC_CLAIM", "roles"), valid(user())).statusCode());
        assertEquals(403, me(env("STANDIN_OPENCLOUD_VERSION", "9.1.0", "PROXY_ROLE_ASSIGNMENT_DRIVER", "oidc",
                "PROXY_ROLE_ASSIGNMENT_OIDC_CLAIM", "roles"), valid(user())).statusCode());
    }

    @Test
    void oidcRoleDriverMapsTheRolesClaim() throws Exception {
        String token = issuer.sign(issuer.claims(user()).claim("roles", List.of("opencloudUser", "opencloudAdmin")).build());
        HttpResponse<String> r = me(env("PROXY_ROLE_ASSIGNMENT_DRIVER", "oidc"), token);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(Roles.ADMIN, JSON.readTree(r.body()).path("appRoleAssignments").get(0).path("appRoleId").asText());
        String unmapped = issuer.sign(issuer.claims(user()).claim("roles", List.of("someGroup")).build());
        assertEquals(500, me(env("PROXY_ROLE_ASSIGNMENT_DRIVER", "oidc"), unmapped).statusCode());
    }

    @Test
    void autoprovisioningWithoutTheNameClaimAnswers500() throws Exception {
        String token = issuer.sign(issuer.claims(user()).claim("name", null).build());
        assertEquals(500, me(env("PROXY_OIDC_SKIP_USER_INFO", "true"), token).statusCode());
    }

    @Test
    void autoprovisioningWithoutTheUsernameClaimAnswers500() throws Exception {
        assertEquals(500, me(env("PROXY_AUTOPROVISION_CLAIM_USERNAME", "preferred_username"), valid(user())).statusCode());
    }

    @Test
    void unknownUserWithoutAutoprovisioningIsRefused() throws Exception {
        assertEquals(401, me(env("PROXY_AUTOPROVISION_ACCOUNTS", "false"), valid(user())).statusCode());
    }

    @Test
    void theSameUserIsFoundOnTheNextLogin() throws Exception {
        String sub = user();
        try (OpenCloudStandIn oc = OpenCloudStandIn.start(env())) {
            String first = JSON.readTree(StandInClient.get(oc, ME, StandInClient.bearer(valid(sub))).body()).path("id").asText();
            String second = JSON.readTree(StandInClient.get(oc, ME, StandInClient.bearer(valid(sub))).body()).path("id").asText();
            assertEquals(first, second);
            assertTrue(!first.isEmpty());
        }
    }

    /**
     * OpenCloud 7.3.0 services/proxy/pkg/user/backend/cs3.go:200-227 (@85e63ca): an account looked up by one claim and
     * created under another is not found again, and creating it again answers "already exists", which the proxy reads
     * back as the same account. Recorded on the real systems (2026-12-07, catalogue): with PROXY_USER_OIDC_CLAIM
     * preferred_username beside PROXY_AUTOPROVISION_CLAIM_USERNAME sub every client's token was accepted for one user.
     */
    @Test
    void anAccountCreatedUnderAnotherClaimIsReadBackNotRefused() throws Exception {
        String sub = user();
        String token = issuer.sign(issuer.claims(sub).claim("preferred_username", "alice").build());
        try (OpenCloudStandIn oc = OpenCloudStandIn.start(env("PROXY_USER_OIDC_CLAIM", "preferred_username"))) {
            HttpResponse<String> first = StandInClient.get(oc, ME, StandInClient.bearer(token));
            HttpResponse<String> second = StandInClient.get(oc, ME, StandInClient.bearer(token));
            assertEquals(200, first.statusCode(), first.body());
            assertEquals(200, second.statusCode(), second.body());
            assertEquals(JSON.readTree(first.body()).path("id").asText(), JSON.readTree(second.body()).path("id").asText());
        }
    }

    @Test
    void discoveryIsFetchedLazilyOnTheFirstBearerRequest() throws Exception {
        int before = issuer.discoveryRequests.get();
        try (OpenCloudStandIn oc = OpenCloudStandIn.start(env())) {
            assertEquals(200, StandInClient.get(oc, "/status.php").statusCode());
            assertEquals(before, issuer.discoveryRequests.get(), "no discovery before a bearer request");
            assertEquals(200, StandInClient.get(oc, ME, StandInClient.bearer(valid(user()))).statusCode());
            assertEquals(before + 1, issuer.discoveryRequests.get());
        }
    }

    @Test
    void webFingerAddsTheServerInstanceForAValidTokenAndRefusesAnInvalidOne() throws Exception {
        String query = "/.well-known/webfinger?resource=https%3A%2F%2Fcloud.opencloud.test";
        try (OpenCloudStandIn oc = OpenCloudStandIn.start(env())) {
            JsonNode jrd = JSON.readTree(StandInClient.get(oc, query, StandInClient.bearer(valid(user()))).body());
            assertEquals(2, jrd.path("links").size(), jrd.toString());
            assertEquals(WebFinger.SERVER_INSTANCE_REL, jrd.path("links").get(1).path("rel").asText());
            assertEquals("https://cloud.opencloud.test", jrd.path("links").get(1).path("href").asText());
            assertEquals(1, JSON.readTree(StandInClient.get(oc, query).body()).path("links").size());
            assertEquals(401, StandInClient.get(oc, query, StandInClient.bearer("not-a-jwt")).statusCode());
        }
    }
}
