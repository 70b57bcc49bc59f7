package io.github.akoc.check;

import io.github.akoc.expectation.Expectation;
import io.github.akoc.expectation.ExpectedClient;

/** OpenCloud's WebFinger as each real client asks it (its profile's query, raw or encoded as the app sends it). */
final class Webfinger {
    static final String ISSUER_REL = "http://openid.net/specs/connect/1.0/issuer";
    static final String CLIENT_ID = "http://opencloud.eu/ns/oidc/client_id";
    static final String SCOPES = "http://opencloud.eu/ns/oidc/scopes";

    private Webfinger() {
    }

    /**
     * The scopes a WebFinger answer's properties carry, as a whitespace-split set (OpenCloud splits its env lists on
     * commas only, so "openid profile" arrives as one element).
     */
    static java.util.Set<String> scopes(com.fasterxml.jackson.databind.JsonNode properties) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        properties.path(SCOPES).forEach(n -> parts.add(n.asText()));
        return WebfingerPlatformsCheck.split(String.join(" ", parts));
    }

    /** The resource the client's app asks about (the server URL as the app writes it). */
    static String resource(Expectation e, ExpectedClient c) {
        return c.profile().webfingerParameter("resource", e.opencloudUrl());
    }

    static String url(Expectation e, ExpectedClient c) {
        return e.opencloudUrl() + "/.well-known/webfinger?" + c.profile().webfingerQuery(e.opencloudUrl());
    }

    /**
     * WebFinger asked with the platform as ADR 0003 specifies it (resource, rel, platform), for a client whose app
     * does not read the platform properties itself (iOS 1.0.1): the guide's .env values are served there.
     */
    static String platformUrl(Expectation e, ExpectedClient c) {
        return issuerUrl(e) + "&platform=" + c.platform();
    }

    /** WebFinger asked for the issuer link alone, as every app asks first. */
    static String issuerUrl(Expectation e) {
        java.util.function.Function<String, String> enc = v -> java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8);
        return e.opencloudUrl() + "/.well-known/webfinger?resource=" + enc.apply(e.opencloudUrl()) + "&rel=" + enc.apply(ISSUER_REL);
    }

    /** The href of a JRD's issuer link, or null. */
    static String issuerLink(com.fasterxml.jackson.databind.JsonNode jrd) {
        String issuer = null;
        for (com.fasterxml.jackson.databind.JsonNode link : jrd.path("links")) {
            if (ISSUER_REL.equals(link.path("rel").asText())) {
                issuer = link.path("href").asText(null);
            }
        }
        return issuer;
    }

    /** The issuer link WebFinger hands every app (no platform asked), or null when it gives none. */
    static String issuerHandedOut(CheckContext ctx) {
        try {
            io.github.akoc.world.HttpResult r = ctx.get(issuerUrl(ctx.expectation()));
            return r.status() == 200 ? issuerLink(r.json()) : null;
        } catch (RuntimeException unreadable) {
            return null; // no verdict here: webfinger.platforms reports WebFinger itself
        }
    }
}
