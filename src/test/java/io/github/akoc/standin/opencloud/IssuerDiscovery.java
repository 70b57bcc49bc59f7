package io.github.akoc.standin.opencloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWKSet;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.util.Optional;

/**
 * The issuer's discovery document and key set as OpenCloud's proxy loads them: lazily, on the first bearer
 * request, from TrimSuffix(issuer, "/") + "/.well-known/openid-configuration", refusing a document whose
 * issuer differs from the configured one in any character. Only a successful load is kept.
 */
final class IssuerDiscovery {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String issuer;
    private final IssuerHttpClient http;
    private volatile Metadata metadata;
    private volatile JWKSet keys;

    record Metadata(String jwksUri, Optional<String> userinfoEndpoint) {
    }

    IssuerDiscovery(String issuer, IssuerHttpClient http) {
        this.issuer = issuer;
        this.http = http;
    }

    /** Where OpenCloud looks for discovery: no doubled slash for an issuer with a trailing one. */
    String discoveryUrl() {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        return base + "/.well-known/openid-configuration";
    }

    Metadata metadata() {
        Metadata m = metadata;
        if (m == null) {
            synchronized (this) {
                if (metadata == null) {
                    metadata = load();
                }
                m = metadata;
            }
        }
        return m;
    }

    /** The cached key set; {@code refresh} fetches it again (a kid not seen yet may be a rotated key). */
    JWKSet keys(boolean refresh) {
        JWKSet k = keys;
        if (k == null || refresh) {
            String uri = metadata().jwksUri();
            try {
                HttpResponse<String> r = http.get(uri, Optional.empty());
                if (r.statusCode() != 200) {
                    throw new HttpStatusException(401, "jwks_uri " + uri + " answered " + r.statusCode());
                }
                k = JWKSet.parse(r.body());
                keys = k;
            } catch (IOException e) {
                throw new HttpStatusException(401, "cannot fetch jwks_uri " + uri + ": " + e, e);
            } catch (ParseException e) {
                throw new HttpStatusException(401, "jwks_uri " + uri + " is not a JWK set: " + e.getMessage(), e);
            }
        }
        return k;
    }

    /** The raw discovery response, for the /.well-known/openid-configuration relay. */
    HttpResponse<String> fetchRaw() throws IOException {
        return http.get(discoveryUrl(), Optional.empty());
    }

    private Metadata load() {
        String url = discoveryUrl();
        JsonNode doc;
        try {
            HttpResponse<String> r = http.get(url, Optional.empty());
            if (r.statusCode() != 200) {
                throw new HttpStatusException(401, "discovery " + url + " answered " + r.statusCode());
            }
            doc = JSON.readTree(r.body());
        } catch (IOException e) {
            throw new HttpStatusException(401, "cannot fetch discovery " + url + ": " + e, e);
        }
        String reported = doc.path("issuer").asText("");
        if (!reported.equals(issuer)) {
            throw new HttpStatusException(401, "issuer did not match: configured " + issuer
                    + ", discovery reports " + reported);
        }
        String jwksUri = doc.path("jwks_uri").asText("");
        if (jwksUri.isEmpty()) {
            throw new HttpStatusException(401, "discovery " + url + " has no jwks_uri");
        }
        String userinfo = doc.path("userinfo_endpoint").asText("");
        return new Metadata(jwksUri, userinfo.isEmpty() ? Optional.empty() : Optional.of(userinfo));
    }
}
