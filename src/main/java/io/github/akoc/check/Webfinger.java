package io.github.akoc.check;

import io.github.akoc.deployment.Deployment;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** OpenCloud's WebFinger as the clients ask it: resource = the server URL, platform = the client's platform. */
final class Webfinger {
    static final String ISSUER_REL = "http://openid.net/specs/connect/1.0/issuer";
    static final String CLIENT_ID = "http://opencloud.eu/ns/oidc/client_id";
    static final String SCOPES = "http://opencloud.eu/ns/oidc/scopes";

    private Webfinger() {
    }

    static String resource(Deployment s) {
        return s.opencloud().baseUrl();
    }

    static String url(Deployment s, String platform) {
        return s.opencloud().baseUrl() + "/.well-known/webfinger?resource="
                + URLEncoder.encode(resource(s), StandardCharsets.UTF_8) + "&platform=" + platform;
    }
}
