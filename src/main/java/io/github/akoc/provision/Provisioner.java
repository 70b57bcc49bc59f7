package io.github.akoc.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.akoc.deployment.Provider;
import io.github.akoc.expectation.ForeignApplication;
import io.github.akoc.deployment.Deployment;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Provisions a setup into authentik through its admin API, as the guide's steps say: the test user, and
 * per client one OAuth2 provider and one application. It first waits until the objects the providers
 * refer to exist (blueprints create them after authentik reports healthy). Idempotent: objects found by
 * client id / slug / username are PUT to the desired state instead of created.
 */
public final class Provisioner {
    public static final String DEFAULT_USERNAME = "oc-e2e-user";
    /** The key pair authentik's blueprints create on a fresh instance. */
    public static final String SELF_SIGNED = "authentik Self-signed Certificate";
    static final int GENERATED_KEY_DAYS = 365;
    /** Containers: the worker applies the blueprints after start; no startup figure is published. */
    public static final Duration DEFAULT_READINESS_TIMEOUT = Duration.ofMinutes(10);

    private final AuthentikApi api;
    private final Duration readinessTimeout;
    private final Duration pollInterval;
    private final String username;
    private final String password;
    private Runnable liveness = () -> { };

    public Provisioner(AuthentikApi api) {
        this(api, DEFAULT_READINESS_TIMEOUT, Duration.ofSeconds(1), DEFAULT_USERNAME);
    }

    public Provisioner(AuthentikApi api, Duration readinessTimeout, Duration pollInterval, String username) {
        this.api = api;
        this.readinessTimeout = readinessTimeout;
        this.pollInterval = pollInterval;
        this.username = username;
        this.password = randomPassword();
    }

    /** Called on every poll of the readiness wait: a stack whose authentik exited ends the wait at once. */
    public Provisioner withLiveness(Runnable check) {
        this.liveness = check;
        return this;
    }

    public Provisioned provision(Deployment setup, AuthentikVersion version) {
        AuthentikObjects objects = withKeys(setup, awaitObjects(setup, version));
        provisionUser(version);
        Map<String, Integer> providers = new LinkedHashMap<>();
        Map<String, String> applications = new LinkedHashMap<>();
        for (Provider client : setup.providers()) {
            int pk = provisionProvider(ProviderRequest.build(version, setup, client, objects), client);
            providers.put(client.clientId(), pk);
            provisionApplication(ApplicationRequest.build(version, client, pk), client);
            applications.put(client.clientId(), client.slug());
        }
        // the suite's probes for opencloud.rejects-foreign-token: not the deployment's, so not in Provisioned
        for (ForeignApplication probe : ForeignApplication.PROBES) {
            Provider client = probe.asProvider();
            int pk = provisionProvider(ProviderRequest.build(version, setup, client, objects), client);
            provisionApplication(ApplicationRequest.build(version, client, pk), client);
        }
        return new Provisioned(username, password, providers, applications);
    }

    /**
     * Waits (bounded) until the API token works and the objects authentik's blueprints create exist: the flows and
     * scope mappings the setup's providers refer to, the self-signed key pair, and every shipped blueprint applied
     * once (the login flow's stages included). The bootstrap token itself is
     * applied by the worker after the server reports healthy, so 401/403 here means "not yet", within the bound.
     */
    public AuthentikObjects awaitObjects(Deployment setup, AuthentikVersion version) {
        AtomicReference<String> missing = new AtomicReference<>("nothing asked yet");
        AtomicReference<AuthentikObjects> found = new AtomicReference<>();
        try {
            Awaitility.await("authentik objects for setup " + setup.name())
                    .atMost(readinessTimeout)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(pollInterval)
                    .until(() -> {
                        liveness.run();
                        List<String> absent = new ArrayList<>();
                        Optional<AuthentikObjects> o = lookUpObjects(setup, version, absent);
                        if (!Thread.currentThread().isInterrupted()) { // an evaluation cut off by the timeout knows nothing
                            missing.set(String.join(", ", absent));
                        }
                        o.ifPresent(found::set);
                        return o.isPresent();
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("authentik was not ready to provision setup " + setup.name() + " within "
                    + readinessTimeout + " (waited for the API token to be accepted and for the objects its blueprints create): "
                    + "still missing " + missing.get(), e);
        }
        return found.get();
    }

    private Optional<AuthentikObjects> lookUpObjects(Deployment setup, AuthentikVersion version, List<String> absent) {
        try {
            String authz = one("flows/instances/", Map.of("slug", setup.authentik().authorizationFlow()),
                    "flow " + setup.authentik().authorizationFlow(), absent);
            String inval = one("flows/instances/", Map.of("slug", setup.authentik().invalidationFlow()),
                    "flow " + setup.authentik().invalidationFlow(), absent);
            Set<String> scopes = new LinkedHashSet<>();
            for (Provider c : setup.providers()) {
                scopes.addAll(c.scopes());
            }
            Map<String, String> mappings = new LinkedHashMap<>();
            for (String scope : scopes) {
                String managed = "goauthentik.io/providers/oauth2/scope-" + scope;
                String pk = one(version.scopeMappingPath(), Map.of("managed", managed), "scope mapping " + managed, absent);
                if (pk != null) {
                    mappings.put(scope, pk);
                }
            }
            // the blueprints' own key pair: present on every fresh authentik once its blueprints ran
            one("crypto/certificatekeypairs/", Map.of("name", SELF_SIGNED), "certificate key pair '" + SELF_SIGNED + "'", absent);
            // The worker applies the shipped blueprints one by one: the token and the flows above can exist while the
            // default authentication flow still lacks its stages, and then authentik answers the browser's authorize
            // with 404 (seen on a fresh 2026.2.2). Wait until every shipped blueprint was applied once.
            for (JsonNode b : api.list("managed/blueprints/", Map.of("page_size", "1000"))) {
                String path = b.path("path").asText();
                if (b.path("enabled").asBoolean(true) && (path.startsWith("default/") || path.startsWith("system/"))
                        && "unknown".equals(b.path("status").asText())) {
                    absent.add("blueprint " + path + " to be applied");
                }
            }
            return absent.isEmpty() ? Optional.of(new AuthentikObjects(authz, inval, mappings, Map.of())) : Optional.empty();
        } catch (AuthentikApiException e) {
            absent.add(e.status() == 401 || e.status() == 403
                    ? "the API token to be accepted (" + e.getMessage() + "; the worker applies AUTHENTIK_BOOTSTRAP_TOKEN on first start)"
                    : "an answer from the API (" + e.getMessage() + ")");
            return Optional.empty();
        }
    }

    /**
     * The key pairs the setup's providers sign (or encrypt) with, by name; one that does not exist is created through
     * crypto/certificatekeypairs/generate/ (a fresh authentik has only its self-signed and internal JWT keys).
     */
    private AuthentikObjects withKeys(Deployment setup, AuthentikObjects objects) {
        Map<String, String> keyPks = new LinkedHashMap<>(objects.signingKeys());
        List<String> names = new java.util.ArrayList<>();
        for (ForeignApplication probe : ForeignApplication.PROBES) { // the probes sign with the setup's key
            names.add(ProviderRequest.signingKeyName(setup, probe.asProvider()));
        }
        for (Provider c : setup.providers()) {
            names.add(ProviderRequest.signingKeyName(setup, c));
            names.add(c.encryptionKey());
        }
        for (String key : names) {
            if (key == null || keyPks.containsKey(key)) {
                continue;
            }
            List<JsonNode> found = api.list("crypto/certificatekeypairs/", Map.of("name", key));
            if (found.isEmpty()) {
                ObjectNode generate = AuthentikApi.JSON.createObjectNode().put("common_name", key).put("validity_days", GENERATED_KEY_DAYS);
                JsonNode created = api.post("crypto/certificatekeypairs/generate/", generate);
                if (!key.equals(created.path("name").asText())) {
                    throw new IllegalStateException("authentik named the generated key pair '" + created.path("name").asText()
                            + "', expected '" + key + "' (its common name)");
                }
                keyPks.put(key, created.path("pk").asText());
            } else {
                keyPks.put(key, found.get(0).path("pk").asText());
            }
        }
        return new AuthentikObjects(objects.authorizationFlow(), objects.invalidationFlow(), objects.scopeMappings(), keyPks);
    }

    private String one(String path, Map<String, String> query, String what, List<String> absent) {
        List<JsonNode> results = api.list(path, query);
        if (results.isEmpty()) {
            absent.add(what);
            return null;
        }
        return results.get(0).path("pk").asText();
    }

    private void provisionUser(AuthentikVersion version) {
        ObjectNode body = UserRequest.build(version, username);
        List<JsonNode> existing = api.list("core/users/", Map.of("username", username));
        JsonNode user;
        if (existing.isEmpty()) {
            user = api.post("core/users/", body);
        } else if (differs(existing.get(0), body)) {
            user = api.put("core/users/" + existing.get(0).path("pk").asText() + "/", body);
        } else {
            user = existing.get(0); // a user carries more than we set (groups, attributes): leave it alone when it agrees
        }
        api.post("core/users/" + user.path("pk").asText() + "/set_password/", UserRequest.setPassword(password));
    }

    private static boolean differs(JsonNode existing, ObjectNode desired) {
        var fields = desired.fieldNames();
        while (fields.hasNext()) {
            String f = fields.next();
            if (!desired.get(f).equals(existing.get(f))) {
                return true;
            }
        }
        return false;
    }

    private int provisionProvider(ObjectNode body, Provider client) {
        List<JsonNode> existing = api.list("providers/oauth2/", Map.of("client_id", client.clientId()));
        // one that already agrees in every field we set is left alone: a catalogue run re-provisions after each mutation
        JsonNode provider = existing.isEmpty() ? api.post("providers/oauth2/", body)
                : differs(existing.get(0), body) ? api.put("providers/oauth2/" + existing.get(0).path("pk").asInt() + "/", body)
                : existing.get(0);
        JsonNode pk = provider.path("pk");
        if (!pk.canConvertToInt()) {
            throw new IllegalStateException("authentik's answer for provider " + client.clientId() + " carries no integer pk: " + provider);
        }
        return pk.asInt();
    }

    private void provisionApplication(ObjectNode body, Provider client) {
        // superuser_full_list: the plain list is a per-user cache that ignores filters such as slug
        List<JsonNode> existing = api.list("core/applications/", Map.of("superuser_full_list", "true", "slug", client.slug()));
        if (existing.isEmpty()) {
            api.post("core/applications/", body);
        } else if (differs(existing.get(0), body)) {
            api.put("core/applications/" + client.slug() + "/", body);
        }
    }

    private static String randomPassword() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
