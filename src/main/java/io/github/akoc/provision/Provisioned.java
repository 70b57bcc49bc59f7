package io.github.akoc.provision;

import java.util.Map;

/**
 * What provisioning left in authentik: the test user and, per client id, its provider's pk and its
 * application's slug. The password is random per run; toString never shows it.
 */
public record Provisioned(String username, String password, Map<String, Integer> providers,
                          Map<String, String> applications) {
    public Provisioned {
        providers = Map.copyOf(providers);
        applications = Map.copyOf(applications);
    }

    @Override
    public String toString() {
        return "Provisioned[username=" + username + ", password=****, providers=" + providers
                + ", applications=" + applications + "]";
    }
}
