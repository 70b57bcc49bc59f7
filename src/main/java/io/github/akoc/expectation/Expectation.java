package io.github.akoc.expectation;

import java.util.List;
import java.util.Optional;

/**
 * What must hold for a deployment that follows one setup of the guide: the issuer every client and
 * OpenCloud must agree on, and the clients with their real behaviour. Built from the guide's
 * requirements ({@link GuideRequirements}) and the client profiles, stated in the deployment's
 * {@link Names}; never from the deployment's configured values, so a mutation of the deployment leaves it
 * unchanged.
 *
 * @param setup       "web-only" or "web-desktop-mobile"
 * @param sharedIssuer true when the guide has all providers share one issuer (global issuer mode)
 */
public record Expectation(String setup, boolean sharedIssuer, String issuer, Names names, List<ExpectedClient> clients) {
    public Expectation {
        clients = List.copyOf(clients);
    }

    public Optional<ExpectedClient> client(String platform) {
        return clients.stream().filter(c -> c.platform().equals(platform)).findFirst();
    }

    public ExpectedClient webClient() {
        return client("web").orElseThrow(() -> new IllegalStateException("setup " + setup + " has no web client"));
    }

    public String opencloudUrl() {
        return names.opencloudUrl();
    }

    /** Where the guide's OpenCloud looks for the issuer's discovery: the issuer without its trailing slash + /.well-known/... */
    public String issuerDiscoveryUrl() {
        return trimSlash(issuer) + "/.well-known/openid-configuration";
    }

    public String applicationIssuer(String platform) {
        return names.idpBaseUrl() + "application/o/" + names.slug(platform) + "/";
    }

    public String applicationDiscoveryUrl(String platform) {
        return applicationIssuer(platform) + ".well-known/openid-configuration";
    }

    static String trimSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
