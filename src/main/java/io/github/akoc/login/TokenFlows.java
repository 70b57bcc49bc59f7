package io.github.akoc.login;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import io.github.akoc.expectation.ClientProfile;
import io.github.akoc.expectation.Expectation;
import io.github.akoc.expectation.ExpectedClient;
import io.github.akoc.expectation.ForeignApplication;
import io.github.akoc.login.ClientTokens.Stage;
import io.github.akoc.world.World;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Logs the test user in headlessly (flow executor API, cookie session) and then acts as each real client of
 * the expectation, as its profile says: WebFinger exactly as the app asks it, the issuer's discovery, the
 * authorization request the app sends (its redirect URI and encoding, prompt, PKCE S256, the client id and
 * scopes WebFinger gave), the token request, and one refresh where a refresh token came back. Nothing is
 * taken from the deployment: a misconfigured WebFinger leads the client astray as it would the real app.
 * Failures end up in {@link ClientTokens#error()} with the stage they happened in: the checks report them.
 */
public final class TokenFlows {
    /** How long the desktop client's loopback listener waits for authentik's redirect. */
    public static final Duration LOOPBACK_TIMEOUT = Duration.ofSeconds(30);
    static final String ISSUER_REL = "http://openid.net/specs/connect/1.0/issuer";
    static final String CLIENT_ID_PROPERTY = "http://opencloud.eu/ns/oidc/client_id";
    static final String SCOPES_PROPERTY = "http://opencloud.eu/ns/oidc/scopes";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> RESTRICTED_HEADERS = Set.of("content-length", "host", "connection", "expect", "upgrade");

    private final World world;
    private final HttpClient plain;
    private final URI authentik;
    private final Expectation expectation;

    /**
     * Through the world's name mapping. Every client logs in in a browser session of its own, as the real apps do
     * (each has its own browser or Custom Tab): authentik binds access tokens to the session they were issued in
     * and deletes them with it, so a login that renews the session (prompt=login) would otherwise revoke the
     * tokens of the clients before it.
     */
    public TokenFlows(World world, Expectation expectation) {
        this.world = world;
        this.plain = world.http();
        this.authentik = URI.create(expectation.names().idpBaseUrl());
        this.expectation = expectation;
    }

    private FlowWalker newBrowserSession(String username, String password) {
        CookieManager cookies = new CookieManager();
        return new FlowWalker(world.newHttpClient(cookies), cookies, authentik, username, password);
    }

    /** Tokens for every client of the expectation; never throws for what the deployment answers. */
    public Session run(String username, String password, BrowserLogin browserLogin) {
        return run(username, password, browserLogin, List.of());
    }

    /** As {@link #run(String, String, BrowserLogin)}, plus a token of each provisioned probe application. */
    public Session run(String username, String password, BrowserLogin browserLogin, List<ForeignApplication> probes) {
        // every app and probe logs in in a browser session of its own, so they can go side by side
        Map<String, ClientTokens> tokens = new LinkedHashMap<>();
        Map<String, FlowWalker> sessions = new java.util.concurrent.ConcurrentHashMap<>();
        List<ClientTokens> perClient = io.github.akoc.world.InParallel.map(expectation.clients(), client -> {
            FlowWalker walker = newBrowserSession(username, password);
            sessions.put(client.clientId(), walker);
            return new ClientFlow(client, walker).run();
        });
        for (int i = 0; i < perClient.size(); i++) {
            tokens.put(expectation.clients().get(i).clientId(), perClient.get(i));
        }
        Map<String, ForeignToken> foreign = new LinkedHashMap<>();
        io.github.akoc.world.InParallel.map(probes, probe -> foreignToken(newBrowserSession(username, password), probe))
                .forEach(t -> foreign.put(t.application().clientId(), t));
        return new Session(username, browserLogin, tokens,
                (client, redirectUri) -> authorize(sessions.computeIfAbsent(client.clientId(), k -> newBrowserSession(username, password)),
                        client, redirectUri), foreign);
    }

    /** A plain code flow with PKCE for a probe application (no app's quirks: it stands for any other application). */
    ForeignToken foreignToken(FlowWalker walker, ForeignApplication probe) {
        try {
            Endpoints endpoints = endpoints(expectation.issuer(), new ArrayList<>());
            CodeVerifier verifier = new CodeVerifier();
            State state = new State();
            URI redirect = URI.create(ForeignApplication.REDIRECT_URI);
            AuthorizationRequest request = new AuthorizationRequest.Builder(ResponseType.CODE, new ClientID(probe.clientId()))
                    .endpointURI(endpoints.authorization()).redirectionURI(redirect).scope(new Scope(ForeignApplication.SCOPES.toArray(String[]::new)))
                    .state(state).codeChallenge(verifier, CodeChallengeMethod.S256).build();
            FlowWalker.Stop stop = walker.walk(request.toURI());
            String unexpected = unexpected(stop, ForeignApplication.REDIRECT_URI);
            if (unexpected != null) {
                return new ForeignToken(probe, null, unexpected);
            }
            AuthorizationResponse response = AuthorizationResponse.parse(URI.create(stop.location()));
            if (!response.indicatesSuccess()) {
                return new ForeignToken(probe, null, "authorization refused: " + describe(response.toErrorResponse().getErrorObject()));
            }
            AuthorizationCode code = response.toSuccessResponse().getAuthorizationCode();
            TokenRequest tokenRequest = new TokenRequest(endpoints.token(), new ClientID(probe.clientId()),
                    new AuthorizationCodeGrant(code, redirect, verifier));
            TokenResponse tokenResponse = OIDCTokenResponseParser.parse(send(plain, tokenRequest.toHTTPRequest()));
            if (!tokenResponse.indicatesSuccess()) {
                return new ForeignToken(probe, null, "token request refused: " + describe(tokenResponse.toErrorResponse().getErrorObject()));
            }
            return new ForeignToken(probe, tokenResponse.toSuccessResponse().getTokens().getAccessToken().getValue(), null);
        } catch (FlowStop | ParseException | RuntimeException e) {
            return new ForeignToken(probe, null, e.getMessage());
        }
    }

    /** What a client reads from WebFinger: the issuer and, for its platform, client id and scopes. */
    record WebfingerAnswer(String issuer, String clientId, List<String> scopes) {
    }

    /** The authorization and token endpoints of the issuer's discovery. */
    record Endpoints(URI authorization, URI token) {
    }

    /** One client's login, step by step, recording each request it makes. */
    private final class ClientFlow {
        private final ExpectedClient client;
        private final ClientProfile profile;
        private final FlowWalker walker;
        private final List<String> requests = new ArrayList<>();
        private String clientId;
        private List<String> scopes = List.of();
        private String redirectUri;

        ClientFlow(ExpectedClient client, FlowWalker walker) {
            this.client = client;
            this.profile = client.profile();
            this.walker = walker;
        }

        ClientTokens run() {
            Stage stage = Stage.WEBFINGER;
            try {
                WebfingerAnswer wf = webfinger(profile, requests);
                clientId = wf.clientId();
                scopes = wf.scopes();
                stage = Stage.DISCOVERY;
                Endpoints endpoints = endpoints(wf.issuer(), requests);
                stage = Stage.AUTHORIZE;
                State state = new State();
                CodeVerifier verifier = new CodeVerifier();
                AuthorizationCode code = profile.loopback() ? loopbackCode(endpoints, state, verifier)
                        : redirectCode(endpoints, state, verifier);
                if (code == null) {
                    return failed(stage, lastError);
                }
                stage = Stage.TOKEN;
                return exchange(endpoints.token(), code, verifier);
            } catch (FlowStop | ParseException | RuntimeException e) {
                return failed(stage, e.getMessage());
            }
        }

        private String lastError;

        private AuthorizationCode loopbackCode(Endpoints endpoints, State state, CodeVerifier verifier) {
            try (LoopbackRedirectListener listener = new LoopbackRedirectListener(state.getValue())) {
                redirectUri = listener.redirectUri(profile.redirectUris(expectation.opencloudUrl()).get(0));
                FlowWalker.Stop stop = walk(authorizationUri(endpoints.authorization(), profile, clientId, scopes,
                        redirectUri, state, verifier));
                if (lastError != null) {
                    return null;
                }
                // the browser follows authentik's redirect to the desktop app's listener
                send(plain, HttpRequest.newBuilder(URI.create(stop.location())).GET());
                LoopbackRedirectListener.Received received = listener.await(LOOPBACK_TIMEOUT);
                if (received.error() != null) {
                    lastError = received.error();
                    return null;
                }
                return new AuthorizationCode(received.code());
            }
        }

        private AuthorizationCode redirectCode(Endpoints endpoints, State state, CodeVerifier verifier) throws ParseException {
            redirectUri = profile.redirectUris(expectation.opencloudUrl()).get(0);
            FlowWalker.Stop stop = walk(authorizationUri(endpoints.authorization(), profile, clientId, scopes,
                    redirectUri, state, verifier));
            if (lastError != null) {
                return null;
            }
            AuthorizationResponse response = AuthorizationResponse.parse(URI.create(stop.location()));
            if (!response.indicatesSuccess()) {
                lastError = "authorization refused: " + describe(response.toErrorResponse().getErrorObject());
                return null;
            }
            if (!state.equals(response.getState())) {
                lastError = "authorization response carries state " + response.getState() + ", not the one sent";
                return null;
            }
            AuthorizationCode code = response.toSuccessResponse().getAuthorizationCode();
            if (code == null) {
                lastError = "authorization response without code: " + FlowWalker.excerpt(stop.location());
            }
            return code;
        }

        private FlowWalker.Stop walk(URI request) {
            requests.add("GET " + redact(request.toString()));
            FlowWalker.Stop stop = walker.walk(request);
            lastError = unexpected(stop, redirectUri);
            if (stop.location() != null) {
                requests.add("→ " + stop.status() + " Location " + redact(stop.location()));
            }
            return stop;
        }

        /** The token request as the app sends it: its client authentication and scope parameter. */
        private HTTPRequest tokenRequest(URI tokenEndpoint, Map<String, String> grant) {
            Map<String, String> form = new LinkedHashMap<>(grant);
            ClientProfile.Token t = profile.token();
            HTTPRequest request = new HTTPRequest(HTTPRequest.Method.POST, tokenEndpoint);
            request.setEntityContentType(com.nimbusds.common.contenttype.ContentType.APPLICATION_URLENCODED);
            switch (t.auth()) {
                case "basic-empty-secret" -> request.setAuthorization("Basic " + java.util.Base64.getEncoder()
                        .encodeToString((clientId + ":").getBytes(StandardCharsets.UTF_8)));
                case "post-empty-secret" -> {
                    form.put("client_id", clientId);
                    form.put("client_secret", "");
                }
                default -> form.put("client_id", clientId);
            }
            if ("requested".equals(t.scope())) {
                form.put("scope", String.join(" ", scopes));
            } else if ("builtin".equals(t.scope())) {
                form.put("scope", String.join(" ", profile.scopes().builtin()));
            }
            StringBuilder body = new StringBuilder();
            form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(k).append('=').append(enc(v)));
            request.setBody(body.toString());
            return request;
        }

        private ClientTokens exchange(URI tokenEndpoint, AuthorizationCode code, CodeVerifier verifier) throws ParseException {
            Map<String, String> grant = new LinkedHashMap<>();
            grant.put("grant_type", "authorization_code");
            grant.put("code", code.getValue());
            grant.put("redirect_uri", redirectUri);
            grant.put("code_verifier", verifier.getValue());
            HTTPRequest request = tokenRequest(tokenEndpoint, grant);
            requests.add("POST " + tokenEndpoint + " " + redact(request.getBody()) + (request.getAuthorization() != null ? " (HTTP Basic)" : ""));
            HTTPResponse http = send(plain, request);
            TokenResponse response = OIDCTokenResponseParser.parse(http);
            if (!response.indicatesSuccess()) {
                return failed(Stage.TOKEN, "token request refused: " + describe(((TokenErrorResponse) response).getErrorObject()));
            }
            OIDCTokenResponse ok = (OIDCTokenResponse) response.toSuccessResponse();
            String idToken = ok.getOIDCTokens().getIDTokenString();
            String access = ok.getOIDCTokens().getAccessToken().getValue();
            Object granted = ok.getCustomParameters().get("scope");
            String grantedScope = granted != null ? granted.toString()
                    : ok.getOIDCTokens().getAccessToken().getScope() == null ? null : ok.getOIDCTokens().getAccessToken().getScope().toString();
            RefreshToken refreshToken = ok.getOIDCTokens().getRefreshToken();
            requests.add("→ " + http.getStatusCode() + " id_token, access_token" + (refreshToken != null ? ", refresh_token" : "")
                    + (grantedScope != null ? ", scope \"" + grantedScope + "\"" : ""));
            ClientTokens.Refresh refresh = refreshToken == null ? null : refresh(tokenEndpoint, refreshToken);
            String error = idToken == null ? "token response without id_token"
                    : refreshToken == null && profile.token().requiresRefreshToken()
                    ? "the " + profile.client() + " fails the login without a refresh_token in the token response (\"Missing field refresh_token\")"
                    : null;
            return new ClientTokens(client, clientId, scopes, redirectUri, idToken, access,
                    refreshToken == null ? null : refreshToken.getValue(), grantedScope, refresh,
                    error == null ? null : Stage.TOKEN, error, requests);
        }

        private ClientTokens.Refresh refresh(URI tokenEndpoint, RefreshToken refreshToken) {
            try {
                Map<String, String> grant = new LinkedHashMap<>();
                grant.put("grant_type", "refresh_token");
                grant.put("refresh_token", refreshToken.getValue());
                HTTPRequest request = tokenRequest(tokenEndpoint, grant);
                requests.add("POST " + tokenEndpoint + " " + redact(request.getBody()));
                TokenResponse r = TokenResponse.parse(send(plain, request));
                if (!r.indicatesSuccess()) {
                    return new ClientTokens.Refresh(null, null, "refresh refused: " + describe(r.toErrorResponse().getErrorObject()));
                }
                AccessTokenResponse ok = r.toSuccessResponse();
                RefreshToken rotated = ok.getTokens().getRefreshToken();
                return new ClientTokens.Refresh(ok.getTokens().getAccessToken().getValue(), rotated == null ? null : rotated.getValue(), null);
            } catch (ParseException | RuntimeException e) {
                return new ClientTokens.Refresh(null, null, "refresh failed: " + e.getMessage());
            }
        }

        private ClientTokens failed(Stage stage, String error) {
            return new ClientTokens(client, clientId, scopes, redirectUri, null, null, null, null, null, stage, error, requests);
        }
    }

    /** Thrown inside a client's flow where the app itself would give up; the message says why. */
    static final class FlowStop extends Exception {
        FlowStop(String message) {
            super(message);
        }
    }

    /**
     * The WebFinger request exactly as the client's app sends it, and what the app takes from the answer: it
     * refuses what the app refuses (a subject other than the resource, a Content-Type without the text it
     * wants), and takes client id and scopes from the platform's properties or its built-in ones as it does.
     */
    WebfingerAnswer webfinger(ClientProfile profile, List<String> requests) throws FlowStop {
        String server = expectation.opencloudUrl();
        URI uri = URI.create(server + "/.well-known/webfinger?" + profile.webfingerQuery(server));
        requests.add("GET " + uri);
        HttpResponse<String> r = send(plain, HttpRequest.newBuilder(uri).header("Accept", "application/json").GET());
        String contentType = r.headers().firstValue("Content-Type").orElse("");
        requests.add("→ " + r.statusCode() + " " + (contentType.isEmpty() ? "(no Content-Type)" : contentType));
        if (r.statusCode() != 200) {
            throw new FlowStop("WebFinger " + uri + " answered " + r.statusCode() + ": " + FlowWalker.excerpt(r.body()));
        }
        String wantedType = profile.webfinger().requiresContentType();
        if (wantedType != null && !contentType.toLowerCase(java.util.Locale.ROOT).contains(wantedType)) {
            throw new FlowStop("WebFinger " + uri + " answered Content-Type \"" + contentType + "\"; the " + profile.client()
                    + " requires " + wantedType);
        }
        JsonNode j;
        try {
            j = JSON.readTree(r.body());
        } catch (IOException e) {
            throw new FlowStop("WebFinger " + uri + " answered no JSON: " + FlowWalker.excerpt(r.body()));
        }
        String resource = profile.webfingerParameter("resource", server);
        if (profile.webfinger().requiresSubject() && !resource.equals(j.path("subject").asText(null))) {
            throw new FlowStop("WebFinger " + uri + " answered subject \"" + j.path("subject").asText(null) + "\"; the "
                    + profile.client() + " requires the resource it asked for, " + resource);
        }
        String issuer = null;
        for (JsonNode link : j.path("links")) {
            if (ISSUER_REL.equals(link.path("rel").asText())) {
                issuer = link.path("href").asText(null);
                break;
            }
        }
        if (issuer == null || issuer.isEmpty()) {
            throw new FlowStop("WebFinger " + uri + " gave the " + profile.client() + " no issuer link");
        }
        JsonNode props = j.path("properties");
        String clientId;
        if (!profile.clientId().fromWebfinger()) {
            clientId = profile.clientId().builtin().get(0);
        } else if (props.has(CLIENT_ID_PROPERTY)) {
            clientId = props.path(CLIENT_ID_PROPERTY).asText("");
            if (clientId.isEmpty() && profile.clientId().builtin().isEmpty()) {
                throw new FlowStop("WebFinger " + uri + " gave the " + profile.client() + " an empty client id: it cannot start the login");
            }
        } else if (!profile.clientId().builtin().isEmpty()) {
            clientId = profile.clientId().builtin().get(0);
        } else {
            throw new FlowStop("WebFinger " + uri + " gave the " + profile.client() + " no client id");
        }
        List<String> scopes = new ArrayList<>();
        if (profile.scopes().fromWebfinger() && props.has(SCOPES_PROPERTY)) {
            props.path(SCOPES_PROPERTY).forEach(n -> scopes.addAll(Arrays.asList(n.asText().trim().split("\\s+"))));
            scopes.removeIf(String::isEmpty);
        } else if (!profile.scopes().builtin().isEmpty()) {
            scopes.addAll(profile.scopes().builtin());
        } else {
            throw new FlowStop("WebFinger " + uri + " gave the " + profile.client() + " no scopes");
        }
        return new WebfingerAnswer(issuer, clientId, scopes);
    }

    /** The issuer's discovery, where every client looks: the issuer without its trailing slash + /.well-known/... */
    Endpoints endpoints(String issuer, List<String> requests) throws FlowStop {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        URI discovery = URI.create(base + "/.well-known/openid-configuration");
        requests.add("GET " + discovery);
        HttpResponse<String> r = send(plain, HttpRequest.newBuilder(discovery).GET());
        requests.add("→ " + r.statusCode());
        if (r.statusCode() != 200) {
            throw new FlowStop("discovery " + discovery + " answered " + r.statusCode() + ": " + FlowWalker.excerpt(r.body()));
        }
        JsonNode d;
        try {
            d = JSON.readTree(r.body());
        } catch (IOException e) {
            throw new FlowStop("discovery " + discovery + " is not JSON: " + FlowWalker.excerpt(r.body()));
        }
        String authz = d.path("authorization_endpoint").asText(null);
        String token = d.path("token_endpoint").asText(null);
        if (authz == null || token == null) {
            throw new FlowStop("discovery " + discovery + " lacks authorization_endpoint or token_endpoint: " + FlowWalker.excerpt(r.body()));
        }
        return new Endpoints(URI.create(authz), URI.create(token));
    }

    /**
     * The authorization request as the client's app builds it: code + PKCE S256, its prompt and response
     * mode, and its redirect URI written raw or percent-encoded as the app writes it.
     */
    static URI authorizationUri(URI endpoint, ClientProfile profile, String clientId, List<String> scopes,
                                String redirectUri, State state, CodeVerifier verifier) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", enc(clientId));
        params.put("redirect_uri", profile.authorization().rawRedirectUri() ? redirectUri : enc(redirectUri));
        params.put("scope", enc(String.join(" ", scopes)));
        params.put("state", enc(state.getValue()));
        params.put("code_challenge", CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue());
        params.put("code_challenge_method", "S256");
        if (profile.authorization().prompt() != null) {
            params.put("prompt", enc(profile.authorization().prompt()));
        }
        if (profile.authorization().responseMode() != null) {
            params.put("response_mode", profile.authorization().responseMode());
        }
        StringBuilder q = new StringBuilder();
        params.forEach((k, v) -> q.append(q.length() == 0 ? "" : "&").append(k).append('=').append(v));
        String base = endpoint.toString();
        return URI.create(base + (base.contains("?") ? "&" : "?") + q);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Null when the walk ended in a redirect to {@code redirectUri}; else what happened instead. */
    private static String unexpected(FlowWalker.Stop stop, String redirectUri) {
        if (stop.location() == null) {
            return "authentik answered " + stop.status() + " at " + last(stop.steps()) + " instead of redirecting to "
                    + redirectUri + ": " + stop.body();
        }
        if (!stop.location().startsWith(redirectUri)) {
            return "authentik redirected to " + FlowWalker.excerpt(stop.location()) + " instead of " + redirectUri;
        }
        return null;
    }

    private static String last(List<String> steps) {
        return steps.isEmpty() ? "(nothing)" : steps.get(steps.size() - 1);
    }

    /**
     * An authorization request of the client (its guide client id and scopes, its app's prompt and encoding)
     * on any redirect URI, as the logged-in user: what redirect.policy sends its look-alikes through.
     */
    AuthorizeOutcome authorize(FlowWalker walker, ExpectedClient client, String redirectUri) {
        try {
            Endpoints endpoints = endpoints(expectation.issuer(), new ArrayList<>());
            List<String> scopes = client.profile().scopes().fromWebfinger() ? client.webfingerScopes() : client.profile().scopes().builtin();
            URI request = authorizationUri(endpoints.authorization(), client.profile(), client.clientId(),
                    scopes, redirectUri, new State(), new CodeVerifier());
            FlowWalker.Stop stop = walker.walk(request);
            if (stop.location() == null) {
                return new AuthorizeOutcome(stop.status(), null, null,
                        "authentik answered " + stop.status() + " at " + last(stop.steps()) + ": " + stop.body());
            }
            Map<String, String> params;
            try {
                params = LoopbackRedirectListener.query(URI.create(stop.location()).getRawQuery());
            } catch (IllegalArgumentException e) {
                params = Map.of();
            }
            return new AuthorizeOutcome(stop.status(), stop.location(), params.get("code"), params.get("error"));
        } catch (FlowStop | RuntimeException e) {
            return new AuthorizeOutcome(0, null, null, e.getMessage());
        }
    }

    /** A URL or form with its secrets (code, state, verifier, challenge, tokens) shortened, for the recorded requests. */
    static String redact(String url) {
        return url.replaceAll("((?:code|state|code_challenge|code_verifier|refresh_token)=)([^&]{0,6})[^&]*", "$1$2…");
    }

    private static String describe(ErrorObject e) {
        return e.getCode() + (e.getDescription() != null ? " (" + e.getDescription() + ")" : "") + ", HTTP " + e.getHTTPStatusCode();
    }

    /** Sends a request Nimbus built through java.net.http and hands the answer back to Nimbus. */
    static HTTPResponse send(HttpClient client, HTTPRequest request) {
        HttpRequest.Builder b = HttpRequest.newBuilder(request.getURI());
        request.getHeaderMap().forEach((name, values) -> {
            if (!RESTRICTED_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(v -> b.header(name, v));
            }
        });
        String body = request.getBody();
        b.method(request.getMethod().name(), body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = send(client, b);
        HTTPResponse out = new HTTPResponse(r.statusCode());
        r.headers().map().forEach((name, values) -> out.setHeader(name, values.toArray(String[]::new)));
        out.setBody(r.body());
        return out;
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder b) {
        HttpRequest request = b.timeout(World.REQUEST_TIMEOUT).build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri().getScheme() + "://" + request.uri().getAuthority()
                    + request.uri().getPath() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + request.uri().getPath(), e);
        }
    }
}
