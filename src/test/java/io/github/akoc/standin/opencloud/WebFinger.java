package io.github.akoc.standin.opencloud;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * GET /.well-known/webfinger (facts/opencloud.md § WebFinger): the issuer link for anyone; the per-platform
 * client id and scopes as properties for a known platform; the server-instance link only for a request whose
 * bearer token is valid (an invalid one is refused with 401 by the proxy in front).
 */
final class WebFinger {
    static final String ISSUER_REL = "http://openid.net/specs/connect/1.0/issuer";
    static final String SERVER_INSTANCE_REL = "http://webfinger.opencloud/rel/server-instance";
    static final String CLIENT_ID_PROPERTY = "http://opencloud.eu/ns/oidc/client_id";
    static final String SCOPES_PROPERTY = "http://opencloud.eu/ns/oidc/scopes";

    private final OpenCloudEnv env;
    private final Authenticator authenticator;

    WebFinger(OpenCloudEnv env, Authenticator authenticator) {
        this.env = env;
        this.authenticator = authenticator;
    }

    void handle(HttpExchange ex) throws IOException {
        boolean signedIn = authenticator.login(ex).isPresent();
        Map<String, List<String>> q = Exchanges.query(ex);
        String resource = q.getOrDefault("resource", List.of("")).get(0);
        if (resource.isEmpty()) {
            throw new HttpStatusException(400, "missing resource parameter");
        }
        List<String> rels = q.getOrDefault("rel", List.of());

        List<Map<String, Object>> links = new ArrayList<>();
        if (wanted(rels, ISSUER_REL)) {
            links.add(link(ISSUER_REL, env.webfingerIssuer()));
        }
        if (signedIn && wanted(rels, SERVER_INSTANCE_REL)) {
            Map<String, Object> instance = link(SERVER_INSTANCE_REL, env.ocUrl().toString());
            instance.put("titles", Map.of("en", "OpenCloud Instance"));
            links.add(instance);
        }
        Map<String, Object> jrd = new LinkedHashMap<>();
        jrd.put("subject", resource);
        jrd.put("links", links);
        Optional<OpenCloudEnv.Platform> platform = OpenCloudEnv.Platform.of(q.getOrDefault("platform", List.of("")).get(0));
        platform.ifPresent(p -> {
            OpenCloudEnv.OidcClientConfig c = env.webfinger().get(p);
            Map<String, Object> props = new LinkedHashMap<>();
            props.put(CLIENT_ID_PROPERTY, c.clientId());
            props.put(SCOPES_PROPERTY, c.scopes());
            jrd.put("properties", props);
        });
        Exchanges.json(ex, 200, jrd);
    }

    private static Map<String, Object> link(String rel, String href) {
        Map<String, Object> link = new LinkedHashMap<>();
        link.put("rel", rel);
        link.put("href", href);
        return link;
    }

    /** No rel asks for every relation; otherwise only the named ones are added. */
    private static boolean wanted(List<String> rels, String rel) {
        return rels.isEmpty() || rels.contains(rel);
    }
}
