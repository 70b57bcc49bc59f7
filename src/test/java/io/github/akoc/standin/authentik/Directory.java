package io.github.akoc.standin.authentik;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Everything authentik would keep in its database, in memory; what the bootstrap blueprints create is seeded. */
final class Directory {
    static final SecureRandom RANDOM = new SecureRandom();
    static final String MANAGED_SCOPE_PREFIX = "goauthentik.io/providers/oauth2/scope-";
    static final String SELF_SIGNED = "authentik Self-signed Certificate";
    /** The managed key a fresh authentik has besides the self-signed one (authentik/crypto/apps.py). */
    static final String INTERNAL_JWT = "authentik Internal JWT Certificate";
    /** When the bootstrap token starts to work (the worker has applied the bootstrap blueprint); 0 = not yet known. */
    volatile long bootstrapAppliedAt;
    /**
     * When the worker has applied the blueprints it applies last. It applies them one by one: on a fresh authentik
     * 2026.2.2 the token worked and the authorization flows existed while 7 of its 28 shipped blueprints were still
     * "unknown", default-brand.yaml among them (fixtures/recorded/runs/containers-web-only.jsonl), and in that gap
     * the browser's authorize got authentik's 404 page (no brand with an authentication flow yet: ToDefaultFlow.get_flow
     * / PolicyAccessView.handle_no_permission raise Http404). Modelled as applied one bootstrap delay after the token.
     */
    volatile long lateBlueprintsAppliedAt;
    /** The shipped blueprints of authentik 2026.2.2, as its managed/blueprints/ listed them. */
    static final List<String> BLUEPRINTS = List.of("default/default-brand.yaml", "default/events-default.yaml",
            "default/flow-default-authentication-flow.yaml", "default/flow-default-authenticator-static-setup.yaml",
            "default/flow-default-authenticator-totp-setup.yaml", "default/flow-default-authenticator-webauthn-setup.yaml",
            "default/flow-default-invalidation-flow.yaml", "default/flow-default-provider-authorization-explicit-consent.yaml",
            "default/flow-default-provider-authorization-implicit-consent.yaml", "default/flow-default-provider-invalidation.yaml",
            "default/flow-default-source-authentication.yaml", "default/flow-default-source-enrollment.yaml",
            "default/flow-default-source-pre-authentication.yaml", "default/flow-default-user-settings-flow.yaml",
            "default/flow-oobe.yaml", "default/flow-password-change.yaml", "default/rbac-role-read-only.yaml",
            "migrations/migrate-prompt-name.yaml", "system/bootstrap.yaml", "system/providers-google-workspace.yaml",
            "system/providers-microsoft-entra.yaml", "system/providers-oauth2.yaml", "system/providers-proxy.yaml",
            "system/providers-rac.yaml", "system/providers-saml.yaml", "system/providers-scim.yaml",
            "system/sources-kerberos.yaml", "system/sources-ldap.yaml");
    /** Those still "unknown" when the token first worked in that run. */
    static final Set<String> LATE_BLUEPRINTS = Set.of("default/default-brand.yaml", "default/events-default.yaml",
            "default/flow-default-invalidation-flow.yaml", "default/flow-default-provider-authorization-explicit-consent.yaml",
            "default/flow-default-source-authentication.yaml", "default/flow-default-source-enrollment.yaml",
            "system/sources-kerberos.yaml");

    long appliedAt(String blueprint) {
        return LATE_BLUEPRINTS.contains(blueprint) ? lateBlueprintsAppliedAt : bootstrapAppliedAt;
    }

    /** Whether the brand, and with it the authentication flow a browser without a session is sent to, exists. */
    boolean brandApplied() {
        return lateBlueprintsAppliedAt > 0 && System.currentTimeMillis() >= lateBlueprintsAppliedAt;
    }
    /** The per-user application list cache of GET core/applications/ without superuser_full_list (null = recompute). */
    java.util.List<ObjectNode> applicationListCache;

    private final String secretKey;
    private final AtomicInteger nextUserPk = new AtomicInteger(1);
    private final AtomicInteger nextProviderPk = new AtomicInteger(1);

    final Map<Integer, User> users = new ConcurrentHashMap<>();
    final Map<String, Flow> flows = new LinkedHashMap<>();
    final Map<String, ScopeMapping> scopeMappings = new LinkedHashMap<>();
    final Map<String, KeyPairs.CertKeyPair> keyPairs = new LinkedHashMap<>();
    /** Providers and applications as authentik's API shows them (pk -> object). */
    final Map<Integer, ObjectNode> providers = new LinkedHashMap<>();
    final Map<String, ObjectNode> applications = new LinkedHashMap<>();
    final Map<String, BrowserSession> sessions = new ConcurrentHashMap<>();
    final Map<String, AuthorizationCode> codes = new ConcurrentHashMap<>();
    final Map<String, RefreshToken> refreshTokens = new ConcurrentHashMap<>();
    final Map<String, AccessToken> accessTokens = new ConcurrentHashMap<>();
    /** One lock for the admin objects: the API is synchronous like authentik's database transactions. */
    final Object lock = new Object();

    Directory(StandInConfig config, List<KeyPairs.CertKeyPair> generatedKeyPairs) {
        this.secretKey = config.secretKey();
        addUser("akadmin", "authentik Default Admin", config.bootstrapEmail(), true).password = config.bootstrapPassword();
        flow("default-authentication-flow", "Welcome to authentik!", "authentication");
        flow("default-provider-authorization-explicit-consent", "Redirecting to %(app)s", "authorization");
        flow("default-provider-authorization-implicit-consent", "Redirecting to %(app)s", "authorization");
        flow("default-provider-invalidation-flow", "Logged out of application", "invalidation");
        // the brand's invalidation flow: one User Logout stage (blueprints/default/flow-default-invalidation-flow.yaml @version/2026.2.2)
        flow(BRAND_INVALIDATION_FLOW, "Default Invalidation Flow", "invalidation");
        scope("openid", "authentik default OAuth Mapping: OpenID 'openid'", "");
        scope("profile", "authentik default OAuth Mapping: OpenID 'profile'", "General Profile Information");
        scope("email", "authentik default OAuth Mapping: OpenID 'email'", "Email address");
        scope("offline_access", "authentik default OAuth Mapping: OpenID 'offline_access'", "Access to request new tokens without interaction");
        generatedKeyPairs.forEach(kp -> keyPairs.put(kp.pk(), kp));
    }

    User addUser(String username, String name, String email, boolean superuser) {
        int pk = nextUserPk.getAndIncrement();
        User u = new User(pk, UUID.randomUUID().toString(), username, name, email, superuser);
        users.put(pk, u);
        return u;
    }

    int nextProviderPk() {
        return nextProviderPk.getAndIncrement();
    }

    Optional<User> userByName(String username) {
        return users.values().stream().filter(u -> u.username.equals(username)).findFirst();
    }

    Optional<Flow> flowBySlug(String slug) {
        return flows.values().stream().filter(f -> f.slug().equals(slug)).findFirst();
    }

    /** authentik's hashed_user_id: the same for one user across all providers, opaque to clients. */
    /**
     * The sub a provider gives a user: its sub_mode (authentik/providers/oauth2/models.py SubModes; hashed_user_id is
     * user.uid, the same for every provider in that mode, so one person is one sub across providers).
     */
    String subject(JsonNode provider, User user) {
        return switch (provider.path("sub_mode").asText("hashed_user_id")) {
            case "user_id" -> String.valueOf(user.pk);
            case "user_uuid" -> user.uuid;
            case "user_username" -> user.username;
            case "user_email" -> user.email;
            default -> hashedUserId(user); // hashed_user_id; user_upn falls back to the uid without an upn attribute
        };
    }

    String hashedUserId(User user) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest((user.pk + "-" + secretKey).getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** authentik's hash_session_key: the sid claim is the SHA-256 of the session key, hex. */
    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String randomToken(int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private void flow(String slug, String title, String designation) {
        String pk = UUID.randomUUID().toString();
        flows.put(pk, new Flow(pk, slug, slug.replace('-', ' '), title, designation));
    }

    private void scope(String scope, String name, String description) {
        String pk = UUID.randomUUID().toString();
        scopeMappings.put(pk, new ScopeMapping(pk, MANAGED_SCOPE_PREFIX + scope, name, scope, description));
    }

    static final class User {
        final int pk;
        final String uuid;
        final String username;
        String name;
        String email;
        final boolean superuser;
        boolean active = true;
        String type = "internal";
        String password;

        User(int pk, String uuid, String username, String name, String email, boolean superuser) {
            this.pk = pk;
            this.uuid = uuid;
            this.username = username;
            this.name = name;
            this.email = email;
            this.superuser = superuser;
        }

        boolean passwordMatches(String candidate) {
            return password != null && candidate != null
                    && MessageDigest.isEqual(password.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
        }

        List<String> groups() {
            return superuser ? List.of("authentik Admins") : List.of();
        }
    }

    record Flow(String pk, String slug, String name, String title, String designation) {
    }

    record ScopeMapping(String pk, String managed, String name, String scopeName, String description) {
    }

    /** The authentik_session cookie's server side: who logged in, and the state of each flow being executed. */
    /** The brand's invalidation flow, the one flow here with a User Logout stage. */
    static final String BRAND_INVALIDATION_FLOW = "default-invalidation-flow";

    /**
     * What end-session put into the invalidation flow's plan (end_session.py: PLAN_CONTEXT_APPLICATION, and from 2026.5 the
     * verified post-logout redirect URI, with state) for the SessionEndStage it appends.
     */
    record EndSessionPlan(String flowSlug, String applicationName, String launchUrl, String postLogoutRedirectUri) {
    }

    static final class BrowserSession {
        /** Changes at every login: Django's login() cycles the session key, and the old session is deleted. */
        volatile String id;
        volatile Integer userPk;
        volatile long authTime;
        /** Counts logins in this browser session: the login event prompt=login compares (SESSION_KEY_LAST_LOGIN_UID). */
        volatile int loginUid;
        volatile Integer lastLoginUidForPrompt;
        final Map<String, FlowState> flows = new ConcurrentHashMap<>();
        volatile EndSessionPlan endSession;

        BrowserSession(String id) {
            this.id = id;
        }
    }

    static final class FlowState {
        String stage;
        Integer pendingUserPk;
        String pendingUid;
        String consentToken;
        Map<String, Object> errors;
    }

    /** @param sessionId the browser session the code was issued in: its tokens are bound to that session */
    record AuthorizationCode(String code, int providerPk, int userPk, String redirectUri, Set<String> scopes, String nonce,
                             String challenge, String challengeMethod, long authTime, long expiresAt, String sessionId) {
    }

    static final class RefreshToken {
        final String token;
        final int providerPk;
        final int userPk;
        final Set<String> scopes;
        final long authTime;
        final long expiresAt;
        volatile boolean revoked;

        /** The session it was issued in; a refresh token outlives it (RefreshToken.session is SET_DEFAULT). */
        volatile String sessionId;

        RefreshToken(String token, int providerPk, int userPk, Set<String> scopes, long authTime, long expiresAt) {
            this.token = token;
            this.providerPk = providerPk;
            this.userPk = userPk;
            this.scopes = scopes;
            this.authTime = authTime;
            this.expiresAt = expiresAt;
        }
    }

    /**
     * @param sessionId the authenticated session the token belongs to (BaseGrantModel.session, on_delete CASCADE):
     *                  when that session ends, the token is deleted; null for a token not bound to one
     */
    record AccessToken(int providerPk, int userPk, Set<String> scopes, long expiresAt, String sessionId) {
    }

    List<ObjectNode> applicationsOf(int providerPk) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode a : applications.values()) {
            if (a.path("provider").isInt() && a.get("provider").asInt() == providerPk) {
                out.add(a);
            }
        }
        return out;
    }
}
