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
        call.exchange.getResponseHeaders().add("Set-Cookie", COOKIE + "=" + created.id + attributes(call));
        return created;
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
        call.exchange.getResponseHeaders().add("Set-Cookie", COOKIE + "=" + session.id + attributes(call));
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
        call.exchange.getResponseHeaders().add("Set-Cookie", COOKIE + "=" + session.id + attributes(call));
    }

    Optional<Directory.User> loggedIn(Call call) {
        return find(call).filter(s -> s.userPk != null).map(s -> dir.users.get(s.userPk)).filter(u -> u != null && u.active);
    }
}
