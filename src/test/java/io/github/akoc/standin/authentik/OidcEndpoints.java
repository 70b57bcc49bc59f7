package io.github.akoc.standin.authentik;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.JWTClaimsSet;

/** /application/o/...: authorize, token, userinfo, per-application discovery, JWKS and end-session. */
final class OidcEndpoints {
    static final String EXPLICIT_CONSENT = "default-provider-authorization-explicit-consent";
    static final String LOGIN_FLOW = "default-authentication-flow";
    /** TokenError.errors["invalid_grant"] (authentik/providers/oauth2/errors.py). */
    /** TokenError's texts (providers/oauth2/errors.py @version/2026.2.2:206-215, no final period). */
    static final String INVALID_CLIENT = "Client authentication failed (e.g., unknown client, no client authentication included, "
            + "or unsupported authentication method)";
    static final String INVALID_REQUEST = "The request is otherwise malformed";
    static final String INVALID_GRANT = "The provided authorization grant or refresh token is invalid, expired, revoked, does not match "
            + "the redirection URI used in the authorization request, or was issued to another client";

    private final Directory dir;
    private final Issuers issuers;
    private final Sessions sessions;
    private final Tokens tokens;
    private final boolean grantTypesHonoured;
    /** Back-channel logout, advertised in the discovery from 2025.8 (views/provider.py of version/2025.8.4 on). */
    private final boolean backchannelLogout;
    private final boolean postLogoutRedirects;

    OidcEndpoints(Directory dir, Issuers issuers, Sessions sessions, Tokens tokens, boolean grantTypesHonoured, boolean backchannelLogout) {
        this(dir, issuers, sessions, tokens, grantTypesHonoured, backchannelLogout, false, false);
    }

    OidcEndpoints(Directory dir, Issuers issuers, Sessions sessions, Tokens tokens, boolean grantTypesHonoured, boolean backchannelLogout,
                  boolean frontchannelLogout, boolean endSessionRunsFlowWithoutSession) {
        this.frontchannelLogout = frontchannelLogout;
        this.endSessionRunsFlowWithoutSession = endSessionRunsFlowWithoutSession;
        this.dir = dir;
        this.issuers = issuers;
        this.sessions = sessions;
        this.tokens = tokens;
        this.grantTypesHonoured = grantTypesHonoured;
        this.backchannelLogout = backchannelLogout;
        this.postLogoutRedirects = grantTypesHonoured; // both arrived with 2026.5
    }

    /** 2026.8 (upstream main of June 2026) announces front-channel logout in discovery. */
    private final boolean frontchannelLogout;
    /** StandInConfig#endSessionRunsFlowWithoutSession (standin-audit D1). */
    private final boolean endSessionRunsFlowWithoutSession;

    /** path is relative to /application/o/. */
    void handle(Call call, String path) {
        switch (path) {
            case "authorize/" -> authorize(call);
            case "token/" -> token(call);
            case "userinfo/" -> userinfo(call);
            case "revoke/" -> revokeOrIntrospect(call, true);
            case "introspect/" -> revokeOrIntrospect(call, false);
            default -> perApplication(call, path);
        }
    }

    record AuthorizeRequest(ObjectNode provider, String slug, String redirectUri, Set<String> scopes, String state,
                            String nonce, String challenge, String challengeMethod) {
    }

    /** Either a valid request, or an error page (never a redirect to an unverified URI), or an error redirect. */
    record Parsed(AuthorizeRequest request, String errorPage, String errorRedirect) {
    }

    Parsed parse(Map<String, List<String>> q) {
        String clientId = first(q, "client_id");
        ObjectNode provider;
        synchronized (dir.lock) {
            provider = dir.providers.values().stream().filter(p -> p.path("client_id").asText().equals(clientId)).findFirst().orElse(null);
        }
        if (clientId == null || provider == null) {
            return new Parsed(null, "Invalid client identifier (client_id).", null);
        }
        String slug = slugOf(provider).orElse(null);
        if (slug == null) {
            return new Parsed(null, "The provider is not assigned to an application.", null);
        }
        String redirectUri = first(q, "redirect_uri");
        if (!RedirectUris.allowed(provider.get("redirect_uris"), redirectUri, "authorization")) {
            return new Parsed(null, "Redirect URI Error: the request fails due to a missing, invalid, or mismatching redirection URI (redirect_uri).", null);
        }
        String state = first(q, "state");
        String responseType = first(q, "response_type");
        if (!"code".equals(responseType)) {
            return new Parsed(null, null, errorRedirect(redirectUri, "unsupported_response_type", state));
        }
        String challenge = first(q, "code_challenge");
        String method = first(q, "code_challenge_method");
        if (challenge != null && method == null) {
            method = "plain";
        }
        if (challenge != null && !method.equals("plain") && !method.equals("S256")) {
            return new Parsed(null, null, errorRedirect(redirectUri, "invalid_request", state));
        }
        Set<String> mapped = new LinkedHashSet<>();
        for (JsonNode pm : provider.path("property_mappings")) {
            Directory.ScopeMapping sm = dir.scopeMappings.get(pm.asText());
            if (sm != null) {
                mapped.add(sm.scopeName());
            }
        }
        Set<String> scopes = new LinkedHashSet<>();
        for (String s : String.valueOf(first(q, "scope")).split(" ")) {
            if (mapped.contains(s)) {
                scopes.add(s);
            }
        }
        return new Parsed(new AuthorizeRequest(provider, slug, redirectUri, scopes, state, first(q, "nonce"), challenge, method), null, null);
    }

    /** The prompt values authentik keeps (ALLOWED_PROMPT_PARAMS: none, consent, login); others are dropped. */
    static Set<String> prompt(Map<String, List<String>> q) {
        Set<String> out = new LinkedHashSet<>();
        String raw = first(q, "prompt");
        if (raw != null) {
            for (String p : raw.split(" ")) {
                if (List.of("none", "consent", "login").contains(p)) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    private void authorize(Call call) {
        Parsed parsed = parse(call.query);
        if (parsed.errorPage() != null) {
            errorPage(call, parsed.errorPage());
            return;
        }
        if (parsed.errorRedirect() != null) {
            deliverError(call, parsed.errorRedirect());
            return;
        }
        AuthorizeRequest req = parsed.request();
        // 2026.5+: check_grant() after the redirect URI check; response_type=code needs authorization_code
        if (grantTypesHonoured && !containsText(req.provider().path("grant_types"), "authorization_code")) {
            deliverError(call, errorRedirect(req.redirectUri(), "invalid_request", "The request is otherwise malformed", req.state()));
            return;
        }
        Set<String> prompt = prompt(call.query);
        String original = call.path + "?" + call.rawQuery();
        Optional<Directory.User> user = sessions.loggedIn(call);
        if (user.isEmpty()) {
            if (!dir.brandApplied()) {
                call.html(404, AuthentikStandIn.NOT_FOUND_PAGE);
                return;
            }
            if (prompt.contains("none")) {
                deliverError(call, errorRedirect(req.redirectUri(), "login_required", "The Authorization Server requires End-User authentication", req.state()));
                return;
            }
            sessions.resend(call);
            // redirect_with_qs: the flow interface gets the authorize request's own query plus next (recorded 2026.2.2)
            call.redirect("/if/flow/" + LOGIN_FLOW + "/?" + call.rawQuery() + "&next=" + Call.encode(original));
            return;
        }
        Directory.BrowserSession browser = sessions.resend(call);
        if (prompt.contains("login") && (browser.lastLoginUidForPrompt == null || browser.lastLoginUidForPrompt == browser.loginUid)) {
            // prompt=login: authenticate again, unless a login happened since this request first asked for one
            browser.lastLoginUidForPrompt = browser.loginUid;
            call.redirect("/if/flow/" + LOGIN_FLOW + "/?" + call.rawQuery() + "&next=" + Call.encode(original));
            return;
        }
        if (EXPLICIT_CONSENT.equals(flowSlug(req.provider())) || prompt.contains("consent")) {
            // Like authentik, the authorization flow gets the authorize request's query string as its own;
            // prompt=consent appends an always-required consent stage even to the implicit-consent flow.
            call.redirect("/if/flow/" + flowSlug(req.provider()) + "/?" + call.rawQuery());
            return;
        }
        call.redirect(issueCode(req, user.get(), browser.authTime, browser.id));
    }

    /**
     * An AuthorizeError as authentik delivers it: HttpResponseRedirect to the redirect URI for http(s) (and ftp);
     * Django refuses any other scheme (DisallowedRedirect), so a custom-scheme client gets a 400 page instead.
     */
    static void deliverError(Call call, String location) {
        String scheme = location.contains(":") ? location.substring(0, location.indexOf(':')).toLowerCase(java.util.Locale.ROOT) : "";
        if (List.of("http", "https", "ftp").contains(scheme)) {
            call.redirect(location);
        } else {
            call.html(400, "<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Bad Request (400)</title>\n</head>\n<body>\n"
                    + "  <h1>Bad Request (400)</h1><p></p>\n</body>\n</html>\n");
        }
    }

    String flowSlug(JsonNode provider) {
        Directory.Flow f = dir.flows.get(provider.path("authorization_flow").asText());
        return f == null ? null : f.slug();
    }

    /** The success redirect: redirect_uri?code=...&state=... */
    String issueCode(AuthorizeRequest req, Directory.User user, long authTime, String sessionId) {
        String code = Directory.randomToken(32);
        long validity = Tokens.duration(req.provider().path("access_code_validity").asText("minutes=1")).toMillis();
        dir.codes.put(code, new Directory.AuthorizationCode(code, req.provider().get("pk").asInt(), user.pk, req.redirectUri(),
                req.scopes(), req.nonce(), req.challenge(), req.challengeMethod(), authTime, System.currentTimeMillis() + validity, sessionId));
        String params = "code=" + code + (req.state() == null ? "" : "&state=" + Call.encode(req.state()));
        return RedirectUris.withParams(req.redirectUri(), params);
    }

    private void token(Call call) {
        call.setHeader("Cache-Control", "no-store");
        if (call.method.equals("OPTIONS")) {
            Cors.allow(call, null);
            call.json(200, Map.of());
            return;
        }
        if (call.method.equals("POST")) {
            String id = first(call.form(), "client_id");
            synchronized (dir.lock) {
                dir.providers.values().stream().filter(p -> p.path("client_id").asText().equals(id)).findFirst()
                        .ifPresent(p -> Cors.allow(call, p.path("redirect_uris")));
            }
        }
        if (!call.method.equals("POST")) {
            oauthError(call, 405, "invalid_request", "Token requests must be POST.");
            return;
        }
        Map<String, List<String>> form = call.form();
        ObjectNode provider = authenticateClient(call, form);
        if (provider == null) {
            oauthError(call, 400, "invalid_client", INVALID_CLIENT);
            return;
        }
        String grantType = first(form, "grant_type");
        if (!"authorization_code".equals(grantType) && !"refresh_token".equals(grantType)) {
            oauthError(call, 400, "unsupported_grant_type", "The authorization grant type is not supported by the authorization server.");
            return;
        }
        if (grantTypesHonoured && !containsText(provider.path("grant_types"), grantType)) {
            // authentik logs "Invalid grant_type for provider"; the answer carries the generic RFC 6749 text
            oauthError(call, 400, "invalid_grant", INVALID_GRANT);
            return;
        }
        if (grantType.equals("authorization_code")) {
            codeGrant(call, provider, form);
        } else {
            refreshGrant(call, provider, form);
        }
    }

    /** The provider of the client, when its credentials are right (public clients need no secret); else null. */
    private ObjectNode authenticateClient(Call call, Map<String, List<String>> form) {
        String clientId = first(form, "client_id");
        String secret = first(form, "client_secret");
        String basic = call.header("Authorization");
        if (basic != null && basic.startsWith("Basic ")) {
            String[] cs;
            try {
                cs = new String(Base64.getDecoder().decode(basic.substring(6).trim()), StandardCharsets.UTF_8).split(":", 2);
            } catch (IllegalArgumentException e) {
                return null;
            }
            clientId = Call.decode(cs[0]);
            secret = cs.length > 1 ? Call.decode(cs[1]) : null;
        }
        String id = clientId;
        ObjectNode provider;
        synchronized (dir.lock) {
            provider = dir.providers.values().stream().filter(p -> p.path("client_id").asText().equals(id)).findFirst().orElse(null);
        }
        if (provider == null) {
            return null;
        }
        if (provider.path("client_type").asText().equals("confidential")
                && (secret == null || !MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8),
                provider.path("client_secret").asText().getBytes(StandardCharsets.UTF_8)))) {
            return null;
        }
        return provider;
    }

    /** RFC 7009 revocation and RFC 7662 introspection, for tokens of the authenticated client only. */
    private void revokeOrIntrospect(Call call, boolean revoke) {
        if (!call.method.equals("POST")) {
            oauthError(call, 405, "invalid_request", "POST required.");
            return;
        }
        Map<String, List<String>> form = call.form();
        ObjectNode provider = authenticateClient(call, form);
        if (provider == null) {
            oauthError(call, 401, "invalid_client", "Client authentication failed");
            return;
        }
        int pk = provider.get("pk").asInt();
        String token = String.valueOf(first(form, "token"));
        Directory.AccessToken at = dir.accessTokens.get(token);
        Directory.RefreshToken rt = dir.refreshTokens.get(token);
        boolean own = (at != null && at.providerPk() == pk) || (rt != null && rt.providerPk == pk);
        if (revoke) {
            if (own) {
                dir.accessTokens.remove(token);
                if (rt != null) {
                    rt.revoked = true;
                }
            }
            call.empty(200);
            return;
        }
        boolean active = own && (at != null ? at.expiresAt() > System.currentTimeMillis() : !rt.revoked && rt.expiresAt > System.currentTimeMillis());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("active", active);
        if (active) {
            Directory.User u = dir.users.get(at != null ? at.userPk() : rt.userPk);
            out.put("client_id", provider.path("client_id").asText());
            out.put("sub", dir.subject(provider, u));
            out.put("scope", String.join(" ", at != null ? at.scopes() : rt.scopes));
        }
        call.json(200, out);
    }

    /**
     * The code grant in token.py's order (__post_init_code @version/2026.2.2:199-238, the same at 6c04503c): the
     * redirect_uri must be one the provider registers (authorization-type from 2026.5), else invalid_client, not bound
     * to the code; a forbidden scheme is invalid_request; then the code; then PKCE, where a verifier for a code without
     * a challenge is refused too (no downgrade). standin-audit D13.
     */
    private void codeGrant(Call call, ObjectNode provider, Map<String, List<String>> form) {
        String codeValue = first(form, "code");
        String invalid = INVALID_GRANT;
        if (codeValue == null || codeValue.isEmpty()) {
            oauthError(call, 400, "invalid_grant", invalid);
            return;
        }
        String redirectUri = first(form, "redirect_uri");
        if (redirectUri == null || !RedirectUris.rules(provider.get("redirect_uris")).stream()
                .filter(r -> r.type().equals("authorization")).anyMatch(r -> r.mode().equals("regex-or-equal")
                        ? r.url().equals(redirectUri) || new RedirectUris.Rule("regex", r.url(), r.type()).matches(redirectUri)
                        : r.matches(redirectUri))) {
            oauthError(call, 400, "invalid_client", INVALID_CLIENT);
            return;
        }
        if (RedirectUris.hasForbiddenScheme(redirectUri)) {
            oauthError(call, 400, "invalid_request", INVALID_REQUEST);
            return;
        }
        Directory.AuthorizationCode code = dir.codes.remove(codeValue);
        if (code == null || code.providerPk() != provider.get("pk").asInt() || code.expiresAt() < System.currentTimeMillis()) {
            oauthError(call, 400, "invalid_grant", invalid);
            return;
        }
        String verifier = first(form, "code_verifier");
        if (code.challenge() != null) {
            if (verifier == null || !code.challenge().equals(pkce(verifier, code.challengeMethod()))) {
                oauthError(call, 400, "invalid_grant", invalid);
                return;
            }
        } else if (verifier != null && !verifier.isEmpty()) {
            oauthError(call, 400, "invalid_grant", invalid);
            return;
        }
        Directory.User user = dir.users.get(code.userPk());
        call.json(200, issue(call, provider, user, code.scopes(), code.nonce(), code.authTime(), null, code.sessionId()));
    }

    private void refreshGrant(Call call, ObjectNode provider, Map<String, List<String>> form) {
        String value = first(form, "refresh_token");
        Directory.RefreshToken rt = value == null ? null : dir.refreshTokens.get(value);
        if (rt == null || rt.revoked || rt.providerPk != provider.get("pk").asInt() || rt.expiresAt < System.currentTimeMillis()) {
            oauthError(call, 400, "invalid_grant", "The provided authorization grant or refresh token is invalid, expired, revoked, "
                    + "does not match the redirection URI used in the authorization request, or was issued to another client");
            return;
        }
        Directory.User user = dir.users.get(rt.userPk);
        Duration threshold = Tokens.duration(provider.path("refresh_token_threshold").asText("seconds=0"));
        boolean rotate = threshold.isZero() || rt.expiresAt - System.currentTimeMillis() < threshold.toMillis();
        if (rotate) {
            rt.revoked = true;
        }
        // a refresh binds the new tokens to the refresh token's session while that session exists
        String session = rt.sessionId != null && dir.sessions.containsKey(rt.sessionId) ? rt.sessionId : null;
        call.json(200, issue(call, provider, user, rt.scopes, null, rt.authTime, rotate ? null : rt.token, session));
    }

    private Map<String, Object> issue(Call call, ObjectNode provider, Directory.User user, Set<String> scopes, String nonce,
                                      long authTime, String keptRefreshToken, String sessionId) {
        String issuer = issuers.issuer(call, provider, slugOf(provider).orElse(""));
        String clientId = provider.path("client_id").asText();
        Duration accessValidity = Tokens.duration(provider.path("access_token_validity").asText("hours=1"));
        // id_token.py @2026.2.2: one IDToken (jti, sid of the browser session, the scopes' claims when
        // include_claims_in_id_token); the access token is the same claims plus azp, uid and scope
        JWTClaimsSet.Builder id = tokens.base(provider, issuer, clientId, user, authTime, accessValidity).jwtID(Directory.randomToken(40));
        if (sessionId != null) {
            id.claim("sid", Directory.sha256Hex(sessionId));
        }
        if (nonce != null) {
            id.claim("nonce", nonce);
        }
        if (provider.path("include_claims_in_id_token").asBoolean(true)) {
            tokens.userClaims(provider, user, scopes).forEach(id::claim);
        }
        JWTClaimsSet idClaims = id.build();
        JWTClaimsSet access = new JWTClaimsSet.Builder(idClaims).claim("azp", clientId).claim("uid", Directory.randomToken(40))
                .claim("scope", String.join(" ", scopes)).build();
        String accessToken = tokens.sign(provider, access);
        dir.accessTokens.put(accessToken, new Directory.AccessToken(provider.get("pk").asInt(), user.pk, scopes,
                System.currentTimeMillis() + accessValidity.toMillis(), sessionId));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("access_token", accessToken);
        out.put("token_type", "Bearer");
        out.put("scope", String.join(" ", scopes));
        out.put("expires_in", accessValidity.toSeconds());
        if (scopes.contains("openid")) {
            out.put("id_token", tokens.sign(provider, idClaims));
        }
        if (scopes.contains("offline_access")) {
            String refresh = keptRefreshToken;
            if (refresh == null) {
                refresh = Directory.randomToken(64);
                long validity = Tokens.duration(provider.path("refresh_token_validity").asText("days=30")).toMillis();
                dir.refreshTokens.put(refresh, new Directory.RefreshToken(refresh, provider.get("pk").asInt(), user.pk, scopes, authTime,
                        System.currentTimeMillis() + validity));
                dir.refreshTokens.get(refresh).sessionId = sessionId;
            }
            out.put("refresh_token", refresh);
        }
        return out;
    }

    private void userinfo(Call call) {
        if (call.method.equals("OPTIONS")) {
            Cors.allow(call, null);
            call.json(200, Map.of());
            return;
        }
        String auth = call.header("Authorization");
        String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7).trim() : null;
        Directory.AccessToken at = token == null ? null : dir.accessTokens.get(token);
        if (at == null || at.expiresAt() < System.currentTimeMillis() || !dir.providers.containsKey(at.providerPk())) {
            call.setHeader("WWW-Authenticate", "error=\"invalid_token\"");
            call.json(401, Map.of("error", "invalid_token", "error_description", "Token is invalid or expired"));
            return;
        }
        Cors.allow(call, dir.providers.get(at.providerPk()).path("redirect_uris"));
        call.json(200, tokens.userClaims(dir.providers.get(at.providerPk()), dir.users.get(at.userPk()), at.scopes()));
    }

    private void perApplication(Call call, String path) {
        int slash = path.indexOf('/');
        String slug = slash < 0 ? path : path.substring(0, slash);
        String rest = slash < 0 ? "" : path.substring(slash + 1);
        ObjectNode provider = null;
        synchronized (dir.lock) {
            for (ObjectNode a : dir.applications.values()) {
                if (a.path("slug").asText().equals(slug) && a.hasNonNull("provider")) {
                    provider = dir.providers.get(a.get("provider").asInt());
                }
            }
        }
        if (provider == null || !Set.of(".well-known/openid-configuration", "jwks/", "end-session/").contains(rest)) {
            call.json(404, Map.of("detail", "Not found."));
            return;
        }
        switch (rest) {
            case "jwks/" -> jwks(call, provider);
            case "end-session/" -> endSession(call, provider, slug);
            default -> discovery(call, provider, slug);
        }
    }

    private void jwks(Call call, JsonNode provider) {
        call.setHeader("Access-Control-Allow-Origin", "*");
        KeyPairs.CertKeyPair kp = provider.path("signing_key").isTextual() ? dir.keyPairs.get(provider.get("signing_key").asText()) : null;
        if (kp == null) {
            call.json(200, Map.of());
            return;
        }
        List<Object> keys = new java.util.ArrayList<>(List.of(kp.jwk().toJSONObject()));
        KeyPairs.CertKeyPair enc = provider.path("encryption_key").isTextual() ? dir.keyPairs.get(provider.get("encryption_key").asText()) : null;
        if (enc != null) {
            // views/jwks.py: the encryption key is listed too, use "enc", alg RSA-OAEP-256
            Map<String, Object> e = new LinkedHashMap<>(enc.jwk().toJSONObject());
            e.put("use", "enc");
            e.put("alg", "RSA-OAEP-256");
            keys.add(e);
        }
        call.json(200, Map.of("keys", keys));
    }

    private void discovery(Call call, JsonNode provider, String slug) {
        String base = issuers.base(call);
        Set<String> scopes = new LinkedHashSet<>();
        for (JsonNode pm : provider.path("property_mappings")) {
            Directory.ScopeMapping sm = dir.scopeMappings.get(pm.asText());
            if (sm != null) {
                scopes.add(sm.scopeName());
            }
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("issuer", issuers.issuer(call, provider, slug));
        d.put("authorization_endpoint", base + "/application/o/authorize/");
        d.put("token_endpoint", base + "/application/o/token/");
        d.put("userinfo_endpoint", base + "/application/o/userinfo/");
        d.put("end_session_endpoint", base + "/application/o/" + slug + "/end-session/");
        d.put("introspection_endpoint", base + "/application/o/introspect/");
        d.put("revocation_endpoint", base + "/application/o/revoke/");
        d.put("device_authorization_endpoint", base + "/application/o/device/");
        // authentik/providers/oauth2/views/provider.py:77-103 @version/2026.2.2, the same at 6c04503c (2026.8.0-rc1): fixed
        // lists, whatever the provider allows (recorded: both releases)
        d.put("response_types_supported", List.of("code", "id_token", "id_token token", "code token", "code id_token", "code id_token token"));
        d.put("response_modes_supported", List.of("query", "fragment", "form_post"));
        d.put("jwks_uri", base + "/application/o/" + slug + "/jwks/");
        d.put("grant_types_supported", List.of("authorization_code", "refresh_token", "implicit", "client_credentials", "password",
                "urn:ietf:params:oauth:grant-type:device_code"));
        d.put("id_token_signing_alg_values_supported", List.of(provider.path("signing_key").isTextual() ? "RS256" : "HS256"));
        d.put("subject_types_supported", List.of("public"));
        d.put("token_endpoint_auth_methods_supported", List.of("client_secret_post", "client_secret_basic"));
        d.put("acr_values_supported", List.of("goauthentik.io/providers/oauth2/default"));
        d.put("scopes_supported", List.copyOf(scopes));
        d.put("request_parameter_supported", false);
        d.put("claims_supported", List.of("sub", "iss", "aud", "exp", "iat", "auth_time", "acr", "amr", "nonce", "email",
                "email_verified", "name", "given_name", "preferred_username", "nickname", "groups"));
        d.put("claims_parameter_supported", false);
        d.put("code_challenge_methods_supported", List.of("plain", "S256"));
        if (backchannelLogout) {
            d.put("backchannel_logout_supported", true);
            d.put("backchannel_logout_session_supported", true);
        }
        if (frontchannelLogout) { // views/provider.py:77-78 at 6c04503c (2026.8.0-rc1); absent at version/2026.2.2
            d.put("frontchannel_logout_supported", true);
            d.put("frontchannel_logout_session_supported", true);
        }
        // views/provider.py:167 (@version/2026.2.2): cors_allow with the provider's redirect URIs, as for token and userinfo;
        // a browser on another origin (the web UI reading a native app's discovery) cannot read it
        Cors.allow(call, provider.path("redirect_uris"));
        call.json(200, d);
    }

    /**
     * end_session.py: plans the provider's invalidation flow (the brand's when it has none) with a SessionEndStage appended
     * and sends the browser there; it does not log the user out of authentik itself, only a User Logout stage in that flow
     * does (the guide's default-provider-invalidation-flow has none).
     * <ul>
     * <li>Before 2026.5 (@version/2026.2.2) post_logout_redirect_uri and id_token_hint are not read, and a browser without
     * a session is sent to log in first (PolicyAccessView.handle_no_permission, with next; goauthentik/authentik#24012).</li>
     * <li>From 2026.5 (goauthentik/authentik @07b41fff, #22718): an id_token_hint must verify (key, aud = client_id, the
     * issuer; not exp), post_logout_redirect_uri counts only against logout-type URIs and is ignored when the provider has
     * none; one that matches none, or comes without id_token_hint, is a 400 "Bad Request" page. A matching one goes into
     * the plan, with state appended. The provider's access tokens of this session are deleted.</li>
     * <li>A browser without a session is sent to log in first up to 2026.8.0-rc1 (2026.5.0-5.3 and the June main too:
     * standin-audit D1), and runs the flow from 2026.8.0 (#23773).</li>
     * <li>The redirect to the flow carries the request's query (D6).</li>
     * </ul>
     */
    private void endSession(Call call, JsonNode provider, String slug) {
        Directory.Flow f;
        String application;
        synchronized (dir.lock) {
            f = dir.flows.get(provider.path("invalidation_flow").asText());
            application = dir.applicationsOf(provider.get("pk").asInt()).stream().map(a -> a.path("name").asText()).findFirst().orElse(slug);
        }
        String flowSlug = f == null ? Directory.BRAND_INVALIDATION_FLOW : f.slug();
        Optional<Directory.BrowserSession> session = sessions.find(call).filter(s -> s.userPk != null);
        String post = null;
        if (session.isEmpty() && !endSessionRunsFlowWithoutSession) {
            // PolicyAccessView.handle_no_permission: to the login flow with the request's query and next (redirect_with_qs)
            String query = call.rawQuery();
            call.redirect("/if/flow/" + LOGIN_FLOW + "/?" + (query.isEmpty() ? "" : query + "&") + "next="
                    + Call.encode(call.path + (query.isEmpty() ? "" : "?" + query)));
            return;
        }
        if (postLogoutRedirects) {
            String hint = call.param("id_token_hint");
            if (hint != null && !idTokenHintVerifies(call, provider, slug, hint)) {
                badRequest(call);
                return;
            }
            String requested = call.param("post_logout_redirect_uri");
            if (requested != null && RedirectUris.hasType(provider.get("redirect_uris"), "logout")) {
                if (hint == null || !RedirectUris.allowed(provider.get("redirect_uris"), requested, "logout")) {
                    badRequest(call);
                    return;
                }
                String state = call.param("state");
                post = state == null ? requested : RedirectUris.withParams(requested, "state=" + Call.encode(state));
            }
            session.ifPresent(s -> dir.accessTokens.values().removeIf(t -> s.id.equals(t.sessionId()) && t.providerPk() == provider.get("pk").asInt()));
        }
        Directory.BrowserSession browser = sessions.findOrCreate(call);
        browser.flows.remove(flowSlug);
        browser.endSession = new Directory.EndSessionPlan(flowSlug, application, launchUrl(provider), post);
        // planner.py to_redirect → redirect_with_qs: the request's query goes along (standin-audit D6)
        call.redirect("/if/flow/" + flowSlug + "/" + (call.rawQuery().isEmpty() ? "" : "?" + call.rawQuery()));
    }

    /**
     * lib/views.py bad_request_message with TokenError("invalid_request")'s description: if/error.html, titled with the
     * brand, the card titled "Bad Request", and a "Go home" link #ak-back-home to root-redirect (@version/2026.2.2).
     */
    private static void badRequest(Call call) {
        call.html(400, "<!DOCTYPE html><html><head><title>authentik</title></head><body><h1>Bad Request</h1>"
                + "<p>The request is otherwise malformed</p><a id=\"ak-back-home\" href=\"/\">Go home</a></body></html>");
    }

    /** jwt.decode(hint, key, algorithms=[alg], audience=client_id, issuer=get_issuer(request), verify_exp=False). */
    private boolean idTokenHintVerifies(Call call, JsonNode provider, String slug, String hint) {
        try {
            com.nimbusds.jwt.SignedJWT jwt = com.nimbusds.jwt.SignedJWT.parse(hint);
            KeyPairs.CertKeyPair kp = provider.path("signing_key").isTextual() ? dir.keyPairs.get(provider.get("signing_key").asText()) : null;
            com.nimbusds.jose.JWSVerifier verifier = kp != null ? new com.nimbusds.jose.crypto.RSASSAVerifier(kp.jwk())
                    : new com.nimbusds.jose.crypto.MACVerifier(provider.path("client_secret").asText().getBytes(StandardCharsets.UTF_8));
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            return jwt.getHeader().getAlgorithm().equals(kp != null ? com.nimbusds.jose.JWSAlgorithm.RS256 : com.nimbusds.jose.JWSAlgorithm.HS256)
                    && jwt.verify(verifier) && claims.getAudience().contains(provider.path("client_id").asText())
                    && issuers.issuer(call, provider, slug).equals(claims.getIssuer());
        } catch (java.text.ParseException | com.nimbusds.jose.JOSEException e) {
            return false; // e.g. a JWE (an encryption key on the provider): goauthentik/authentik#22572
        }
    }

    /** OAuth2Provider.launch_url: the first redirect URI without its path (models.py @version/2026.2.2). */
    private static String launchUrl(JsonNode provider) {
        for (JsonNode r : provider.path("redirect_uris")) {
            try {
                java.net.URI u = java.net.URI.create(r.path("url").asText());
                return u.getScheme() + "://" + u.getRawAuthority();
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    Optional<String> slugOf(JsonNode provider) {
        synchronized (dir.lock) {
            return dir.applicationsOf(provider.get("pk").asInt()).stream().map(a -> a.path("slug").asText()).findFirst();
        }
    }

    static String pkce(String verifier, String method) {
        if ("plain".equals(method)) {
            return verifier;
        }
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * prompt=none with prompt=consent, signed in: the flow runs with its consent stage, and the fulfillment stage refuses
     * at its end (views/authorize.py OAuthFulfillmentStage.get @6c04503c:571-577; without a session pre_permission_check
     * answers login_required first). Error texts as errors.py has them, without a final period.
     */
    static String consentRequired(AuthorizeRequest req) {
        return errorRedirect(req.redirectUri(), "consent_required", "The Authorization Server requires End-User consent", req.state());
    }

    private static String errorRedirect(String redirectUri, String error, String state) {
        return errorRedirect(redirectUri, error, null, state);
    }

    private static String errorRedirect(String redirectUri, String error, String description, String state) {
        return RedirectUris.withParams(redirectUri, "error=" + error
                + (description == null ? "" : "&error_description=" + Call.encode(description))
                + (state == null ? "" : "&state=" + Call.encode(state)));
    }

    static void errorPage(Call call, String message) {
        call.html(400, "<!DOCTYPE html><html><head><title>authentik</title></head><body><h1>Whoops!</h1><p>"
                + message.replace("<", "&lt;") + "</p></body></html>");
    }

    private static void oauthError(Call call, int status, String error, String description) {
        call.json(status, Map.of("error", error, "error_description", description));
    }

    private static boolean containsText(JsonNode array, String value) {
        for (JsonNode n : array) {
            if (n.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static String first(Map<String, List<String>> q, String name) {
        List<String> v = q.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
