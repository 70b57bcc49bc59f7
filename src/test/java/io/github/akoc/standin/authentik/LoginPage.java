package io.github.akoc.standin.authentik;

import java.util.Map;

/**
 * /if/flow/<slug>/: a page with authentik's DOM structure (ak-flow-executor and one ak-stage-* element per stage,
 * each with an open shadow root), driving the flow executor API with small vanilla custom elements.
 */
final class LoginPage {
    /** authentik's CSRF cookie (Django CSRF_COOKIE_NAME), set at login ({@link Sessions#login}); readable by the page's script. */
    static final String CSRF_COOKIE = "authentik_csrf";
    private final Directory dir;

    LoginPage(Directory dir) {
        this.dir = dir;
    }

    void handle(Call call, String slug) {
        boolean known;
        synchronized (dir.lock) {
            known = dir.flowBySlug(slug).isPresent();
        }
        if (!known || !call.method.equals("GET")) {
            call.json(404, Map.of("detail", "Not found."));
            return;
        }
        // the interface page itself touches neither the session nor the CSRF token: no cookie (recorded 2026.2.2)
        call.setHeader("Cache-Control", "no-store");
        call.html(200, PAGE.replace("@SLUG@", slug));
    }

    private static final String PAGE = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>authentik</title></head>
            <body>
            <ak-flow-executor></ak-flow-executor>
            <script>
            (function () {
              const api = "/api/v3/flows/executor/@SLUG@/?query=" + encodeURIComponent(location.search.substring(1));
              function esc(s) { return String(s).replace(/[&<>"]/g, c => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})[c]); }
              function errors(ch) {
                const e = ch.response_errors || {};
                return Object.keys(e).map(k => e[k].map(x => '<p class="error">' + esc(x.string) + '</p>').join("")).join("");
              }
              class Stage extends HTMLElement {
                connectedCallback() {
                  const root = this.attachShadow({mode: "open"});
                  root.innerHTML = '<form>' + this.body(this.challenge) + errors(this.challenge) + '</form>';
                  const form = root.querySelector("form");
                  form.addEventListener("submit", ev => { ev.preventDefault(); this.submitter(this.answer(root)); });
                  const first = root.querySelector("input");
                  if (first) { first.focus(); }
                }
              }
              customElements.define("ak-stage-identification", class extends Stage {
                body() { return '<input name="uidField" type="text" autocomplete="username" placeholder="Email or Username">'
                  + '<button type="submit">Log in</button>'; }
                answer(root) { return {component: "ak-stage-identification", uid_field: root.querySelector("input[name=uidField]").value}; }
              });
              customElements.define("ak-stage-password", class extends Stage {
                body(ch) { return '<p>' + esc(ch.pending_user || "") + '</p><input name="password" type="password" autocomplete="current-password">'
                  + '<button type="submit">Continue</button>'; }
                answer(root) { return {component: "ak-stage-password", password: root.querySelector("input[name=password]").value}; }
              });
              customElements.define("ak-stage-consent", class extends Stage {
                body(ch) { return '<ul>' + (ch.permissions || []).map(p => '<li>' + esc(p.name) + '</li>').join("") + '</ul>'
                  + '<button type="submit">Continue</button>'; }
                answer() { return {component: "ak-stage-consent", token: this.challenge.token}; }
              });
              customElements.define("ak-stage-session-end", class extends Stage {
                body(ch) { return '<p>You&#39;ve logged out of ' + esc(ch.application_name) + '. You can go back to the overview to launch '
                  + 'another application, or log out of your authentik account.</p><a href="/if/user/">Go back to overview</a>'
                  + (ch.invalidation_flow_url ? '<a id="logout" href="' + esc(ch.invalidation_flow_url) + '">Log out of ' + esc(ch.brand_name) + '</a>' : '')
                  + (ch.application_launch_url ? '<a href="' + esc(ch.application_launch_url) + '">Log back into ' + esc(ch.application_name) + '</a>' : ''); }
                answer() { return {component: "ak-stage-session-end"}; }
              });
              customElements.define("ak-stage-access-denied", class extends Stage {
                body(ch) { return '<p>Request has been denied.</p>'; }
                answer() { return {component: "ak-stage-access-denied"}; }
              });
              customElements.define("ak-flow-executor", class extends HTMLElement {
                connectedCallback() { this.attachShadow({mode: "open"}); this.call(fetch(api, {credentials: "same-origin"})); }
                submit(data) {
                  const csrf = (document.cookie.match(/(?:^|; )authentik_csrf=([^;]*)/) || [])[1] || "";
                  this.call(fetch(api, {method: "POST", credentials: "same-origin",
                    headers: {"Content-Type": "application/json", "X-authentik-CSRF": csrf}, body: JSON.stringify(data)}));
                }
                async call(pending) {
                  const ch = await (await pending).json();
                  if (ch.component === "xak-flow-redirect") { window.location.assign(ch.to); return; }
                  const el = document.createElement(ch.component);
                  el.challenge = ch;
                  el.submitter = d => this.submit(d);
                  this.shadowRoot.replaceChildren(el);
                }
              });
            })();
            </script>
            </body></html>
            """;
}
