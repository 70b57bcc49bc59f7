package io.github.akoc.standin.opencloud;

import java.util.ArrayList;
import java.util.List;

/** A user as OpenCloud's Graph knows it; roles are role ids (one, in practice). */
final class GraphUser {
    final String id;
    final String displayName;
    final String mail;
    final String onPremisesSamAccountName;
    final String identityIssuer;
    final String issuerAssignedId;
    private final List<String> roleIds = new ArrayList<>();

    GraphUser(String id, String displayName, String mail, String username, String identityIssuer, String issuerAssignedId) {
        this.id = id;
        this.displayName = displayName;
        this.mail = mail;
        this.onPremisesSamAccountName = username;
        this.identityIssuer = identityIssuer;
        this.issuerAssignedId = issuerAssignedId;
    }

    synchronized List<String> roleIds() {
        return List.copyOf(roleIds);
    }

    synchronized void assign(String roleId) {
        if (!roleIds.contains(roleId)) {
            roleIds.add(roleId);
        }
    }

    synchronized void replaceRoles(String roleId) {
        roleIds.clear();
        roleIds.add(roleId);
    }
}
