package io.github.akoc.deployment;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A deployment: what is configured (fixtures/deployments/NAME.yml for the guide's own, a mutation of it, or a
 * live deployment's values): authentik's providers and applications, the OpenCloud .env and compose files, the
 * proxy rule. Provisioning and the stacks bring it to life; the checks judge it against an
 * {@link io.github.akoc.expectation.Expectation}, which is never derived from it.
 */
public record Deployment(String name, Authentik authentik, List<Provider> providers, OpenCloud opencloud, Proxy proxy) {

    /**
     * What is provisioned in authentik besides the clients; trustedProxyCidrs is AUTHENTIK_LISTEN__TRUSTED_PROXY_CIDRS
     * where the operator sets it (null: authentik's default, which holds the private networks and loopback).
     */
    public record Authentik(String host, String discoverySlug, String authorizationFlow, String invalidationFlow,
                            String signingKey, String trustedProxyCidrs) {
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

    /**
     * The guide's proxy rule in front of authentik (compose/Caddyfile) and how a mutation edits it, as a user
     * would: lines containing a {@code dropLines} text are removed, lines containing a {@code replaceLines} key
     * are replaced by its value.
     */
    public record Proxy(boolean rewriteDiscovery, String forwardedProto, List<String> dropLines,
                        Map<String, String> replaceLines) {
        public Proxy {
            dropLines = dropLines == null ? List.of() : List.copyOf(dropLines);
            replaceLines = replaceLines == null ? Map.of() : Map.copyOf(replaceLines);
        }

        /** The Caddyfile text after this rule's edits. */
        public String edit(String caddyfile) {
            StringBuilder out = new StringBuilder();
            for (String line : caddyfile.split("\n", -1)) {
                if (dropLines.stream().anyMatch(line::contains)) {
                    continue;
                }
                String replaced = line;
                for (Map.Entry<String, String> r : replaceLines.entrySet()) {
                    if (line.contains(r.getKey())) {
                        replaced = line.substring(0, line.indexOf(line.strip())) + r.getValue();
                    }
                }
                out.append(replaced).append('\n');
            }
            return out.substring(0, out.length() - 1);
        }
    }

    /** The signing key of a client's provider: its own, else the setup's; "none" means no key (HS256). */
    public String signingKeyOf(Provider client) {
        return client.signingKey() != null ? client.signingKey() : authentik.signingKey();
    }

    /** The issuer OpenCloud is configured with: IDP_ISSUER_URL of the .env (what the deployment says, not what must hold). */
    public String configuredIssuer() {
        return opencloud.env().get("IDP_ISSUER_URL");
    }

    public Optional<Provider> provider(String platform) {
        return providers.stream().filter(c -> c.platform().equals(platform)).findFirst();
    }

    public Provider webProvider() {
        return provider("web").orElseThrow(() -> new IllegalStateException("deployment " + name + " has no web provider"));
    }
}
