// Users register on the page (accounts, protocol version 2); a browser that never logged in sees nothing
// private; then
// two pages chat through the chat page in headless chromium, one over WebSocket and one over
// long-polling, a third over SSE reads history;
// one reloads and sees history;
// the server going away shows the indicator and it comes back; bob's login is revoked from outside (his
// page goes back to the login form); alice logs out (back to the login form,
// no reconnecting) and logs in again. Usage: node chat.mjs BASE_URL SHOT.png
// Prints OK or throws. Every wait has a deadline (Playwright's default 30 s, shortened here).
import { chromium } from 'playwright-core';

const [base, shot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const ctx1 = await browser.newContext({ viewport: { width: 1000, height: 600 } });
  const ctx2 = await browser.newContext({ viewport: { width: 1000, height: 600 } });
  const alice = await ctx1.newPage();
  const bob = await ctx2.newPage();
  const errors = [];
  for (const p of [alice, bob]) p.on('pageerror', (e) => errors.push(String(e)));
  alice.setDefaultTimeout(15000);
  bob.setDefaultTimeout(15000);

  // Creates the account: the page then is logged in (its cookie) and connects.
  async function login(page, nick, query) {
    await page.goto(base + '/' + query);
    await page.waitForSelector('#login:not([hidden])');
    await page.fill('#nick', nick);
    await page.fill('#password', nick + ' password');
    await page.click('#register-button');
    await page.waitForSelector('#status.online');
    if (await page.evaluate(() => document.querySelector('#who').textContent) !== nick) throw new Error('not ' + nick);
  }
  await login(alice, 'alice', '');                 // WebSocket, the page's first choice
  await login(bob, 'bob', '?transport=poll');     // long-polling, forced
  await alice.waitForFunction(() => document.querySelector('#online').textContent.includes('bob'));
  const on = (page) => page.evaluate(() => state.transport);
  if (await on(alice) !== 'ws') throw new Error('alice is not on WebSocket: ' + await on(alice));
  if (await on(bob) !== 'poll') throw new Error('bob is not on long-polling: ' + await on(bob));

  // A hostile text is shown as text, never run or parsed as HTML.
  const evil = '<img src=x onerror="window.pwned=1"><b>bold?</b>';
  await alice.fill('#text', evil);
  await alice.click('#say button');
  await bob.waitForFunction((t) => [...document.querySelectorAll('#messages li')].some((li) => li.textContent.includes(t)), evil);
  if (await bob.evaluate(() => window.pwned || document.querySelector('#messages img, #messages b'))) {
    throw new Error('user text became HTML');
  }
  await bob.fill('#text', 'hi alice');
  await bob.click('#say button');
  await alice.waitForFunction(() => document.querySelector('#messages').textContent.includes('hi alice'));

  // Direct message: bob clicks alice in the online list.
  await bob.click('#online button:has-text("alice")');
  await bob.fill('#text', 'just for you');
  await bob.click('#say button');
  await alice.waitForSelector('#dms button:has-text("@bob")');
  await alice.click('#dms button:has-text("@bob")');
  await alice.waitForFunction(() => document.querySelector('#messages').textContent.includes('just for you'));
  await alice.click('#rooms button:has-text("#lobby")');

  // Reload: the page comes back as alice and shows the room's history.
  await bob.reload();
  await bob.waitForSelector('#status.online');
  await bob.waitForFunction(() => document.querySelector('#messages').textContent.includes('hi alice'));
  await bob.waitForFunction(() => document.querySelector('#messages').textContent.includes('bold?'));

  // Dropping the transport: the indicator shows it and the page reconnects by itself (resume).
  await alice.evaluate(() => state.link.close());
  await alice.waitForSelector('#status.offline, #status.connecting');
  await alice.waitForSelector('#status.online');
  await bob.fill('#text', 'after the drop');
  await bob.click('#say button');
  await alice.waitForFunction(() => document.querySelector('#messages').textContent.includes('after the drop'));

  // A third page on SSE sees the room's history.
  const carol = await (await browser.newContext()).newPage();
  carol.setDefaultTimeout(15000);
  carol.on('pageerror', (e) => errors.push(String(e)));
  await login(carol, 'carol', '?transport=sse');
  await carol.waitForFunction(() => document.querySelector('#messages').textContent.includes('after the drop'));
  if (await on(carol) !== 'sse') throw new Error('carol is not on SSE: ' + await on(carol));

  // A browser that never logged in sees nothing private: the page shows only the login form, and its
  // own WebSocket gets `auth_required` for hello and nothing for bob's inbox.
  const stranger = await (await browser.newContext()).newPage();
  stranger.setDefaultTimeout(15000);
  await stranger.goto(base + '/');
  await stranger.waitForSelector('#login:not([hidden])');
  if (await stranger.evaluate(() => !document.querySelector('#chat').hidden)) throw new Error('a stranger sees the chat');
  const probe = await stranger.evaluate(() => new Promise((resolve) => {
    const got = [];
    const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws');
    ws.onopen = () => {
      ws.send(JSON.stringify({ type: 'hello', v: 2 }));
      ws.send(JSON.stringify({ type: 'history', room: '@bob' }));
    };
    ws.onmessage = (e) => { got.push(e.data); if (got.length === 2) { ws.close(); resolve(got); } };
    ws.onclose = () => resolve(got);
  }));
  if (!probe.length || !probe[0].includes('auth_required')) throw new Error('a stranger\'s hello: ' + probe);
  if (probe.some((f) => f.includes('just for you') || JSON.parse(f).type === 'message')) throw new Error('a stranger read: ' + probe);
  if ((await stranger.textContent('body')).includes('just for you')) throw new Error('a stranger\'s page shows a DM');

  await alice.screenshot({ path: shot });

  // bob's login ends elsewhere (as a logout from another device, or an admin revoke): his page gets
  // `revoked` and shows the login form with a notice, not a broken chat.
  const bobCookie = (await ctx2.cookies()).find((k) => k.name === 'throng_session');
  const out = await fetch(base + '/api/logout', { method: 'POST', headers: { Authorization: 'Bearer ' + bobCookie.value } });
  if (out.status !== 204) throw new Error('logout as bob: ' + out.status);
  await bob.waitForSelector('#login:not([hidden])');
  await bob.waitForFunction(() => document.querySelector('#login-notice').textContent.includes('log in again'));

  // Log out: back to the login form, and the page stops reconnecting. Then log in again.
  await alice.click('#logout');
  await alice.waitForSelector('#login:not([hidden])');
  if (await alice.evaluate(() => !document.querySelector('#chat').hidden)) throw new Error('chat still shown');
  const cookies = await ctx1.cookies();
  if (cookies.some((c) => c.name === 'throng_session' && c.value)) throw new Error('the cookie survived logout');
  await alice.fill('#nick', 'alice');
  await alice.fill('#password', 'wrong password');
  await alice.click('#login-button');
  await alice.waitForFunction(() => document.querySelector('#login-error').textContent.includes('wrong name or password'));
  await alice.fill('#password', 'alice password');
  await alice.click('#login-button');
  await alice.waitForSelector('#status.online');
  const jar = await ctx1.cookies();
  const c = jar.find((k) => k.name === 'throng_session');
  if (!c || !c.httpOnly || c.sameSite !== 'Strict') throw new Error('cookie is not HttpOnly SameSite=Strict: ' + JSON.stringify(c));
  if (await alice.evaluate(() => document.cookie.includes('throng_session'))) throw new Error('scripts can read the cookie');
  if (errors.length) throw new Error('page errors: ' + errors.join('; '));
  console.log('OK');
} finally {
  await browser.close();
}
