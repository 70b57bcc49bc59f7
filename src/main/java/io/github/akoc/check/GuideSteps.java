package io.github.akoc.check;

import io.github.akoc.deployment.Provider;
import io.github.akoc.deployment.Deployment;

/**
 * The steps of GUIDE.md in the guide's own words, so that every finding names the step an operator has to
 * look at. Each step is prefixed with the setup ("web-only: ...") because the two setups differ exactly there.
 */
public final class GuideSteps {
    private GuideSteps() {
    }

    static boolean sharedIssuerMode(Deployment s) {
        return s.providers().stream().anyMatch(c -> c.issuerMode() == Provider.IssuerMode.GLOBAL)
                || !s.issuer().startsWith(s.authentik().baseUrl() + "application/o/");
    }

    public static String issuerMode(Deployment s) {
        return sharedIssuerMode(s)
                ? s.name() + ": issuer mode 'Same identifier is used for all providers' on every provider"
                : s.name() + ": the application's own issuer (https://" + s.authentik().host() + "/application/o/<slug>/)";
    }

    public static String issuerUrl(Deployment s) {
        return s.name() + ": .env IDP_ISSUER_URL (the issuer, with its trailing slash)";
    }

    public static String proxyRule(Deployment s) {
        return s.name() + ": reverse proxy maps /.well-known/openid-configuration to /application/o/"
                + s.authentik().discoverySlug() + "/.well-known/openid-configuration, header_up X-Forwarded-Proto https";
    }

    public static String signingKey(Deployment s) {
        return sharedIssuerMode(s)
                ? s.name() + ": the SAME signing key on every provider (the shared issuer exposes one jwks_uri)"
                : s.name() + ": provider with a signing key";
    }

    public static String provider(Deployment s, Provider c) {
        return s.name() + ": provider " + c.clientId() + " (client type " + c.clientType().name().toLowerCase()
                + ", scopes " + String.join(" ", c.scopes()) + ")";
    }

    public static String offlineAccess(Deployment s, Provider c) {
        return s.name() + ": provider " + c.clientId() + " scopes include offline_access (for refresh tokens)";
    }

    public static String redirectUris(Deployment s, Provider c) {
        return s.name() + ": provider " + c.clientId() + " redirect URIs " + c.redirectUris().stream()
                .map(r -> r.matchingMode().apiValue() + " " + r.url()).toList();
    }

    public static String webfinger(Deployment s, Provider c) {
        return s.name() + ": .env " + c.webfingerEnvPrefix() + "ID and " + c.webfingerEnvPrefix() + "SCOPES";
    }

    public static String webConfig(Deployment s) {
        return s.name() + ": .env IDP_ISSUER_URL and OC_OIDC_CLIENT_ID=" + s.webProvider().clientId();
    }

    public static String rolesOverlay(Deployment s) {
        return s.name() + ": COMPOSE_FILE includes custom/authentik-roles.yml (PROXY_ROLE_ASSIGNMENT_DRIVER=default, "
                + "GRAPH_ASSIGN_DEFAULT_USER_ROLE=true)";
    }

    public static String verifiedLogin(Deployment s) {
        return s.name() + ": verified when " + s.opencloud().baseUrl()
                + " redirects to authentik, and after login back";
    }
}
