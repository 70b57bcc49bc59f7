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
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import io.github.akoc.deployment.Provider;
import io.github.akoc.deployment.RedirectUri;
import io.github.akoc.deployment.Deployment;
import io.github.akoc.world.World;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Logs the test user in headlessly (flow executor API, cookie session) and, for every client of the setup,
 * runs authorization code + PKCE S256 on one of its registered redirect URIs, then one refresh where a
 * refresh token came back. Failures end up in {@link ClientTokens#error()}: the checks report them.
 */
public final class TokenFlows {
    /** How long the desktop client's loopback listener waits for authentik's redirect. */
    public static final Duration LOOPBACK_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> RESTRICTED_HEADERS = Set.of("content-length", "host", "connection", "expect", "upgrade");

    private final HttpClient session;
    private final CookieManager cookies;
    private final HttpClient plain;
    private final URI authentik;
    private final Deployment setup;

    /** Through the world's name mapping, with a fresh cookie store for the user's session. */
    public TokenFlows(World world, Deployment setup) {
        this(new CookieManager(), world, setup);
    }

    private TokenFlows(CookieManager cookies, World world, Deployment setup) {
        this(world.newHttpClient(cookies), cookies, world.http(), URI.create(setup.authentik().baseUrl()), setup);
    }

    /**
     * @param session   a client keeping {@code cookies}, redirects not followed
     * @param plain     a client without cookies for discovery, token requests and the loopback redirect
     * @param authentik authentik's base URL (https://HOST/)
     */
    public TokenFlows(HttpClient session, CookieManager cookies, HttpClient plain, URI authentik, Deployment setup) {
        this.session = session;
        this.cookies = cookies;
        this.plain = plain;
        this.authentik = authentik;
        this.setup = setup;
    }

    /** Tokens for every client of the setup; never throws for what authentik answers. */
    public Session run(String username, String password, BrowserLogin browserLogin) {
        FlowWalker walker = new FlowWalker(session, cookies, authentik, username, password);
        Map<String, ClientTokens> tokens = new LinkedHashMap<>();
        for (Provider client : setup.providers()) {
            tokens.put(client.clientId(), tokens(client, walker));
        }
        return new Session(username, browserLogin, tokens, (client, redirectUri) -> authorize(walker, client, redirectUri));
    }

    /** The authorization and token endpoints of the client's application discovery. */
    record Endpoints(URI authorization, URI token) {
    }

    Endpoints endpoints(Provider client) {
        URI discovery = authentik.resolve("/application/o/" + client.slug() + "/.well-known/openid-configuration");
        HttpResponse<String> r = send(plain, HttpRequest.newBuilder(discovery).GET());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("discovery " + discovery + " answered " + r.statusCode() + ": " + FlowWalker.excerpt(r.body()));
        }
        JsonNode d;
        try {
            d = JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException("discovery " + discovery + " is not JSON: " + FlowWalker.excerpt(r.body()));
        }
        String authz = d.path("authorization_endpoint").asText(null);
        String token = d.path("token_endpoint").asText(null);
        if (authz == null || token == null) {
            throw new IllegalStateException("discovery " + discovery + " lacks authorization_endpoint or token_endpoint: " + FlowWalker.excerpt(r.body()));
        }
        return new Endpoints(URI.create(authz), URI.create(token));
    }

    /** The code + PKCE request of one client (scopes as the client asks for them). */
    static AuthorizationRequest authorizationRequest(URI endpoint, Provider client, String redirectUri, State state,
                                                     CodeVerifier verifier) {
        return new AuthorizationRequest.Builder(ResponseType.CODE, new ClientID(client.clientId()))
                .endpointURI(endpoint)
                .redirectionURI(URI.create(redirectUri))
                .scope(new Scope(client.scopes().toArray(String[]::new)))
                .state(state)
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .build();
    }

    ClientTokens tokens(Provider client, FlowWalker walker) {
        String redirectUri = null;
        try {
            if (client.clientType() != Provider.ClientType.PUBLIC) {
                return failed(client, null, "client " + client.clientId() + " is confidential: the suite knows no client secret for it");
            }
            Endpoints endpoints = endpoints(client);
            State state = new State();
            CodeVerifier verifier = new CodeVerifier();
            boolean loopback = client.redirectUris().stream().anyMatch(u -> u.matchingMode() == RedirectUri.MatchingMode.REGEX);
            AuthorizationCode code;
            if (loopback) {
                try (LoopbackRedirectListener listener = new LoopbackRedirectListener(state.getValue())) {
                    redirectUri = listener.redirectUri();
                    String candidate = redirectUri;
                    if (client.redirectUris().stream().noneMatch(u -> u.matches(candidate))) {
                        return failed(client, redirectUri, "no registered redirect URI of " + client.clientId()
                                + " admits the loopback redirect " + redirectUri);
                    }
                    FlowWalker.Stop stop = walker.walk(authorizationRequest(endpoints.authorization(), client, redirectUri, state, verifier).toURI());
                    String error = unexpected(stop, redirectUri);
                    if (error != null) {
                        return failed(client, redirectUri, error);
                    }
                    // the browser would follow authentik's redirect to the desktop client's listener
                    send(plain, HttpRequest.newBuilder(URI.create(stop.location())).GET());
                    LoopbackRedirectListener.Received received = listener.await(LOOPBACK_TIMEOUT);
                    if (received.error() != null) {
                        return failed(client, redirectUri, received.error());
                    }
                    code = new AuthorizationCode(received.code());
                }
            } else {
                redirectUri = client.redirectUris().stream().filter(u -> u.matchingMode() == RedirectUri.MatchingMode.STRICT)
                        .map(RedirectUri::url).findFirst().orElseThrow();
                FlowWalker.Stop stop = walker.walk(authorizationRequest(endpoints.authorization(), client, redirectUri, state, verifier).toURI());
                String error = unexpected(stop, redirectUri);
                if (error != null) {
                    return failed(client, redirectUri, error);
                }
                AuthorizationResponse response = AuthorizationResponse.parse(URI.create(stop.location()));
                if (!response.indicatesSuccess()) {
                    return failed(client, redirectUri, "authorization refused: " + describe(response.toErrorResponse().getErrorObject()));
                }
                if (!state.equals(response.getState())) {
                    return failed(client, redirectUri, "authorization response carries state " + response.getState() + ", not the one sent");
                }
                code = response.toSuccessResponse().getAuthorizationCode();
                if (code == null) {
                    return failed(client, redirectUri, "authorization response without code: " + stop.location());
                }
            }
            return exchange(client, endpoints.token(), redirectUri, code, verifier);
        } catch (RuntimeException | ParseException e) {
            return failed(client, redirectUri, e.getMessage());
        }
    }

    private ClientTokens exchange(Provider client, URI tokenEndpoint, String redirectUri, AuthorizationCode code,
                                  CodeVerifier verifier) throws ParseException {
        ClientID id = new ClientID(client.clientId());
        TokenRequest request = new TokenRequest(tokenEndpoint, id, new AuthorizationCodeGrant(code, URI.create(redirectUri), verifier));
        TokenResponse response = OIDCTokenResponseParser.parse(send(plain, request.toHTTPRequest()));
        if (!response.indicatesSuccess()) {
            return failed(client, redirectUri, "token request refused: " + describe(((TokenErrorResponse) response).getErrorObject()));
        }
        OIDCTokenResponse ok = (OIDCTokenResponse) response.toSuccessResponse();
        String idToken = ok.getOIDCTokens().getIDTokenString();
        String access = ok.getOIDCTokens().getAccessToken().getValue();
        RefreshToken refreshToken = ok.getOIDCTokens().getRefreshToken();
        ClientTokens.Refresh refresh = null;
        if (refreshToken != null) {
            refresh = refresh(id, tokenEndpoint, refreshToken);
        }
        String error = idToken == null ? "token response without id_token" : null;
        return new ClientTokens(client, redirectUri, idToken, access, refreshToken == null ? null : refreshToken.getValue(),
                refresh, error);
    }

    private ClientTokens.Refresh refresh(ClientID id, URI tokenEndpoint, RefreshToken refreshToken) {
        try {
            TokenResponse r = TokenResponse.parse(send(plain, new TokenRequest(tokenEndpoint, id, new RefreshTokenGrant(refreshToken)).toHTTPRequest()));
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

    AuthorizeOutcome authorize(FlowWalker walker, Provider client, String redirectUri) {
        try {
            Endpoints endpoints = endpoints(client);
            URI request = authorizationRequest(endpoints.authorization(), client, redirectUri, new State(), new CodeVerifier()).toURI();
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
        } catch (RuntimeException e) {
            return new AuthorizeOutcome(0, null, null, e.getMessage());
        }
    }

    private static ClientTokens failed(Provider client, String redirectUri, String error) {
        return new ClientTokens(client, redirectUri, null, null, null, null, error);
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
