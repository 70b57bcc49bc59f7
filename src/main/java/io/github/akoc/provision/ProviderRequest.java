package io.github.akoc.provision;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.akoc.deployment.Provider;
import io.github.akoc.deployment.RedirectUri;
import io.github.akoc.deployment.Deployment;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The OAuth2ProviderRequest of one client, shaped for one authentik release: redirect URIs as a string
 * or a list, refresh_token_threshold and grant_types only where the release's schema has them.
 */
public final class ProviderRequest {
    /** What a 2026.5+ provider needs for code + PKCE and refresh (facts: a provider without them gets []). */
    public static final List<String> DEFAULT_GRANT_TYPES = List.of("authorization_code", "refresh_token");
    /** Written in a client's signingKey to provision it without a key (tokens then HS256). */
    public static final String NO_SIGNING_KEY = "none";

    private ProviderRequest() {
    }

    public static ObjectNode build(AuthentikVersion version, Deployment setup, Provider client, AuthentikObjects objects) {
        ObjectNode n = AuthentikApi.JSON.createObjectNode();
        n.put("name", name(client));
        n.put("authorization_flow", objects.authorizationFlow());
        n.put("invalidation_flow", objects.invalidationFlow());
        n.put("client_type", client.clientType() == Provider.ClientType.PUBLIC ? "public" : "confidential");
        n.put("client_id", client.clientId());
        if (client.redirectUris().stream().anyMatch(u -> u.type() == RedirectUri.Type.LOGOUT) && !version.redirectUriTypes()) {
            throw new IllegalArgumentException("provider " + client.clientId() + ": a Post Logout redirect URI (type: logout) needs "
                    + "authentik 2026.5 or later, this is " + version + "; remove it, or run a newer authentik");
        }
        if (version.redirectUrisAsList()) {
            ArrayNode uris = n.putArray("redirect_uris");
            for (RedirectUri u : client.redirectUris()) {
                ObjectNode uri = uris.addObject().put("matching_mode", u.matchingMode().apiValue()).put("url", u.url());
                if (version.redirectUriTypes()) {
                    // always sent where it exists: authentik answers every URI with its type (recorded 2026.8.0-rc1), so a
                    // request without the default would never agree with what is stored and be written again each run
                    uri.put("redirect_uri_type", u.type().apiValue());
                }
            }
        } else {
            n.put("redirect_uris", client.redirectUris().stream().map(RedirectUri::url).collect(Collectors.joining("\n")));
        }
        String key = signingKeyName(setup, client);
        if (key == null) {
            n.putNull("signing_key");
        } else {
            n.put("signing_key", objects.signingKey(key));
        }
        ArrayNode mappings = n.putArray("property_mappings");
        client.scopes().forEach(s -> mappings.add(objects.scopeMapping(s)));
        n.put("issuer_mode", client.issuerMode().apiValue());
        n.put("sub_mode", client.subMode() != null ? client.subMode() : "hashed_user_id");
        // always sent: a PUT that omits it keeps an earlier encryption key, and every token stays a JWE
        if (client.encryptionKey() != null) {
            n.put("encryption_key", objects.signingKey(client.encryptionKey()));
        } else {
            n.putNull("encryption_key");
        }
        n.put("include_claims_in_id_token", true);
        if (version.refreshTokenThreshold()) {
            // always rotate, so the refresh check sees rotation whatever the release's default is
            n.put("refresh_token_threshold", "seconds=0");
        }
        if (version.grantTypes()) {
            ArrayNode grants = n.putArray("grant_types");
            (client.grantTypes() != null ? client.grantTypes() : DEFAULT_GRANT_TYPES).forEach(grants::add);
        }
        return n;
    }

    public static String name(Provider client) {
        return "OpenCloud " + client.platform();
    }

    /** The key pair name a client's provider signs with, or null for "none". */
    public static String signingKeyName(Deployment setup, Provider client) {
        String key = client.signingKey() != null ? client.signingKey() : setup.authentik().signingKey();
        return key == null || key.equals(NO_SIGNING_KEY) ? null : key;
    }
}
