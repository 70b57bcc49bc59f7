package io.github.akoc.check;

import io.github.akoc.deployment.RedirectUri;
import io.github.akoc.expectation.Expectation;
import io.github.akoc.expectation.ExpectedClient;

/**
 * The steps of GUIDE.md in the guide's own words, so that every finding names the step an operator has to
 * look at. Each step is prefixed with the setup ("web-only: ...") because the two setups differ exactly there.
 * Steps come from the expectation (what the guide says), never from the deployment under test.
 */
public final class GuideSteps {
    private GuideSteps() {
    }

    public static String issuerMode(Expectation e) {
        return e.sharedIssuer()
                ? e.setup() + ": issuer mode 'Same identifier is used for all providers' on every provider"
                : e.setup() + ": the application's own issuer (https://" + e.names().idpHost() + "/application/o/<slug>/)";
    }

    public static String issuerUrl(Expectation e) {
        return e.setup() + ": .env IDP_ISSUER_URL=" + e.issuer() + " (with its trailing slash)";
    }

    public static String proxyRule(Expectation e) {
        return e.setup() + ": reverse proxy maps /.well-known/openid-configuration to one application's "
                + "/application/o/<slug>/.well-known/openid-configuration, header_up X-Forwarded-Proto https";
    }

    public static String signingKey(Expectation e) {
        return e.sharedIssuer()
                ? e.setup() + ": the SAME signing key on every provider (the shared issuer exposes one jwks_uri)"
                : e.setup() + ": provider with a signing key";
    }

    public static String provider(Expectation e, ExpectedClient c) {
        return e.setup() + ": provider " + c.clientId() + " (client type public, scopes " + String.join(" ", c.providerScopes()) + ")";
    }

    public static String subjectMode(Expectation e, ExpectedClient c) {
        return e.setup() + ": provider " + c.clientId() + " with the subject mode of every other provider (authentik's default, "
                + "hashed user id); opencloud-compose idm/external-idp.yml identifies users by sub (PROXY_USER_OIDC_CLAIM=sub)";
    }

    public static String offlineAccess(Expectation e, ExpectedClient c) {
        return e.setup() + ": provider " + c.clientId() + " scopes include offline_access (for refresh tokens); .env "
                + c.webfingerEnvPrefix() + "SCOPES=" + String.join(" ", c.webfingerScopes());
    }

    public static String redirectUris(Expectation e, ExpectedClient c) {
        return e.setup() + ": provider " + c.clientId() + " redirect URIs " + c.redirectUris().stream()
                .map(GuideSteps::uri).toList();
    }

    static String uri(RedirectUri r) {
        return r.matchingMode().apiValue() + " " + r.url();
    }

    public static String webfinger(Expectation e, ExpectedClient c) {
        return e.setup() + ": .env " + c.webfingerEnvPrefix() + "ID=" + c.clientId() + " and " + c.webfingerEnvPrefix()
                + "SCOPES=" + String.join(" ", c.webfingerScopes());
    }

    public static String webConfig(Expectation e) {
        return e.setup() + ": .env IDP_ISSUER_URL=" + e.issuer() + " and OC_OIDC_CLIENT_ID=" + e.webClient().clientId();
    }

    public static String idpDomain(Expectation e) {
        return e.setup() + ": .env IDP_DOMAIN=" + e.names().idpHost() + " (opencloud-compose's CSP lets the web UI reach the "
                + "identity provider by it)";
    }

    public static String rolesOverlay(Expectation e) {
        return e.setup() + ": COMPOSE_FILE includes custom/authentik-roles.yml (PROXY_ROLE_ASSIGNMENT_DRIVER=default, "
                + "GRAPH_ASSIGN_DEFAULT_USER_ROLE=true)";
    }

    public static String verifiedLogin(Expectation e) {
        return e.setup() + ": verified when " + e.opencloudUrl() + " redirects to authentik, and after login back";
    }
}
