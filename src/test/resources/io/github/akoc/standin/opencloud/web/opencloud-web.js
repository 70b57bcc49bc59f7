// The sign-in of OpenCloud's web UI, reduced to what the suite checks: the OIDC client comes from config.json
// and WebFinger (platform=web), and the real oidc-client-ts library (global `oidc`) does the OIDC work.
"use strict";

const WEBFINGER_FAILED = "OIDC configuration could not be loaded via webfinger";
const ISSUER_REL = "http://openid.net/specs/connect/1.0/issuer";
const CLIENT_ID_PROPERTY = "http://opencloud.eu/ns/oidc/client_id";
const SCOPES_PROPERTY = "http://opencloud.eu/ns/oidc/scopes";

function show(id, text) {
  const status = document.getElementById("status");
  if (status) {
    status.textContent = "";
  }
  let el = document.getElementById(id);
  if (!el) {
    el = document.createElement("p");
    el.id = id;
    document.body.appendChild(el);
  }
  el.textContent = text;
}

async function fetchJson(url, init) {
  const response = await fetch(url, init);
  if (!response.ok) {
    throw new Error(url.split("?")[0] + " answered HTTP " + response.status);
  }
  return response.json();
}

// Returns the UserManager settings, or null after showing why the sign-in cannot start.
async function loadOidcSettings() {
  let config;
  try {
    config = await fetchJson("/config.json");
  } catch (e) {
    show("login-error", "config.json could not be loaded: " + e.message);
    return null;
  }
  const server = String(config.server || "").replace(/\/+$/, "");
  let authority, clientId, scopes;
  try {
    const jrd = await fetchJson("/.well-known/webfinger?platform=web&resource=" + encodeURIComponent(config.server));
    const issuer = (jrd.links || []).find((l) => l.rel === ISSUER_REL);
    const properties = jrd.properties || {};
    authority = issuer && issuer.href;
    clientId = properties[CLIENT_ID_PROPERTY];
    scopes = properties[SCOPES_PROPERTY] || [];
  } catch (e) {
    authority = null;
  }
  if (!authority || !clientId) {
    show("login-error", WEBFINGER_FAILED);
    return null;
  }
  return {
    authority: authority,
    client_id: clientId,
    scope: scopes.join(" "),
    response_type: "code",
    redirect_uri: server + "/oidc-callback.html",
    silent_redirect_uri: server + "/oidc-silent-redirect.html",
  };
}

async function startSignIn() {
  const settings = await loadOidcSettings();
  if (settings) {
    show("status", "Redirecting to " + settings.authority);
    await new oidc.UserManager(settings).signinRedirect();
  }
}

// As the real web UI (opencloud-eu/web v7.2.0 services/auth/authService.ts): a callback oidc-client-ts refuses is
// logged as "error during authentication:" and leaves the page where it is (signInCallback); a user OpenCloud will not
// load with the new token (its Graph request refused) is logged and signed out to /access-denied (userLoaded →
// updateContext → handleAuthError → userUnloaded "authError" → accessDenied). Its requests carry
// X-Requested-With: XMLHttpRequest (web-pkg services/client/client.ts:22,50), so OpenCloud's 401 asks for no Basic
// credentials, which would make the browser prompt for them and the page hang.
async function completeSignIn() {
  const settings = await loadOidcSettings();
  if (!settings) {
    return;
  }
  let user;
  try {
    user = await new oidc.UserManager(settings).signinRedirectCallback();
  } catch (e) {
    console.warn("error during authentication:", e);
    return;
  }
  try {
    const me = await fetchJson("/graph/v1.0/me?$expand=appRoleAssignments", {
      headers: { Authorization: "Bearer " + user.access_token, "X-Requested-With": "XMLHttpRequest" },
    });
    show("signed-in-user", me.displayName);
  } catch (e) {
    console.error(e);
    window.location.replace("/access-denied?redirectUrl=" + encodeURIComponent("/"));
  }
}

async function completeSilentRenew() {
  const settings = await loadOidcSettings();
  if (settings) {
    await new oidc.UserManager(settings).signinSilentCallback();
  }
}

window.addEventListener("DOMContentLoaded", () => {
  const page = document.body.dataset.page;
  const run = page === "callback" ? completeSignIn : page === "silent" ? completeSilentRenew : startSignIn;
  run().catch((e) => show("login-error", e.message || String(e)));
});
