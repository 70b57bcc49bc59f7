// Prepended to the scripts that act for the signed-in web UI: the user oidc-client-ts keeps in web storage under
// "<prefix>user:<authority>:<client_id>" (opencloud-eu/web v7.2.0 userManager.ts: prefix "oc_oAuth.", sessionStorage).
function storedUser() {
  for (const store of [window.sessionStorage, window.localStorage]) {
    for (let i = 0; i < store.length; i++) {
      const key = store.key(i);
      const m = /user:(.+):([^:]+)$/.exec(key);
      if (!m) continue;
      try {
        const user = JSON.parse(store.getItem(key));
        if (user && typeof user.access_token === 'string') return {store, key, authority: m[1], clientId: m[2], user};
      } catch (e) { /* not a stored user */ }
    }
  }
  return null;
}
async function discoveryOf(authority) {
  return (await fetch(authority.replace(/\/$/, '') + '/.well-known/openid-configuration')).json();
}
