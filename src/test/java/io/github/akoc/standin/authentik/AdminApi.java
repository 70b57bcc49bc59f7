package io.github.akoc.standin.authentik;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The subset of /api/v3/ the suite provisions with, bearer-token protected and validated against schema.yml. */
final class AdminApi {
    static final Set<String> RESERVED_SLUGS = Set.of("authorize", "token", "device", "userinfo", "introspect", "revoke");
    private static final Pattern USER = Pattern.compile("core/users/(\\d+)/");
    private static final Pattern SET_PASSWORD = Pattern.compile("core/users/(\\d+)/set_password/");
    private static final Pattern PROVIDER = Pattern.compile("providers/oauth2/(\\d+)/");
    private static final Pattern SETUP_URLS = Pattern.compile("providers/oauth2/(\\d+)/setup_urls/");
    private static final Pattern APPLICATION = Pattern.compile("core/applications/([^/]+)/");

    private final StandInConfig config;
    private final Directory dir;
    private final SchemaValidator schema;
    private final Issuers issuers;
    private final String scopePath;
    private final boolean redirectUrisAsList;
    private final boolean grantTypes;
    private final boolean redirectUriTypes;

    AdminApi(StandInConfig config, Directory dir, SchemaValidator schema, Issuers issuers) {
        this.config = config;
        this.dir = dir;
        this.schema = schema;
        this.issuers = issuers;
        // Serve the scope mapping path the release's schema has (it moved under provider/ in 2024.8).
        this.scopePath = schema.hasPath("/propertymappings/provider/scope/") ? "propertymappings/provider/scope/" : "propertymappings/scope/";
        this.redirectUrisAsList = schema.property("OAuth2ProviderRequest", "redirect_uris").path("type").asText().equals("array");
        this.redirectUriTypes = redirectUrisAsList && schema.properties("RedirectURIRequest").contains("redirect_uri_type");
        this.grantTypes = schema.properties("OAuth2ProviderRequest").contains("grant_types");
    }

    boolean grantTypesHonoured() {
        return grantTypes;
    }

    static List<String> servedSchemaPaths() {
        return List.of("/root/config/", "/core/users/", "/flows/instances/", "/propertymappings/provider/scope/",
                "/propertymappings/scope/", "/crypto/certificatekeypairs/", "/crypto/certificatekeypairs/generate/",
                "/providers/oauth2/", "/core/applications/", "/managed/blueprints/");
    }

    /** path is relative to /api/v3/. */
    void handle(Call call, String path) {
        String auth = call.header("Authorization");
        // the token exists only once the worker has applied the bootstrap blueprint; until then it is refused like a wrong one
        boolean tokenOk = auth != null && constantTimeEquals(auth, "Bearer " + config.bootstrapToken())
                && dir.bootstrapAppliedAt > 0 && System.currentTimeMillis() >= dir.bootstrapAppliedAt;
        if (path.equals("root/config/") && auth == null) {
            // public endpoint: answers without a token, but a wrong token is still refused
        } else if (auth == null) {
            call.json(403, Map.of("detail", "Authentication credentials were not provided."));
            return;
        } else if (!tokenOk) {
            call.json(403, Map.of("detail", "Token invalid/expired"));
            return;
        }
        String body = null;
        if (Set.of("POST", "PUT", "PATCH").contains(call.method)) {
            body = call.body();
            if (!body.isBlank() && call.jsonBody() == null) {
                call.json(400, Map.of("detail", "JSON parse error - request body is not valid JSON"));
                return;
            }
            Map<String, List<String>> errors = schema.validate(call.method, "/api/v3/" + path, call.query, body.isBlank() ? null : body);
            if (!errors.isEmpty()) {
                call.json(400, errors);
                return;
            }
            // models.py ArrayField(..., default=list) without blank=True: DRF's ListField gets allow_empty=False, so a
            // provider can get [] only by leaving the field out on create (recorded 2026.8.0-rc1: PUT with [] → this 400)
            JsonNode grants = grantTypes && path.startsWith("providers/oauth2/") ? call.jsonBody().path("grant_types") : null;
            if (grants != null && grants.isArray() && grants.isEmpty()) {
                call.json(400, Map.of("grant_types", List.of("This list may not be empty.")));
                return;
            }
        }
        synchronized (dir.lock) {
            route(call, path);
        }
    }

    private void route(Call call, String path) {
        Matcher m;
        String method = call.method;
        if (path.equals("root/config/") && method.equals("GET")) {
            config(call);
        } else if (path.equals("core/users/")) {
            if (method.equals("GET")) {
                list(call, "User", dir.users.values().stream().filter(eq(call, "username", u -> u.username))
                        .filter(eq(call, "email", u -> u.email)).map(this::user).toList());
            } else if (method.equals("POST")) {
                createUser(call);
            } else {
                notAllowed(call);
            }
        } else if ((m = SET_PASSWORD.matcher(path)).matches() && method.equals("POST")) {
            Directory.User u = dir.users.get(Integer.parseInt(m.group(1)));
            if (u == null) {
                notFound(call);
                return;
            }
            u.password = call.jsonBody().path("password").asText();
            call.empty(204);
        } else if ((m = USER.matcher(path)).matches() && method.equals("GET")) {
            Directory.User u = dir.users.get(Integer.parseInt(m.group(1)));
            if (u == null) {
                notFound(call);
            } else {
                call.json(200, user(u));
            }
        } else if (path.equals("managed/blueprints/") && method.equals("GET")) {
            long now = System.currentTimeMillis();
            list(call, "BlueprintInstance", Directory.BLUEPRINTS.stream().filter(eq(call, "path", b -> b)).map(b -> {
                ObjectNode o = Call.JSON.createObjectNode().put("pk", UUID.nameUUIDFromBytes(b.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString())
                        .put("name", b).put("path", b).put("enabled", true);
                boolean applied = now >= dir.appliedAt(b);
                o.put("status", applied ? "successful" : "unknown").put("last_applied", applied
                        ? java.time.Instant.ofEpochMilli(dir.appliedAt(b)).toString() : "1970-01-01T00:00:00Z").put("last_applied_hash", applied ? "0" : "");
                o.putObject("context");
                o.putArray("managed_models");
                o.putObject("metadata").put("name", b).putObject("labels");
                o.put("content", "");
                return o;
            }).toList());
        } else if (path.equals("flows/instances/") && method.equals("GET")) {
            list(call, "Flow", dir.flows.values().stream().filter(eq(call, "slug", Directory.Flow::slug))
                    .filter(eq(call, "designation", Directory.Flow::designation)).map(this::flow).toList());
        } else if (path.equals(scopePath) && method.equals("GET")) {
            list(call, "ScopeMapping", dir.scopeMappings.values().stream().filter(eq(call, "managed", Directory.ScopeMapping::managed))
                    .filter(eq(call, "scope_name", Directory.ScopeMapping::scopeName)).map(this::scopeMapping).toList());
        } else if (path.equals("crypto/certificatekeypairs/generate/") && method.equals("POST")) {
            // CertificateGenerationSerializer: common_name and validity_days required; the key pair is named after common_name
            JsonNode req = call.jsonBody();
            String name = req.path("common_name").asText("");
            if (name.isBlank() || !req.path("validity_days").canConvertToInt()) {
                call.json(400, Map.of(name.isBlank() ? "common_name" : "validity_days", List.of("This field is required.")));
                return;
            }
            KeyPairs.CertKeyPair kp = KeyPairs.generate(name, config.sha512Kids());
            dir.keyPairs.put(kp.pk(), kp);
            call.json(200, keyPair(kp));
        } else if (path.equals("crypto/certificatekeypairs/") && method.equals("GET")) {
            list(call, "CertificateKeyPair", dir.keyPairs.values().stream().filter(eq(call, "name", KeyPairs.CertKeyPair::name))
                    .map(this::keyPair).toList());
        } else if (path.equals("providers/oauth2/")) {
            if (method.equals("GET")) {
                list(call, "OAuth2Provider", dir.providers.values().stream()
                        .filter(eq(call, "client_id", p -> p.path("client_id").asText()))
                        .filter(eq(call, "name", p -> p.path("name").asText())).map(this::provider).toList());
            } else if (method.equals("POST")) {
                saveProvider(call, null);
            } else {
                notAllowed(call);
            }
        } else if ((m = SETUP_URLS.matcher(path)).matches() && method.equals("GET")) {
            setupUrls(call, dir.providers.get(Integer.parseInt(m.group(1))));
        } else if ((m = PROVIDER.matcher(path)).matches()) {
            ObjectNode p = dir.providers.get(Integer.parseInt(m.group(1)));
            if (p == null) {
                notFound(call);
            } else if (method.equals("GET")) {
                call.json(200, provider(p));
            } else if (method.equals("PUT") || method.equals("PATCH")) {
                saveProvider(call, p);
            } else if (method.equals("DELETE")) {
                dir.providers.remove(p.get("pk").asInt());
                dir.applicationsOf(p.get("pk").asInt()).forEach(a -> a.putNull("provider"));
                call.empty(204);
            } else {
                notAllowed(call);
            }
        } else if (path.equals("core/applications/")) {
            if (method.equals("GET")) {
                if (!"true".equals(call.param("superuser_full_list"))) {
                    // the per-user list is cached per user and page, and the cache key ignores filters such as slug;
                    // a non-empty list is served until an application (or user, group, binding) is saved
                    if (dir.applicationListCache == null || dir.applicationListCache.isEmpty()) {
                        dir.applicationListCache = dir.applications.values().stream().map(this::application).toList();
                    }
                    list(call, "Application", dir.applicationListCache);
                    return;
                }
                list(call, "Application", dir.applications.values().stream().filter(eq(call, "slug", a -> a.path("slug").asText()))
                        .filter(eq(call, "name", a -> a.path("name").asText())).map(this::application).toList());
            } else if (method.equals("POST")) {
                saveApplication(call, null);
            } else {
                notAllowed(call);
            }
        } else if ((m = APPLICATION.matcher(path)).matches()) {
            ObjectNode a = applicationBySlug(m.group(1));
            if (a == null) {
                notFound(call);
            } else if (method.equals("GET")) {
                call.json(200, application(a));
            } else if (method.equals("PUT") || method.equals("PATCH")) {
                saveApplication(call, a);
            } else if (method.equals("DELETE")) {
                dir.applications.remove(a.get("pk").asText());
                call.empty(204);
            } else {
                notAllowed(call);
            }
        } else {
            notFound(call);
        }
    }

    ObjectNode applicationBySlug(String slug) {
        return dir.applications.values().stream().filter(a -> a.path("slug").asText().equals(slug)).findFirst().orElse(null);
    }

    private void config(Call call) {
        ObjectNode c = Call.JSON.createObjectNode();
        ObjectNode er = c.putObject("error_reporting");
        er.put("enabled", false).put("sentry_dsn", "").put("environment", "customer").put("send_pii", false).put("traces_sample_rate", 0.0);
        c.putArray("capabilities").add("can_save_media").add("can_impersonate");
        c.put("cache_timeout", 300).put("cache_timeout_flows", 300).put("cache_timeout_policies", 300);
        c.put("cache_timeout_reputation", 300);
        c.putObject("flags");
        call.json(200, shape("Config", c));
    }

    private void createUser(Call call) {
        JsonNode req = call.jsonBody();
        String username = req.path("username").asText();
        if (dir.userByName(username).isPresent()) {
            call.json(400, Map.of("username", List.of("This field must be unique.")));
            return;
        }
        Directory.User u = dir.addUser(username, req.path("name").asText(), req.path("email").asText(""), false);
        if (req.has("is_active")) {
            u.active = req.get("is_active").asBoolean();
        }
        if (req.has("type")) {
            u.type = req.get("type").asText();
        }
        call.json(201, user(u));
    }

    private void saveProvider(Call call, ObjectNode existing) {
        JsonNode req = call.jsonBody();
        ObjectNode p = existing == null ? providerDefaults() : existing.deepCopy();
        req.fields().forEachRemaining(e -> p.set(e.getKey(), e.getValue()));
        Map<String, List<String>> errors = new LinkedHashMap<>();
        for (String f : List.of("authorization_flow", "invalidation_flow", "authentication_flow")) {
            if (p.hasNonNull(f) && !dir.flows.containsKey(p.get(f).asText())) {
                errors.put(f, List.of("Invalid pk \"" + p.get(f).asText() + "\" - object does not exist."));
            }
        }
        for (JsonNode pm : p.path("property_mappings")) {
            if (!dir.scopeMappings.containsKey(pm.asText())) {
                errors.put("property_mappings", List.of("Invalid pk \"" + pm.asText() + "\" - object does not exist."));
            }
        }
        for (String f : List.of("signing_key", "encryption_key")) {
            if (p.hasNonNull(f) && !dir.keyPairs.containsKey(p.get(f).asText())) {
                errors.put(f, List.of("Invalid pk \"" + p.get(f).asText() + "\" - object does not exist."));
            }
        }
        JsonNode uris = p.path("redirect_uris");
        if (redirectUrisAsList && uris.isArray()) {
            List<String> e = RedirectUris.validateList(uris);
            if (!e.isEmpty()) {
                errors.put("redirect_uris", e);
            }
        }
        String clientId = p.path("client_id").asText();
        boolean clientIdTaken = dir.providers.values().stream()
                .anyMatch(o -> o != existing && o.path("client_id").asText().equals(clientId));
        if (clientIdTaken) {
            errors.put("client_id", List.of("OAuth2/OpenID Provider with this Client ID already exists."));
        }
        if (!errors.isEmpty()) {
            call.json(400, errors);
            return;
        }
        if (redirectUriTypes && uris.isArray()) {
            // RedirectURIRequest.redirect_uri_type, default "authorization" (2026.5+ schema; recorded 2026.8.0-rc1: every
            // stored URI answers with its type)
            uris.forEach(u -> {
                if (u.isObject() && !u.has("redirect_uri_type")) {
                    ((ObjectNode) u).put("redirect_uri_type", "authorization");
                }
            });
        }
        if (existing == null) {
            p.put("pk", dir.nextProviderPk());
        }
        dir.providers.put(p.get("pk").asInt(), p);
        call.json(existing == null ? 201 : 200, provider(p));
    }

    private ObjectNode providerDefaults() {
        ObjectNode p = Call.JSON.createObjectNode();
        p.putNull("authentication_flow");
        p.putArray("property_mappings");
        p.put("client_type", "confidential");
        if (grantTypes) {
            p.putArray("grant_types");
        }
        p.put("client_id", Directory.randomToken(40));
        p.put("client_secret", Directory.randomToken(128));
        p.put("access_code_validity", "minutes=1");
        p.put("access_token_validity", "hours=1");
        p.put("refresh_token_validity", "days=30");
        p.put("refresh_token_threshold", "seconds=0");
        p.put("include_claims_in_id_token", true);
        p.putNull("signing_key");
        p.putNull("encryption_key");
        if (redirectUrisAsList) {
            p.putArray("redirect_uris");
        } else {
            p.put("redirect_uris", "");
        }
        p.put("logout_uri", "");
        p.put("logout_method", "backchannel");
        p.put("sub_mode", "hashed_user_id");
        p.put("issuer_mode", "per_provider");
        p.putArray("jwks_sources");
        p.putArray("jwt_federation_sources");
        p.putArray("jwt_federation_providers");
        return p;
    }

    ObjectNode provider(ObjectNode stored) {
        ObjectNode p = stored.deepCopy();
        List<ObjectNode> apps = dir.applicationsOf(stored.get("pk").asInt());
        p.put("component", "ak-provider-oauth2-form");
        p.put("assigned_application_slug", apps.isEmpty() ? null : apps.get(0).path("slug").asText());
        p.put("assigned_application_name", apps.isEmpty() ? null : apps.get(0).path("name").asText());
        p.putNull("assigned_backchannel_application_slug");
        p.putNull("assigned_backchannel_application_name");
        p.put("verbose_name", "OAuth2/OpenID Provider");
        p.put("verbose_name_plural", "OAuth2/OpenID Providers");
        p.put("meta_model_name", "authentik_providers_oauth2.oauth2provider");
        return shape("OAuth2Provider", p);
    }

    private void setupUrls(Call call, ObjectNode p) {
        if (p == null) {
            notFound(call);
            return;
        }
        List<ObjectNode> apps = dir.applicationsOf(p.get("pk").asInt());
        if (apps.isEmpty()) {
            notFound(call);
            return;
        }
        String slug = apps.get(0).path("slug").asText();
        String base = issuers.base(call);
        ObjectNode out = Call.JSON.createObjectNode();
        out.put("issuer", issuers.issuer(call, p, slug));
        out.put("authorize", base + "/application/o/authorize/");
        out.put("token", base + "/application/o/token/");
        out.put("user_info", base + "/application/o/userinfo/");
        out.put("provider_info", base + "/application/o/" + slug + "/.well-known/openid-configuration");
        out.put("logout", base + "/application/o/" + slug + "/end-session/");
        out.put("jwks", base + "/application/o/" + slug + "/jwks/");
        call.json(200, out);
    }

    private void saveApplication(Call call, ObjectNode existing) {
        JsonNode req = call.jsonBody();
        ObjectNode a = existing == null ? applicationDefaults() : existing.deepCopy();
        req.fields().forEachRemaining(e -> a.set(e.getKey(), e.getValue()));
        Map<String, List<String>> errors = new LinkedHashMap<>();
        String slug = a.path("slug").asText();
        if (RESERVED_SLUGS.contains(slug)) {
            errors.put("slug", List.of("The slug '" + slug + "' is reserved and cannot be used for applications."));
        } else if (dir.applications.values().stream().anyMatch(o -> o != existing && o.path("slug").asText().equals(slug))) {
            errors.put("slug", List.of("Application with this slug already exists."));
        }
        if (a.hasNonNull("provider")) {
            int pk = a.get("provider").asInt();
            if (!dir.providers.containsKey(pk)) {
                errors.put("provider", List.of("Invalid pk \"" + pk + "\" - object does not exist."));
            } else if (dir.applicationsOf(pk).stream().anyMatch(o -> o != existing)) {
                errors.put("provider", List.of("Application with this provider already exists."));
            }
        }
        if (!errors.isEmpty()) {
            call.json(400, errors);
            return;
        }
        if (existing != null) {
            dir.applications.remove(existing.get("pk").asText());
        }
        dir.applications.put(a.get("pk").asText(), a);
        dir.applicationListCache = null; // post_save_application clears the per-user list cache
        call.json(existing == null ? 201 : 200, application(a));
    }

    private ObjectNode applicationDefaults() {
        ObjectNode a = Call.JSON.createObjectNode();
        a.put("pk", UUID.randomUUID().toString());
        a.putNull("provider");
        a.putArray("backchannel_providers");
        a.put("open_in_new_tab", false);
        a.put("meta_launch_url", "");
        a.putNull("meta_icon");
        a.put("meta_description", "");
        a.put("meta_publisher", "");
        a.put("policy_engine_mode", "any");
        a.put("group", "");
        a.put("meta_hide", false);
        return a;
    }

    private ObjectNode application(ObjectNode stored) {
        ObjectNode a = stored.deepCopy();
        if (stored.hasNonNull("provider") && dir.providers.containsKey(stored.get("provider").asInt())) {
            // the generic Provider serializer, not the OAuth2 one (recorded 2026.2.2)
            a.set("provider_obj", shape("Provider", provider(dir.providers.get(stored.get("provider").asInt())).deepCopy()));
        } else {
            a.putNull("provider_obj");
        }
        a.putArray("backchannel_providers_obj");
        a.putNull("launch_url");
        // 2026.2+ (schema-pruned before): the icon's URLs, null without an icon
        a.putNull("meta_icon_url");
        a.putNull("meta_icon_themed_urls");
        return shape("Application", a);
    }

    private ObjectNode user(Directory.User u) {
        ObjectNode o = Call.JSON.createObjectNode();
        o.put("pk", u.pk).put("username", u.username).put("name", u.name).put("is_active", u.active);
        o.putNull("last_login");
        o.put("date_joined", Instant.now().toString());
        o.put("is_superuser", u.superuser);
        o.putArray("groups");
        o.putArray("groups_obj");
        o.putArray("roles");
        o.putArray("roles_obj");
        o.put("email", u.email).put("avatar", "").putObject("attributes");
        o.put("uid", dir.hashedUserId(u)).put("path", "users").put("type", u.type).put("uuid", u.uuid);
        o.putNull("password_change_date");
        o.putNull("last_updated");
        return shape("User", o);
    }

    private ObjectNode flow(Directory.Flow f) {
        ObjectNode o = Call.JSON.createObjectNode();
        o.put("pk", f.pk()).put("policybindingmodel_ptr_id", f.pk()).put("name", f.name()).put("slug", f.slug())
                .put("title", f.title()).put("designation", f.designation()).put("background", "/static/dist/assets/images/flow_background.jpg");
        o.putArray("stages");
        o.putArray("policies");
        o.put("cache_count", 0).put("policy_engine_mode", "any").put("compatibility_mode", false)
                .put("export_url", "/api/v3/flows/instances/" + f.slug() + "/export/").put("layout", "stacked")
                .put("denied_action", "message_continue").put("authentication", "none");
        // 2026.2+ (schema-pruned before): the background as a URL, no themed variants (recorded 2026.2.2)
        o.put("background_url", "/static/dist/assets/images/flow_background.jpg").putNull("background_themed_urls");
        return shape("Flow", o);
    }

    private ObjectNode scopeMapping(Directory.ScopeMapping s) {
        ObjectNode o = Call.JSON.createObjectNode();
        o.put("pk", s.pk()).put("managed", s.managed()).put("name", s.name()).put("expression", "return {}")
                .put("component", "ak-property-mapping-provider-scope-form").put("verbose_name", "Scope Mapping")
                .put("verbose_name_plural", "Scope Mappings").put("meta_model_name", "authentik_providers_oauth2.scopemapping")
                .put("scope_name", s.scopeName()).put("description", s.description());
        return shape("ScopeMapping", o);
    }

    private ObjectNode keyPair(KeyPairs.CertKeyPair k) {
        ObjectNode o = Call.JSON.createObjectNode();
        o.put("pk", k.pk()).put("name", k.name()).put("fingerprint_sha256", k.fingerprint("SHA-256"))
                .put("fingerprint_sha1", k.fingerprint("SHA-1")).put("cert_expiry", k.cert().getNotAfter().toInstant().toString())
                .put("cert_subject", k.cert().getSubjectX500Principal().getName()).put("private_key_available", true)
                .put("key_type", "rsa").put("certificate_download_url", "/api/v3/crypto/certificatekeypairs/" + k.pk() + "/view_certificate/?download")
                .put("private_key_download_url", "/api/v3/crypto/certificatekeypairs/" + k.pk() + "/view_private_key/?download");
        if (k.name().equals(Directory.INTERNAL_JWT)) {
            o.put("managed", "goauthentik.io/crypto/jwt-managed");
        } else {
            o.putNull("managed");
        }
        return shape("CertificateKeyPair", o);
    }

    /** Keeps only what this release's schema says the object has. */
    private ObjectNode shape(String component, ObjectNode o) {
        Set<String> props = schema.properties(component);
        if (props.isEmpty()) {
            return o;
        }
        Iterator<String> it = o.fieldNames();
        while (it.hasNext()) {
            if (!props.contains(it.next())) {
                it.remove();
            }
        }
        return o;
    }

    private void list(Call call, String component, List<ObjectNode> items) {
        ObjectNode out = Call.JSON.createObjectNode();
        ObjectNode pg = out.putObject("pagination");
        pg.put("next", 0).put("previous", 0).put("count", items.size()).put("current", 1).put("total_pages", 1)
                .put("start_index", items.isEmpty() ? 0 : 1).put("end_index", items.size());
        ArrayNode results = out.putArray("results");
        items.forEach(results::add);
        if (schema.properties("Paginated" + component + "List").contains("autocomplete")) {
            out.putObject("autocomplete");
        }
        call.json(200, out);
    }

    private static <T> Predicate<T> eq(Call call, String param, java.util.function.Function<T, String> field) {
        String wanted = call.param(param);
        return t -> wanted == null || wanted.equals(field.apply(t));
    }

    private static void notFound(Call call) {
        call.json(404, Map.of("detail", "Not found."));
    }

    private static void notAllowed(Call call) {
        call.json(405, Map.of("detail", "Method \"" + call.method + "\" not allowed."));
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

}
