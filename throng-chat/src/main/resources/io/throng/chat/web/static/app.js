// Throng chat web client: protocol version 2 (docs/chat-protocol.md) over a pluggable transport. The login
// (cookie) and the forms are account.js's: it calls start(account, rooms) once logged in.
// Every piece of user text reaches the page through textContent, never parsed as HTML.
'use strict';

// ---------------------------------------------------------------- transports
// A transport opens one connection: open(handlers) resolves to {send(frame), close()} and calls
// handlers.frame(obj) per server frame and handlers.closed() once when the connection is over.
// WebSocket goes first; SSE then long-polling (each with POST to send) are the fallbacks for networks
// that break WebSocket.
const transports = {
  // WebSocket: one text message per frame each way.
  ws(handlers) {
    return new Promise((resolve, reject) => {
      const sock = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws');
      let opened = false;
      let over = false;
      const end = () => {
        if (over) return;
        over = true;
        try { sock.close(); } catch (e) { /* already closed */ }
        if (opened) handlers.closed(); else reject(new Error('no WebSocket'));
      };
      sock.onopen = () => {
        opened = true;
        resolve({ send(frame) { if (!over) sock.send(JSON.stringify(frame)); }, close: end });
      };
      sock.onmessage = (e) => handlers.frame(JSON.parse(e.data));
      sock.onclose = end;
      sock.onerror = end;
      setTimeout(() => { if (!opened) end(); }, 5000);
    });
  },

  async sse(handlers) {
    const r = await fetch('/chat/connections?transport=sse', { method: 'POST' });
    if (!r.ok) throw new Error('cannot open a connection: HTTP ' + r.status);
    const conn = (await r.json()).conn;
    const base = '/chat/connections/' + encodeURIComponent(conn);
    let over = false;
    let opened = false;
    let failOpen = () => {};
    const es = new EventSource(base + '/events');
    const end = () => {
      if (over) return;
      over = true;
      es.close();
      fetch(base, { method: 'DELETE' }).catch(() => {});
      if (opened) handlers.closed(); else failOpen();
    };
    es.onmessage = (e) => handlers.frame(JSON.parse(e.data));
    es.onerror = end;   // the stream and the server-side connection end together: resume on a new one
    return new Promise((resolve, reject) => {
      failOpen = () => reject(new Error('the event stream did not open'));
      setTimeout(() => { if (!opened) end(); }, 10000);
      es.onopen = () => { opened = true; resolve({ send: framePoster(base, () => over, end), close: end }); };
    });
  },

  // Long-polling: for networks whose proxies hold event streams back. Each answer has a batch number;
  // the next poll names it, so an answer lost on the way is sent again (docs/chat-protocol.md §5).
  async poll(handlers) {
    const r = await fetch('/chat/connections?transport=poll', { method: 'POST' });
    if (!r.ok) throw new Error('cannot open a connection: HTTP ' + r.status);
    const base = '/chat/connections/' + encodeURIComponent((await r.json()).conn);
    let over = false;
    const end = () => {
      if (over) return;
      over = true;
      fetch(base, { method: 'DELETE' }).catch(() => {});
      handlers.closed();
    };
    (async () => {
      let batch = 0;
      while (!over) {
        try {
          const res = await fetch(base + '/poll?after=' + batch, { cache: 'no-store' });
          if (!res.ok) { end(); return; }
          const body = await res.json();
          batch = body.batch;
          for (const f of body.frames) handlers.frame(f);
          if (body.closed) { end(); return; }
        } catch (e) {
          end();
          return;
        }
      }
    })();
    return { send: framePoster(base, () => over, end), close: end };
  },
};

// The send(frame) of the SSE and long-polling transports: POST to the connection's /frames, one at
// a time. The server handles a connection's frames in arrival order, and parallel requests could
// arrive out of order (a say before its join, two says swapped). A refused POST ends the connection;
// once it is over, frames are dropped.
function framePoster(base, isOver, end) {
  let chain = Promise.resolve();
  return (frame) => {
    const body = JSON.stringify(frame);
    chain = chain.then(() => isOver() ? undefined : fetch(base + '/frames', { method: 'POST',
      headers: { 'Content-Type': 'application/json' }, body }).then((res) => { if (!res.ok) end(); }, end));
    return chain;
  };
}
// Tried in this order; ?transport=poll (or sse) in the page's URL forces one.
const forced = new URLSearchParams(location.search).get('transport');
const ORDER = forced && transports[forced] ? [forced] : ['ws', 'sse', 'poll'];

// ---------------------------------------------------------------- state
const $ = (id) => document.getElementById(id);
const state = {
  nick: null, session: null, link: null, retry: 0,
  joined: new Set(),          // public rooms, in the order joined
  last: {},                   // room -> highest seq seen (the resume cursor)
  messages: new Map(),        // view key ("#room" or "@peer") -> Map(key -> message)
  online: {},                 // room -> Set(nick)
  unread: new Set(),
  pending: new Map(),         // cid -> frame not acknowledged yet (resent after a reconnect)
  view: null,                 // "#room" or "@peer"
  limits: { maxHistory: 200 },
};
const cidPrefix = Math.random().toString(36).slice(2, 8);
let cidCounter = 0;

function setStatus(kind, text) {
  $('status').className = 'status ' + kind;
  $('status-text').textContent = text;
}

function send(frame) {
  if (state.link) state.link.send(frame);
}

// ---------------------------------------------------------------- connection
async function connect() {
  setStatus('connecting', state.retry ? 'reconnecting…' : 'connecting…');
  for (const name of ORDER) {
    try {
      state.link = await transports[name]({ frame: onFrame, closed: onClosed });
      state.transport = name;
      const first = state.session
        ? { type: 'resume', v: 2, session: state.session, last: state.last }
        : { type: 'hello', v: 2 };
      send(first);
      return;
    } catch (e) {
      state.link = null;
    }
  }
  onClosed();
}

function onClosed() {
  state.link = null;
  if (state.ended) return;   // the login ended: account.js shows the login form
  setStatus('offline', 'disconnected, retrying…');
  const delay = Math.min(10000, 500 * 2 ** Math.min(state.retry++, 5));
  setTimeout(connect, delay);
}

function onFrame(f) {
  switch (f.type) {
    case 'welcome': {
      state.retry = 0;
      state.session = f.session;
      state.limits = f.limits;
      setStatus('online', 'connected (' + { ws: 'WebSocket', sse: 'SSE', poll: 'long-poll' }[state.transport] + ')');
      if (!f.resumed) {
        for (const room of state.joined) join(room, true);
        history('@' + state.nick, undefined);
      }
      for (const frame of state.pending.values()) send(frame);
      break;
    }
    case 'message': addMessage(f); break;
    case 'history': for (const m of f.messages) addMessage(m); break;
    case 'ack': {
      state.pending.delete(f.cid);
      markPendingDone(f.cid); // a dm comes back as a message in our own inbox, naming its recipient
      break;
    }
    case 'presence': presence(f); break;
    default: onRoomFrame(f); break; // members, invited, removed, tombstone: rooms.js
    case 'gap': {
      notice('#' + f.room, 'missed messages ' + (f.after + 1) + '…' + f.upto + ' (' + f.reason + '); loading');
      if (f.reason === 'ahead') state.last[f.room] = f.upto;
      send({ type: 'history', room: f.room, after: Math.max(f.after, f.upto - state.limits.maxHistory),
             limit: state.limits.maxHistory });
      break;
    }
    case 'error': {
      if (f.code === 'unknown_session') {
        state.session = null;
        send({ type: 'hello', v: 2 });
        return;
      }
      if (f.code === 'auth_required' || f.code === 'revoked') {
        if (state.ended) return;   // a password change in progress: account.js reloads with the new login
        state.ended = true;   // logged out elsewhere, password changed, revoked or expired
        if (state.link) state.link.close();
        loginEnded(f.code === 'revoked' ? 'Your login ended; log in again.' : 'Your login expired; log in again.');
        return;
      }
      $('error').textContent = f.code + ': ' + f.message;
      if (f.re === 'join' && f.room) { state.joined.delete(f.room); renderRooms(); save(); }
      break;
    }
  }
}

// ---------------------------------------------------------------- protocol actions
function join(room, rejoin) {
  state.joined.add(room);
  const frame = { type: 'join', room };
  if (rejoin && state.last[room] !== undefined) frame.after = state.last[room];
  send(frame);
  send({ type: 'members', room }); // roles decide who sees a delete button (rooms.js)
  if (!rejoin || state.last[room] === undefined) history(room, undefined);
  renderRooms();
  save();
}

function history(room, before) {
  const frame = { type: 'history', room, limit: 50 };
  if (before !== undefined) frame.before = before;
  send(frame);
}

function say(text) {
  if (text.startsWith('/') && roomCommand(text)) return;
  const cid = cidPrefix + '-' + (++cidCounter);
  let frame;
  if (state.view.startsWith('#')) {
    frame = { type: 'say', room: state.view.slice(1), cid, text };
  } else {
    frame = { type: 'dm', to: state.view.slice(1), cid, text };
  }
  addPending(frame);
  state.pending.set(cid, frame);
  send(frame);
}

// ---------------------------------------------------------------- model
function viewOf(m) {
  if (!m.room.startsWith('@')) return '#' + m.room;
  if (m.from === state.nick && m.to) return '@' + m.to;      // my own dm: its copy in my inbox
  return '@' + m.from;                                        // someone wrote to me
}

function addMessage(m) {
  if (!m.mine) state.last[m.room] = Math.max(state.last[m.room] || 0, m.seq);
  const view = viewOf(m);
  if (!state.messages.has(view)) state.messages.set(view, new Map());
  const key = (m.mine ? 'mine-' : '') + m.room + ':' + m.seq;
  state.messages.get(view).set(key, m);
  if (view.startsWith('@')) renderDms();
  if (view === state.view) renderMessages(); else { state.unread.add(view); renderRooms(); renderDms(); }
}

function addPending(frame) {
  const view = frame.type === 'dm' ? '@' + frame.to : '#' + frame.room;
  const room = frame.type === 'dm' ? '@' + state.nick : frame.room;
  if (!state.messages.has(view)) state.messages.set(view, new Map());
  state.messages.get(view).set('pending-' + frame.cid,
    { room, seq: Infinity, from: state.nick, text: frame.text, time: Date.now(), pending: frame.cid });
  renderMessages();
}

function markPendingDone(cid) {
  for (const msgs of state.messages.values()) {
    if (msgs.delete('pending-' + cid)) renderMessages();
  }
}

function notice(view, text) {
  if (!state.messages.has(view)) state.messages.set(view, new Map());
  state.messages.get(view).set('notice-' + Date.now() + Math.random(), { seq: -1, notice: text, time: Date.now() });
  if (view === state.view) renderMessages();
}

function presence(p) {
  const set = state.online[p.room] || (state.online[p.room] = new Set());
  if (p.event === 'online') { set.clear(); for (const n of p.online) set.add(n); }
  else if (p.event === 'joined') set.add(p.nick);
  else if (p.event === 'left') {
    set.delete(p.nick);
    if (p.nick === state.nick) state.joined.delete(p.room);
  }
  if (state.view === '#' + p.room) renderOnline();
}

// ---------------------------------------------------------------- rendering (textContent only)
function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

function button(text, onclick, current) {
  const b = el('button', text, current ? 'current' : '');
  b.type = 'button';
  b.addEventListener('click', onclick);
  return b;
}

function renderRooms() {
  const ul = $('rooms');
  ul.replaceChildren();
  for (const room of state.joined) {
    const li = el('li');
    const b = button('#' + room, () => show('#' + room), state.view === '#' + room);
    if (state.unread.has('#' + room)) b.classList.add('unread');
    li.append(b);
    ul.append(li);
  }
}

function renderDms() {
  const ul = $('dms');
  ul.replaceChildren();
  for (const view of state.messages.keys()) {
    if (!view.startsWith('@')) continue;
    const li = el('li');
    const b = button(view, () => show(view), state.view === view);
    if (state.unread.has(view)) b.classList.add('unread');
    li.append(b);
    ul.append(li);
  }
}

function renderOnline() {
  const ul = $('online');
  ul.replaceChildren();
  const set = state.view && state.view.startsWith('#') ? state.online[state.view.slice(1)] : null;
  for (const n of [...(set || [])].sort()) {
    const li = el('li');
    li.append(n === state.nick ? el('span', n + ' (you)') : button(n, () => show('@' + n)));
    ul.append(li);
  }
}

function renderMessages() {
  const ol = $('messages');
  const atBottom = ol.scrollHeight - ol.scrollTop - ol.clientHeight < 40;
  ol.replaceChildren();
  const msgs = [...(state.messages.get(state.view) || new Map()).values()]
    .sort((a, b) => (a.notice || b.notice) ? a.time - b.time : (a.seq - b.seq) || (a.time - b.time));
  for (const m of msgs) {
    if (m.notice) { ol.append(el('li', m.notice, 'notice')); continue; }
    const li = el('li', undefined, m.pending ? 'pending' : m.deleted ? 'deleted' : '');
    li.append(el('span', new Date(m.time).toLocaleTimeString(), 'time'), el('span', m.from, 'from'),
      el('span', m.deleted ? '(deleted)' : m.text), ...messageActions(m));
    ol.append(li);
  }
  if (atBottom) ol.scrollTop = ol.scrollHeight;
}

function show(view) {
  state.view = view;
  state.unread.delete(view);
  if (view.startsWith('@') && !state.messages.has(view)) state.messages.set(view, new Map());
  $('title').textContent = view.startsWith('#') ? view : 'Direct messages with ' + view.slice(1);
  renderRooms(); renderDms(); renderOnline(); renderMessages();
  $('text').focus();
}

// ---------------------------------------------------------------- page wiring
function save() {
  sessionStorage.setItem('throng-chat', JSON.stringify({ nick: state.nick, rooms: [...state.joined] }));
}

function start(nick, rooms) {
  state.nick = nick;
  for (const r of rooms) state.joined.add(r);
  $('login').hidden = true;
  $('chat').hidden = false;
  $('who').textContent = nick;
  show('#' + [...state.joined][0]);
  save();
  connect();
  listRooms();
  setInterval(listRooms, 30000);
}

$('join').addEventListener('submit', (e) => {
  e.preventDefault();
  const room = $('room-name').value.trim();
  $('room-name').value = '';
  join(room, false);
  show('#' + room);
  listRooms();
});

// The server lists public rooms only; add the private ones this page was invited to (rooms.js).

$('say').addEventListener('submit', (e) => {
  e.preventDefault();
  const text = $('text').value;
  if (!text || !state.view) return;
  $('text').value = '';
  $('error').textContent = '';
  say(text);
});

function listRooms() {
  fetch('/chat/rooms').then((r) => r.json()).then((j) => {
    const ul = $('all-rooms');
    ul.replaceChildren();
    for (const room of new Set([...j.rooms, ...invites])) {
      if (state.joined.has(room)) continue;
      const li = el('li');
      li.append(button('#' + room, () => { join(room, false); show('#' + room); listRooms(); }));
      ul.append(li);
    }
  }).catch(() => {});
}

// Rooms joined before a reload, for account.js to start with.
function savedRooms() {
  const saved = JSON.parse(sessionStorage.getItem('throng-chat') || 'null');
  return saved && saved.rooms && saved.rooms.length ? saved.rooms : ['lobby'];
}
