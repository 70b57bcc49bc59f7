package io.github.akoc.standin.authentik;

import java.util.Optional;

/** The authentik_session cookie: HttpOnly, path /, pointing at server-side state. */
final class Sessions {
    static final String COOKIE = "authentik_session";

    private final Directory dir;

    Sessions(Directory dir) {
        this.dir = dir;
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
        call.exchange.getResponseHeaders().add("Set-Cookie", COOKIE + "=" + created.id + "; Path=/; HttpOnly; SameSite=Lax");
        return created;
    }

    Optional<Directory.User> loggedIn(Call call) {
        return find(call).filter(s -> s.userPk != null).map(s -> dir.users.get(s.userPk)).filter(u -> u != null && u.active);
    }
}
