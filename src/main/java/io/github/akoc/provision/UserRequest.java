package io.github.akoc.provision;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The test user's UserRequest and its UserPasswordSetRequest. */
public final class UserRequest {
    private UserRequest() {
    }

    public static ObjectNode build(AuthentikVersion version, String username) {
        ObjectNode n = AuthentikApi.JSON.createObjectNode();
        n.put("username", username);
        n.put("name", "OpenCloud e2e " + username);
        // OpenCloud's autoprovisioning reads the email claim
        n.put("email", username + "@example.com");
        n.put("is_active", true);
        return n;
    }

    public static ObjectNode setPassword(String password) {
        return AuthentikApi.JSON.createObjectNode().put("password", password);
    }
}
