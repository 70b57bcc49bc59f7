package io.github.akoc.provision;

import java.util.Map;

/**
 * The pks of objects authentik's blueprints create and providers refer to: the two flows, the scope
 * mappings by scope name, and the certificate key pairs by name.
 */
public record AuthentikObjects(String authorizationFlow, String invalidationFlow, Map<String, String> scopeMappings,
                               Map<String, String> signingKeys) {
    public AuthentikObjects {
        scopeMappings = Map.copyOf(scopeMappings);
        signingKeys = Map.copyOf(signingKeys);
    }

    String scopeMapping(String scope) {
        String pk = scopeMappings.get(scope);
        if (pk == null) {
            throw new IllegalStateException("no scope mapping known for scope '" + scope + "'; known: " + scopeMappings.keySet());
        }
        return pk;
    }

    String signingKey(String name) {
        String pk = signingKeys.get(name);
        if (pk == null) {
            throw new IllegalStateException("no certificate key pair known named '" + name + "'; known: " + signingKeys.keySet());
        }
        return pk;
    }
}
