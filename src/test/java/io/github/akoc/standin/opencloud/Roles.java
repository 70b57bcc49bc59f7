package io.github.akoc.standin.opencloud;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OpenCloud's role assignment at login (PROXY_ROLE_ASSIGNMENT_DRIVER). {@code default}: a user without a role
 * gets User. {@code oidc}: the role comes from the PROXY_ROLE_ASSIGNMENT_OIDC_CLAIM claim, mapped with
 * OpenCloud's default mapping, highest privilege first; no such claim is an error (500 at the proxy).
 */
final class Roles {
    static final String ADMIN = "71881883-1768-46bd-a24d-a356a2afdf7f";
    static final String SPACE_ADMIN = "2aadd357-682c-406b-8874-293091995fdd";
    static final String USER = "d7beeea8-8ff4-406b-8fb6-ab2dd81e6b11";
    static final String USER_LIGHT = "38071a68-456a-4553-846a-fa67bf5596cc";

    /** OpenCloud's default oidc role mapping, ordered from the highest privilege down. */
    private static final Map<String, String> CLAIM_VALUE_TO_ROLE = new LinkedHashMap<>();

    static {
        CLAIM_VALUE_TO_ROLE.put("opencloudAdmin", ADMIN);
        CLAIM_VALUE_TO_ROLE.put("opencloudSpaceAdmin", SPACE_ADMIN);
        CLAIM_VALUE_TO_ROLE.put("opencloudUser", USER);
        CLAIM_VALUE_TO_ROLE.put("opencloudGuest", USER_LIGHT);
    }

    private final OpenCloudEnv.RoleDriver driver;
    private final String rolesClaim;
    /** A token without the roles claim: 500, and 403 from 9.1.0 (OpenCloudRelease.ROLES_403_SINCE). */
    private final int missingClaimStatus;

    Roles(OpenCloudEnv env) {
        this.driver = env.roleDriver();
        this.rolesClaim = env.rolesClaim();
        this.missingClaimStatus = env.release().answers403WithoutRoles() ? 403 : 500;
    }

    /** Updates the user's role for this login; HttpStatusException(500) where OpenCloud fails the request. */
    void assignAtLogin(GraphUser user, Map<String, Object> claims) {
        switch (driver) {
            case DEFAULT -> {
                if (user.roleIds().isEmpty()) {
                    user.assign(USER);
                }
            }
            case OIDC -> {
                Set<String> values = claimValues(claims);
                if (values.isEmpty()) {
                    throw new HttpStatusException(missingClaimStatus, "no roles set in claim " + rolesClaim);
                }
                String role = CLAIM_VALUE_TO_ROLE.entrySet().stream().filter(e -> values.contains(e.getKey()))
                        .map(Map.Entry::getValue).findFirst()
                        .orElseThrow(() -> new HttpStatusException(500, "no role in claim maps to an OpenCloud role"));
                user.replaceRoles(role);
            }
        }
    }

    private Set<String> claimValues(Map<String, Object> claims) {
        Object value = claims.get(rolesClaim);
        if (value == null) {
            value = ClaimPath.walk(rolesClaim, claims);
        }
        Set<String> out = new LinkedHashSet<>();
        if (value instanceof String s) {
            out.add(s);
        } else if (value instanceof List<?> list) {
            for (Object o : list) {
                if (!(o instanceof String s)) {
                    throw new HttpStatusException(500, "invalid role in claims");
                }
                out.add(s);
            }
        } else {
            throw new HttpStatusException(missingClaimStatus, "no roles in user claims");
        }
        return out;
    }
}
