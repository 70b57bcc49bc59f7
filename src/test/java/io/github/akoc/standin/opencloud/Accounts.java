package io.github.akoc.standin.opencloud;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * OpenCloud's account resolver: finds the user whose username equals the PROXY_USER_OIDC_CLAIM claim, creates
 * it when PROXY_AUTOPROVISION_ACCOUNTS=true (from the name, email and PROXY_AUTOPROVISION_CLAIM_USERNAME
 * claims; an account of that username already there is read back), then lets the role driver run. Status codes are
 * the proxy's: 401 unknown user without autoprovisioning, 500 a missing claim or a role error.
 */
final class Accounts {
    private static final String DISPLAY_NAME_CLAIM = "name";
    private static final String EMAIL_CLAIM = "email";

    private final OpenCloudEnv env;
    private final Roles roles;
    private final Map<String, GraphUser> byUsername = new ConcurrentHashMap<>();

    Accounts(OpenCloudEnv env) {
        this.env = env;
        this.roles = new Roles(env);
    }

    GraphUser resolve(Map<String, Object> claims) {
        String value = ClaimPath.string(env.userOidcClaim(), claims);
        if (value == null) {
            throw new HttpStatusException(500, "could not read user id claim " + env.userOidcClaim());
        }
        GraphUser user;
        synchronized (this) {
            user = byUsername.get(value);
            if (user == null) {
                if (!env.autoprovision()) {
                    throw new HttpStatusException(401, "no user for claim " + env.userOidcClaim() + " and autoprovisioning is off");
                }
                user = create(claims);
                // Users are looked up by username: a username claim other than the user claim finds no user next time.
                // Creating it again answers "already exists", which OpenCloud 7.3.0 takes as a user created meanwhile and
                // reads back (services/proxy/pkg/user/backend/cs3.go:200-227 @85e63ca): the same account, no error.
                GraphUser existing = byUsername.putIfAbsent(user.onPremisesSamAccountName, user);
                if (existing != null) {
                    user = existing;
                }
            }
        }
        roles.assignAtLogin(user, claims);
        return user;
    }

    private GraphUser create(Map<String, Object> claims) {
        String displayName = ClaimPath.string(DISPLAY_NAME_CLAIM, claims);
        if (displayName == null) {
            throw new HttpStatusException(500, "autoprovisioning failed: missing claim " + DISPLAY_NAME_CLAIM);
        }
        String username = ClaimPath.string(env.autoprovisionUsernameClaim(), claims);
        if (username == null) {
            throw new HttpStatusException(500, "autoprovisioning failed: missing claim " + env.autoprovisionUsernameClaim());
        }
        GraphUser user = new GraphUser(UUID.randomUUID().toString(), displayName,
                ClaimPath.string(EMAIL_CLAIM, claims), username,
                String.valueOf(claims.get("iss")), String.valueOf(claims.get("sub")));
        if (env.assignDefaultUserRole()) {
            user.assign(Roles.USER);
        }
        return user;
    }
}
