package io.github.akoc.standin.opencloud;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** GET /graph/v1.0/me for the bearer's user (facts/opencloud.md § Endpoints a verifier can call). */
final class Graph {
    private final Authenticator authenticator;
    /** GRAPH_APPLICATION_ID: written once per instance by opencloud init; the roles are assigned on this application. */
    private final String applicationId = UUID.randomUUID().toString();

    Graph(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    void me(HttpExchange ex) throws IOException {
        GraphUser user = authenticator.required(ex).user();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", user.id);
        body.put("displayName", user.displayName);
        if (user.mail != null) {
            body.put("mail", user.mail);
        }
        body.put("onPremisesSamAccountName", user.onPremisesSamAccountName);
        body.put("identities", List.of(Map.of("issuer", user.identityIssuer, "issuerAssignedId", user.issuerAssignedId)));
        if (expands(ex).contains("appRoleAssignments")) {
            List<Map<String, Object>> assignments = new ArrayList<>();
            for (String role : user.roleIds()) {
                // approleassignments.go @7.3.0: resource = the configured application (GRAPH_APPLICATION_DISPLAYNAME "OpenCloud")
                assignments.add(Map.of("id", UUID.nameUUIDFromBytes((user.id + role).getBytes()).toString(),
                        "appRoleId", role, "principalId", user.id, "principalType", "User",
                        "resourceDisplayName", "OpenCloud", "resourceId", applicationId));
            }
            body.put("appRoleAssignments", assignments);
        }
        // users.go @7.3.0: /me always carries the user's language (settings default "en"); autoprovisioned users are "Member"
        body.put("preferredLanguage", "en");
        body.put("userType", "Member");
        Exchanges.json(ex, 200, body);
    }

    private static List<String> expands(HttpExchange ex) {
        List<String> out = new ArrayList<>();
        for (String v : Exchanges.query(ex).getOrDefault("$expand", List.of())) {
            out.addAll(Arrays.stream(v.split(",")).map(String::trim).toList());
        }
        return out;
    }
}
