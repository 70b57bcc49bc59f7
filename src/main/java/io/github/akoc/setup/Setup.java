package io.github.akoc.setup;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One setup of the guide as data (fixtures/NAME.yml). Every layer below reads it; no client id, URI
 * or scope is written a second time in code.
 */
public record Setup(String name, Authentik authentik, List<Client> clients, OpenCloud opencloud, Proxy proxy) {

    /** What is provisioned in authentik besides the clients. */
    public record Authentik(String host, String discoverySlug, String authorizationFlow, String invalidationFlow,
                            String signingKey) {
        public String baseUrl() {
            return "https://" + host + "/";
        }
    }

    /** opencloud-compose: the COMPOSE_FILE list and the .env values. */
    public record OpenCloud(String host, List<String> composeFiles, Map<String, String> env) {
        public String baseUrl() {
            return "https://" + host;
        }
    }

    /** The guide's proxy rule in front of authentik (compose/Caddyfile) and the lines a mutation drops. */
    public record Proxy(boolean rewriteDiscovery, String forwardedProto, List<String> dropLines) {
        public Proxy {
            dropLines = dropLines == null ? List.of() : List.copyOf(dropLines);
        }
    }

    /** The issuer OpenCloud is configured with: IDP_ISSUER_URL of the .env. */
    public String issuer() {
        return opencloud.env().get("IDP_ISSUER_URL");
    }

    public Optional<Client> client(String platform) {
        return clients.stream().filter(c -> c.platform().equals(platform)).findFirst();
    }

    public Client webClient() {
        return client("web").orElseThrow(() -> new IllegalStateException("setup " + name + " has no web client"));
    }

    /** The per-application issuer authentik gives a provider in per_provider mode. */
    public String applicationIssuer(String slug) {
        return authentik.baseUrl() + "application/o/" + slug + "/";
    }
}
