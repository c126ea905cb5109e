// Private rooms and moderation in the chat page, headless chromium: alice creates a private room and
// invites bob; carol, never invited, neither sees the room listed nor gets in, nor sees its messages;
// alice deletes bob's message with its button (bob's page shows it deleted) and kicks bob (his page
// says so). Each user registers on the page first (accounts). Usage: node rooms.mjs BASE_URL SHOT.png. Prints OK or throws; every wait has a deadline.
import { chromium } from 'playwright-core';

const [base, shot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const errors = [];
  const page = async (nick) => {
    const p = await (await browser.newContext({ viewport: { width: 1000, height: 600 } })).newPage();
    p.setDefaultTimeout(15000);
    p.on('pageerror', (e) => errors.push(String(e)));
    await p.goto(base + '/');
    await p.waitForSelector('#login:not([hidden])');
    await p.fill('#nick', nick);
    await p.fill('#password', nick + ' password');
    await p.click('#register-button');
    await p.waitForSelector('#status.online');
    return p;
  };
  const type = async (p, text) => { await p.fill('#text', text); await p.click('#say button'); };
  const shows = (p, text) => p.waitForFunction((t) => document.querySelector('#messages').textContent.includes(t), text);

  const alice = await page('alice');
  const bob = await page('bob');
  const carol = await page('carol');

  await type(alice, '/create den private');
  await alice.waitForFunction(() => document.querySelector('#title').textContent === '#den');
  await shows(alice, 'you created the private room #den');
  await type(alice, '/invite bob');
  await bob.waitForSelector('#all-rooms button:has-text("#den")');
  await bob.click('#all-rooms button:has-text("#den")');
  await bob.waitForFunction(() => document.querySelector('#title').textContent === '#den');
  await type(bob, 'bob-in-den');
  await shows(alice, 'bob-in-den');
  await type(alice, 'den-secret-page');
  await shows(bob, 'den-secret-page');

  // carol: not listed, and joining by name is refused; nothing of den reaches her page.
  await carol.evaluate(() => listRooms());
  await carol.fill('#room-name', 'den');
  await carol.click('#join button');
  await carol.waitForFunction(() => document.querySelector('#error').textContent.startsWith('forbidden'));
  if (await carol.evaluate(() => document.body.textContent.includes('den-secret-page')
      || [...document.querySelectorAll('#all-rooms button')].some((b) => b.textContent === '#den'))) {
    throw new Error('carol sees the private room');
  }

  // alice (owner) deletes bob's message with its button; bob's page shows it deleted.
  await alice.click('#messages li:has-text("bob-in-den") button.delete');
  await bob.waitForSelector('#messages li.deleted');
  if (await bob.evaluate(() => document.querySelector('#messages').textContent.includes('bob-in-den'))) {
    throw new Error('the deleted text is still shown');
  }
  // carol (not a moderator anywhere) has no delete button on others' messages in the lobby.
  await carol.click('#rooms button:has-text("#lobby")');
  await type(alice, '/kick bob');
  await shows(bob, 'you were kicked by alice');
  await alice.screenshot({ path: shot });
  await type(alice, 'after-kick-page');
  await shows(alice, 'after-kick-page');
  await type(alice, '/members');
  await shows(alice, 'members: alice (owner)');
  if (await bob.evaluate(() => document.body.textContent.includes('after-kick-page'))) {
    throw new Error('bob got a message after his kick');
  }
  if (errors.length) throw new Error('page errors: ' + errors.join('; '));
  console.log('OK');
} finally {
  await browser.close();
}
