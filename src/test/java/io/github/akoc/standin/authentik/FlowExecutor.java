package io.github.akoc.standin.authentik;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * /api/v3/flows/executor/<slug>/?query=...: the headless side of authentik's flows, with its component names,
 * answering as authentik's FlowExecutorView does (facts/authentik.md, "The executor answers 302 CHAINS"):
 * <ul>
 * <li>a valid answer to a stage is a 302 to the executor's own URL (stage_ok → redirect_with_qs), an invalid one
 * the challenge again with response_errors;</li>
 * <li>the default authentication flow is identification → password → MFA validation → user login; the MFA stage
 * skips itself inside the GET for a user without devices and answers a further 302; the login stage logs the user
 * in inside the next GET, which, the plan being empty then, answers the flow's end (executor.py stage_ok →
 * _flow_done; recorded: POST 302, GET 302, GET 200 xak-flow-redirect), so a client follows the chain until a
 * challenge arrives;</li>
 * <li>an authorization flow shows a consent stage when it is the explicit-consent flow, or when the authorize
 * request carries prompt=consent (authentik appends an always-required consent stage then);</li>
 * <li>a POST of a signed-in session is CSRF-checked (DRF SessionAuthentication): the X-authentik-CSRF header must
 * carry the authentik_csrf cookie that loading /if/flow/SLUG/ sets; anonymous POSTs are not checked.</li>
 * </ul>
 * Flows that end an authorization answer with xak-flow-redirect to the client's redirect URI carrying the code.
 */
final class FlowExecutor {
    private final Directory dir;
    private final Sessions sessions;
    private final OidcEndpoints oidc;

    FlowExecutor(Directory dir, Sessions sessions, OidcEndpoints oidc) {
        this.dir = dir;
        this.sessions = sessions;
        this.oidc = oidc;
    }

    void handle(Call call, String slug) {
        Optional<Directory.Flow> flow;
        synchronized (dir.lock) {
            flow = dir.flowBySlug(slug);
        }
        if (flow.isEmpty()) {
            call.json(404, Map.of("detail", "Not found."));
            return;
        }
        // flows/views/executor.py: @xframe_options_sameorigin on the executor (its pages may be framed by authentik itself)
        call.setHeader("X-Frame-Options", "SAMEORIGIN");
        // the executor keeps the flow's plan in the session: every answer saves it and sends the cookie again
        Directory.BrowserSession session = sessions.resend(call);
        Map<String, List<String>> flowQuery = Call.parseForm(call.param("query"));
        String next = flowQuery.containsKey("next") ? flowQuery.get("next").get(0) : null;
        if (next == null && flowQuery.containsKey("client_id")) {
            // authentik hands an authorization flow the authorize request's own query string
            next = "/application/o/authorize/?" + call.param("query");
        }
        Directory.FlowState state = session.flows.computeIfAbsent(slug, k -> new Directory.FlowState());
        synchronized (state) {
            if (state.stage == null) {
                state.stage = firstStage(flow.get(), flowQuery, session);
            }
            if (call.method.equals("POST")) {
                if (session.userPk != null) {
                    String csrf = csrfProblem(call);
                    if (csrf != null) {
                        call.json(403, Map.of("detail", csrf));
                        return;
                    }
                }
                JsonNode answer = call.jsonBody();
                if (answer == null) {
                    call.json(400, Map.of("detail", "JSON parse error"));
                    return;
                }
                if (answer(session, state, answer)) {
                    call.redirect(call.path + "?" + call.rawQuery());
                    return;
                }
            } else if (!call.method.equals("GET")) {
                call.json(405, Map.of("detail", "Method \"" + call.method + "\" not allowed."));
                return;
            } else if (state.stage.equals("mfa")) {
                // skips itself inside the GET and answers a further 302 (stage_ok with stages left)
                state.stage = "login";
                call.redirect(call.path + "?" + call.rawQuery());
                return;
            } else if (state.stage.equals("login")) {
                // logs the user in inside the GET; being the last stage, stage_ok ends the flow in the same answer
                sessions.login(call, session, state.pendingUserPk);
                state.stage = "done";
            } else if (state.stage.equals("user-logout")) {
                // UserLogoutStageView: logout() inside the GET, then the next stage
                sessions.logout(call, session);
                state.stage = endSessionPlanned(session, slug) ? "session-end" : "done";
            }
            if (state.stage.equals("session-end")) {
                Directory.EndSessionPlan plan = session.endSession;
                session.endSession = null;
                session.flows.remove(slug);
                call.json(200, sessionEnd(session, flow.get(), plan));
                return;
            }
            if (state.stage.equals("done")) {
                session.flows.remove(slug);
                call.json(200, Map.of("type", "redirect", "component", "xak-flow-redirect", "to", finish(call, session, flow.get(), next)));
                return;
            }
            call.json(200, challenge(session, state, flow.get(), next));
        }
    }

    private static String firstStage(Directory.Flow flow, Map<String, List<String>> flowQuery, Directory.BrowserSession session) {
        if (flow.slug().equals(OidcEndpoints.LOGIN_FLOW)) {
            return "identification";
        }
        if (flow.designation().equals("invalidation")) {
            return flow.slug().equals(Directory.BRAND_INVALIDATION_FLOW) ? "user-logout"
                    : endSessionPlanned(session, flow.slug()) ? "session-end" : "done";
        }
        boolean promptConsent = flowQuery.containsKey("prompt")
                && List.of(flowQuery.get("prompt").get(0).split(" ")).contains("consent");
        return flow.slug().equals(OidcEndpoints.EXPLICIT_CONSENT) || (flow.designation().equals("authorization") && promptConsent)
                ? "consent" : "done";
    }

    private static boolean endSessionPlanned(Directory.BrowserSession session, String slug) {
        Directory.EndSessionPlan plan = session.endSession;
        return plan != null && plan.flowSlug().equals(slug);
    }

    /**
     * SessionEndStage (flows/stage.py @version/2026.2.2): a browser no longer signed in goes to root-redirect; a signed-in
     * one sees "You've logged out of APP" (ak-stage-session-end) with the application's launch URL and the brand's
     * invalidation flow, and stays signed in to authentik. From 2026.5 a verified post-logout redirect URI in the plan is
     * where the flow ends (#22718; that stage's own source at that release was not read: inferred from end_session.py
     * putting PLAN_CONTEXT_POST_LOGOUT_REDIRECT_URI into the plan).
     */
    private static Map<String, Object> sessionEnd(Directory.BrowserSession session, Directory.Flow flow, Directory.EndSessionPlan plan) {
        if (plan.postLogoutRedirectUri() != null) {
            return Map.of("type", "redirect", "component", "xak-flow-redirect", "to", plan.postLogoutRedirectUri());
        }
        if (session.userPk == null) {
            return Map.of("type", "redirect", "component", "xak-flow-redirect", "to", "/");
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("type", "native");
        c.put("component", "ak-stage-session-end");
        c.put("flow_info", Map.of("title", flow.title().replace("%(app)s", plan.applicationName()), "layout", "stacked",
                "cancel_url", "/flows/-/cancel/"));
        c.put("brand_name", "authentik");
        c.put("application_name", plan.applicationName());
        if (plan.launchUrl() != null) {
            c.put("application_launch_url", plan.launchUrl());
        }
        c.put("invalidation_flow_url", "/if/flow/" + Directory.BRAND_INVALIDATION_FLOW + "/");
        return c;
    }

    /** DRF's CSRF answer for a signed-in session's POST, or null when it passes. */
    static String csrfProblem(Call call) {
        String header = call.header("X-authentik-CSRF");
        Optional<String> cookie = call.cookie(LoginPage.CSRF_COOKIE);
        if (cookie.isEmpty()) {
            return "CSRF Failed: CSRF cookie not set.";
        }
        if (header == null || header.isEmpty()) {
            return "CSRF Failed: CSRF token missing.";
        }
        return header.equals(cookie.get()) ? null : "CSRF Failed: CSRF token incorrect.";
    }

    /** True when the answer was accepted (the stage is done), false when it is shown again with errors. */
    private boolean answer(Directory.BrowserSession session, Directory.FlowState state, JsonNode answer) {
        String component = answer.path("component").asText();
        state.errors = null;
        String expected = "ak-stage-" + state.stage;
        if (!component.equals(expected)) {
            state.errors = Map.of("component", List.of(error("Invalid component, expected " + expected, "invalid")));
            return false;
        }
        switch (state.stage) {
            case "identification" -> {
                String uid = answer.path("uid_field").asText("");
                if (uid.isBlank()) {
                    state.errors = Map.of("uid_field", List.of(error("This field is required.", "required")));
                    return false;
                }
                // Like authentik's default (pretend_user_exists), an unknown user still gets the password stage.
                state.pendingUid = uid;
                state.pendingUserPk = dir.users.values().stream()
                        .filter(u -> u.username.equals(uid) || uid.equalsIgnoreCase(u.email)).map(u -> u.pk).findFirst().orElse(null);
                state.stage = "password";
            }
            case "password" -> {
                Directory.User u = state.pendingUserPk == null ? null : dir.users.get(state.pendingUserPk);
                if (u == null || !u.active || !u.passwordMatches(answer.path("password").asText(null))) {
                    state.errors = Map.of("password", List.of(error("Invalid password", "invalid")));
                    return false;
                }
                state.stage = "mfa";
            }
            case "consent" -> {
                if (state.consentToken == null || !state.consentToken.equals(answer.path("token").asText())) {
                    state.errors = Map.of("token", List.of(error("Invalid consent token", "invalid")));
                    return false;
                }
                state.stage = "done";
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private Map<String, Object> challenge(Directory.BrowserSession session, Directory.FlowState state, Directory.Flow flow, String next) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("type", "native");
        c.put("component", "ak-stage-" + state.stage);
        c.put("flow_info", Map.of("title", flow.title(), "layout", "stacked", "cancel_url", "/flows/-/cancel/"));
        switch (state.stage) {
            case "identification" -> {
                c.put("user_fields", List.of("username", "email"));
                c.put("password_fields", false);
                c.put("primary_action", "Log in");
                c.put("sources", List.of());
                c.put("show_source_labels", false);
            }
            case "password" -> {
                c.put("pending_user", state.pendingUid);
                c.put("pending_user_avatar", "/static/dist/assets/images/user_default.png");
            }
            case "consent" -> {
                Directory.User u = session.userPk == null ? null : dir.users.get(session.userPk);
                c.put("pending_user", u == null ? "" : u.username);
                c.put("header_text", "");
                List<Map<String, String>> permissions = new ArrayList<>();
                authorizeRequest(next).ifPresent(r -> r.scopes().forEach(s -> permissions.add(Map.of("name", s, "id", s))));
                c.put("permissions", permissions);
                c.put("additional_permissions", List.of());
                if (state.consentToken == null) {
                    state.consentToken = Directory.randomToken(32);
                }
                c.put("token", state.consentToken);
            }
            default -> {
            }
        }
        if (state.errors != null) {
            c.put("response_errors", state.errors);
        }
        return c;
    }

    /** Where the browser goes when the flow is done; an authorization flow ends at the client with the code. */
    private String finish(Call call, Directory.BrowserSession session, Directory.Flow flow, String next) {
        if (flow.designation().equals("invalidation")) {
            return "/"; // an invalidation flow logs out only through its User Logout stage
        }
        Optional<OidcEndpoints.AuthorizeRequest> req = flow.designation().equals("authorization") ? authorizeRequest(next) : Optional.empty();
        if (req.isPresent() && session.userPk != null) {
            int q = next.indexOf('?');
            Set<String> prompt = OidcEndpoints.prompt(Call.parseForm(q < 0 ? "" : next.substring(q + 1)));
            if (prompt.contains("none") && prompt.contains("consent")) {
                return OidcEndpoints.consentRequired(req.get());
            }
            return oidc.issueCode(req.get(), dir.users.get(session.userPk), session.authTime, session.id);
        }
        if (req.isPresent()) {
            return "/if/flow/" + OidcEndpoints.LOGIN_FLOW + "/?next=" + Call.encode(next);
        }
        return next != null && next.startsWith("/") ? next : "/";
    }

    private Optional<OidcEndpoints.AuthorizeRequest> authorizeRequest(String next) {
        if (next == null || !next.startsWith("/application/o/authorize/")) {
            return Optional.empty();
        }
        int q = next.indexOf('?');
        OidcEndpoints.Parsed p = oidc.parse(Call.parseForm(q < 0 ? "" : next.substring(q + 1)));
        return Optional.ofNullable(p.request());
    }

    private static Map<String, String> error(String text, String code) {
        return Map.of("string", text, "code", code);
    }
}
