// Run in the signed-in web UI's page through WebDriver's executeAsyncScript, after stored-user.js: prepares the web
// UI's logout as it makes it (opencloud-eu/web v7.2.0 authService.ts logoutUser → oidc-client-ts 3.5.0 signoutRedirect):
// the end_session_endpoint of the authority's discovery with id_token_hint, post_logout_redirect_uri <origin>/ (built
// from window.location, userManager.ts) and a state; the stored user is removed first, as signoutRedirect does. Answers
// the URL the browser is then sent to, or why the web UI would not go to authentik; never throws.
const done = arguments[arguments.length - 1];
(async () => {
  const stored = storedUser();
  if (!stored) return done({error: 'the web UI holds no signed-in user in web storage'});
  const discovery = await discoveryOf(stored.authority);
  if (!discovery.end_session_endpoint) {
    return done({error: 'the discovery of ' + stored.authority + ' has no end_session_endpoint: the web UI only forgets its user and stays on its own logout page'});
  }
  if (!stored.user.id_token) {
    return done({error: 'the web UI holds no id token: it only forgets its user, authentik is never told'});
  }
  const url = new URL(discovery.end_session_endpoint);
  url.searchParams.append('id_token_hint', stored.user.id_token);
  url.searchParams.append('post_logout_redirect_uri', location.origin + '/');
  url.searchParams.append('state', Array.from(crypto.getRandomValues(new Uint8Array(16)), b => b.toString(16).padStart(2, '0')).join(''));
  stored.store.removeItem(stored.key);
  done({url: url.href, clientId: stored.clientId});
})().catch(e => done({error: 'preparing the logout failed in the page: ' + e}));
