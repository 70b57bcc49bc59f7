// Run in the signed-in web UI's page through WebDriver's executeAsyncScript: renews the web UI's token as
// oidc-client-ts's signinSilent does without a refresh token (hidden iframe, prompt=none, response_mode=query,
// PKCE, back to <origin>/oidc-silent-redirect.html, then the code exchange), reading client id, authority and scope
// from the web UI's own stored user (stored-user.js). Reports what happened, with the access token the web UI held
// (held); never throws.
const done = arguments[arguments.length - 1];
const report = {violations: []};
document.addEventListener('securitypolicyviolation', e => report.violations.push(e.violatedDirective + ' ' + e.blockedURI));
(async () => {
  const stored = storedUser();
  if (!stored) {
    report.error = 'the web UI holds no signed-in user in web storage';
    return done(report);
  }
  const user = stored.user, authority = stored.authority, clientId = stored.clientId;
  report.held = user.access_token;
  report.authority = authority;
  report.clientId = clientId;
  const discovery = await discoveryOf(authority);
  const b64 = bytes => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  const random = () => b64(crypto.getRandomValues(new Uint8Array(32)));
  const verifier = random(), state = random();
  const challenge = b64(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const redirect = location.origin + '/oidc-silent-redirect.html';
  const query = new URLSearchParams({client_id: clientId, redirect_uri: redirect, response_type: 'code', scope: user.scope || 'openid',
    state: state, code_challenge: challenge, code_challenge_method: 'S256', prompt: 'none', response_mode: 'query'});
  const frame = document.createElement('iframe');
  frame.style.display = 'none';
  frame.src = discovery.authorization_endpoint + '?' + query;
  document.body.appendChild(frame);
  // oidc-client-ts gives the iframe 10 s (silentRequestTimeoutInSeconds)
  const deadline = Date.now() + 10000;
  let answer = null;
  while (Date.now() < deadline && report.violations.length === 0) {
    try {
      const href = frame.contentWindow.location.href;
      if (href.startsWith(redirect)) { answer = href; break; }
    } catch (e) { /* still at authentik: another origin */ }
    await new Promise(r => setTimeout(r, 100));
  }
  frame.remove();
  if (!answer) {
    report.error = report.violations.length ? 'the browser blocked it (Content-Security-Policy)'
      : 'no answer at ' + redirect + ' within 10 s (the iframe stayed at authentik)';
    return done(report);
  }
  const params = new URL(answer).searchParams;
  if (params.get('error')) {
    report.error = 'authorize answered error=' + params.get('error') + (params.get('error_description') ? ' (' + params.get('error_description') + ')' : '');
    return done(report);
  }
  if (params.get('state') !== state) {
    report.error = 'the answer carries another state';
    return done(report);
  }
  const response = await fetch(discovery.token_endpoint, {method: 'POST',
    headers: {'Content-Type': 'application/x-www-form-urlencoded'},
    body: new URLSearchParams({grant_type: 'authorization_code', code: params.get('code'), redirect_uri: redirect,
      client_id: clientId, code_verifier: verifier})});
  report.tokenStatus = response.status;
  const tokens = await response.json().catch(() => ({}));
  report.accessToken = tokens.access_token || null;
  if (!report.accessToken) report.error = 'the token endpoint answered ' + response.status + ' without an access token';
  done(report);
})().catch(e => {
  report.error = 'the renewal failed in the page: ' + e;
  done(report);
});
