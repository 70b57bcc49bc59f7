package io.github.akoc.standin.authentik;

import java.util.Optional;

/**
 * The authentik_session cookie: HttpOnly, path /, pointing at server-side state. SameSite=None; Secure when the request
 * is secure (X-Forwarded-Proto https from a trusted proxy), else Lax (authentik/root/middleware.py:103-104
 * @version/2026.2.2): so over TLS the session reaches authentik inside the web UI's silent-renew iframe.
 */
final class Sessions {
    static final String COOKIE = "authentik_session";

    private final Directory dir;
    private final Issuers issuers;

    Sessions(Directory dir, Issuers issuers) {
        this.dir = dir;
        this.issuers = issuers;
    }

    private String attributes(Call call) {
        return issuers.base(call).startsWith("https://") ? "; Path=/; HttpOnly; SameSite=None; Secure" : "; Path=/; HttpOnly; SameSite=Lax";
    }

    Optional<Directory.BrowserSession> find(Call call) {
        return call.cookie(COOKIE).map(dir.sessions::get);
    }

    Directory.BrowserSession findOrCreate(Call call) {
        Optional<Directory.BrowserSession> s = find(call);
        if (s.isPresent()) {
            return s.get();
        }
        Directory.BrowserSession created = new Directory.BrowserSession(Directory.randomToken(48));
        dir.sessions.put(created.id, created);
        call.setCookie(COOKIE, created.id + attributes(call));
        return created;
    }

    /**
     * The session cookie sent again (a new session if there was none): the authorize view stores the flow it starts in
     * the session, and Django's SessionMiddleware sends the cookie on every answer whose session changed (recorded
     * 2026.2.2: every 302 of /application/o/authorize/ and every answer of the flow executor carry authentik_session,
     * the 400s of authorize do not).
     */
    Directory.BrowserSession resend(Call call) {
        Optional<Directory.BrowserSession> s = find(call);
        if (s.isEmpty()) {
            return findOrCreate(call);
        }
        call.setCookie(COOKIE, s.get().id + attributes(call));
        return s.get();
    }

    /**
     * A login in this browser session: Django's login() cycles the session key, deleting the old session, and with
     * it (authentik's AuthenticatedSession, cascading) every access token issued in it; refresh tokens stay.
     */
    void login(Call call, Directory.BrowserSession session, int userPk) {
        String old = session.id;
        dir.sessions.remove(old);
        dir.accessTokens.values().removeIf(t -> old.equals(t.sessionId()));
        session.id = Directory.randomToken(48);
        dir.sessions.put(session.id, session);
        session.userPk = userPk;
        session.authTime = System.currentTimeMillis() / 1000;
        session.loginUid++;
        call.setCookie(COOKIE, session.id + attributes(call));
        // Django's login() rotates the CSRF token (rotate_token: a new authentik_csrf, a year, Lax, Secure over TLS;
        // root/middleware.py CsrfViewMiddleware._set_csrf_cookie) and the user_login stage remembers the device
        // (stages/user_login/stage.py COOKIE_NAME_KNOWN_DEVICE, 30 days, Lax); recorded 2026.2.2: all three on that answer
        boolean tls = issuers.base(call).startsWith("https://");
        call.setCookie(LoginPage.CSRF_COOKIE, Directory.randomToken(32) + expiring(31_449_600) + "; Path=/; SameSite=Lax" + (tls ? "; Secure" : ""));
        call.setCookie(DEVICE_COOKIE, Directory.randomToken(32) + expiring(2_592_000) + "; Path=/; SameSite=Lax");
    }

    static final String DEVICE_COOKIE = "authentik_device";

    private static String expiring(long seconds) {
        return "; expires=" + java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(seconds)) + "; Max-Age=" + seconds;
    }

    /**
     * Django's logout() (the User Logout stage): the session is flushed, so its AuthenticatedSession and the access tokens
     * issued in it go, and the browser gets a new, anonymous session key.
     */
    void logout(Call call, Directory.BrowserSession session) {
        String old = session.id;
        dir.sessions.remove(old);
        dir.accessTokens.values().removeIf(t -> old.equals(t.sessionId()));
        session.id = Directory.randomToken(48);
        dir.sessions.put(session.id, session);
        session.userPk = null;
        call.setCookie(COOKIE, session.id + attributes(call));
    }

    Optional<Directory.User> loggedIn(Call call) {
        return find(call).filter(s -> s.userPk != null).map(s -> dir.users.get(s.userPk)).filter(u -> u != null && u.active);
    }
}
