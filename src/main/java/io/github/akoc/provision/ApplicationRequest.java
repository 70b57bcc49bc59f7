package io.github.akoc.provision;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.akoc.deployment.Provider;

/** The ApplicationRequest of one client (the same shape on every release we cover). */
public final class ApplicationRequest {
    private ApplicationRequest() {
    }

    public static ObjectNode build(AuthentikVersion version, Provider client, int providerPk) {
        ObjectNode n = AuthentikApi.JSON.createObjectNode();
        n.put("name", ProviderRequest.name(client));
        n.put("slug", client.slug());
        n.put("provider", providerPk);
        return n;
    }
}
