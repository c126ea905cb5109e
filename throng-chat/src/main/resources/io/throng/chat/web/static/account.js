// Throng chat web client: the account side. Log in, create an account, change the password, log out
// (docs/chat-protocol.md §9). The login is an HttpOnly cookie this script never sees; it asks
// /api/session who it is. When a login ends (logout elsewhere, revocation, expiry) the page goes back
// to the login form via a reload, so no half-connected state survives.
'use strict';

async function api(path, body) {
  const r = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body || {}), credentials: 'same-origin' });
  const text = await r.text();
  let json = {};
  try { json = text ? JSON.parse(text) : {}; } catch (e) { /* not JSON */ }
  if (!r.ok) {
    const wait = r.headers.get('Retry-After');
    throw new Error((json.message || ('HTTP ' + r.status)) + (wait ? ' (retry in ' + wait + ' s)' : ''));
  }
  return json;
}

function showLogin(registration, notice) {
  $('chat').hidden = true;
  $('logout').hidden = true;
  $('password-open').hidden = true;
  $('who').textContent = '';
  $('login').hidden = false;
  $('login-notice').textContent = notice || '';
  $('register-button').hidden = registration === 'closed';
  $('register-hint').hidden = registration === 'closed';
  $('invite-label').hidden = registration !== 'invite';
  setStatus('offline', 'logged out');
  $('nick').focus();
}

function loggedIn(account) {
  $('login').hidden = true;
  $('logout').hidden = false;
  $('password-open').hidden = false;
  start(account, savedRooms());
}

// Called by app.js when the server says the login is gone.
function loginEnded(message) {
  sessionStorage.setItem('throng-chat-notice', message);
  location.reload();
}

async function submitLogin(path) {
  $('login-error').textContent = '';
  const body = { name: $('nick').value.trim(), password: $('password').value };
  if (path === '/api/register' && $('invite').value.trim()) body.invite = $('invite').value.trim();
  try {
    const r = await api(path, body);
    $('password').value = '';
    loggedIn(r.account);
  } catch (e) {
    $('login-error').textContent = e.message;
  }
}

$('login').addEventListener('submit', (e) => { e.preventDefault(); submitLogin('/api/login'); });
$('register-button').addEventListener('click', () => {
  if ($('login').reportValidity()) submitLogin('/api/register');
});

$('logout').addEventListener('click', async () => {
  // The logout revokes this login, and its `revoked` frame can arrive before the answer: without this,
  // app.js would reload the page first, abort the request and leave the answer's cookie-clearing unread.
  state.ended = true;
  try { await api('/api/logout'); } catch (e) { /* the server ended the login or will expire it */ }
  sessionStorage.removeItem('throng-chat');
  loginEnded('You logged out.');
});

$('password-open').addEventListener('click', () => { $('password-form').hidden = false; $('current-password').focus(); });
$('password-cancel').addEventListener('click', () => { $('password-form').hidden = true; });
$('password-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  $('password-error').textContent = '';
  state.ended = true;   // the change revokes this login: its revoked frame must not reload before the new cookie
  try {
    // Every session of the account ends, this one too: the answer carries the new login's cookie,
    // and the reload reconnects with it.
    await api('/api/password', { current: $('current-password').value, new: $('new-password').value });
    loginEnded('Password changed.');
  } catch (err) {
    $('password-error').textContent = err.message;
    state.ended = false;
    if (!state.link) connect();
  }
});

(async () => {
  const notice = sessionStorage.getItem('throng-chat-notice');
  sessionStorage.removeItem('throng-chat-notice');
  let r;
  try {
    r = await fetch('/api/session', { credentials: 'same-origin' });
  } catch (e) {
    showLogin('open', 'The server cannot be reached; reload to try again.');
    return;
  }
  const j = await r.json().catch(() => ({}));
  if (r.ok && j.account && !notice) loggedIn(j.account);
  else if (r.ok && j.account) { loggedIn(j.account); $('error').textContent = notice; }
  else showLogin(j.registration, notice);
})();
