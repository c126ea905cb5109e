// Private rooms and moderation in the chat page (docs/chat-protocol.md §10): slash commands, the
// members/invited/removed/tombstone frames, and the delete button. app.js calls roomCommand,
// onRoomFrame and messageActions; everything here goes through textContent, like app.js.
'use strict';

const roles = {};   // room -> Map(nick -> role), from the last members frame
const asked = new Set(); // rooms whose member list the user asked for with /members

const USAGE = '/create room [private] · /invite nick · /members · /role nick moderator|member · '
  + '/kick nick · /ban nick [seconds] · /mute nick [seconds] · /unban nick · /unmute nick · /delete seq';

// Handles "/command args" typed in the current room; false if the text is not a command.
function roomCommand(text) {
  const [cmd, ...args] = text.trim().split(/\s+/);
  const room = state.view && state.view.startsWith('#') ? state.view.slice(1) : null;
  const needRoom = () => { if (!room) $('error').textContent = 'open a room first'; return room; };
  const withSeconds = (type) => {
    const f = { type, room: needRoom(), nick: args[0] };
    if (args[1]) f.seconds = Number(args[1]);
    return f;
  };
  let frame;
  switch (cmd) {
    case '/create': frame = { type: 'create', room: args[0], private: args[1] === 'private' }; break;
    case '/invite': case '/kick': case '/unban': case '/unmute':
      frame = { type: cmd.slice(1), room: needRoom(), nick: args[0] }; break;
    case '/ban': case '/mute': frame = withSeconds(cmd.slice(1)); break;
    case '/role': frame = { type: 'role', room: needRoom(), nick: args[0], role: args[1] }; break;
    case '/members': frame = { type: 'members', room: needRoom() }; asked.add(room); break;
    case '/delete': frame = { type: 'delete', room: needRoom(), seq: Number(args[0]) }; break;
    case '/help': $('error').textContent = USAGE; return true;
    default: return false;
  }
  if (!frame.room) return true;
  send(frame);
  if (cmd === '/create') { // the server handles a connection's frames in order: the join follows the create
    join(frame.room, false);
    show('#' + frame.room);
  }
  return true;
}

function onRoomFrame(f) {
  switch (f.type) {
    case 'members': {
      const before = roles[f.room];
      roles[f.room] = new Map(f.members.map((m) => [m.nick, m.role]));
      if (asked.delete(f.room)) {
        notice('#' + f.room, (f.private ? 'private room; ' : 'public room; ') + 'members: '
          + (f.members.map((m) => m.nick + ' (' + m.role + ')').join(', ') || 'anyone'));
      } else if (!before && roles[f.room].get(state.nick) === 'owner') {
        notice('#' + f.room, 'you created ' + (f.private ? 'the private room' : 'the room') + ' #' + f.room);
      }
      if (state.view === '#' + f.room) renderMessages();
      break;
    }
    case 'invited':
      notice(state.view, f.by + ' invited you to #' + f.room + '; it is under Other rooms');
      invites.add(f.room);
      listRooms();
      break;
    case 'removed': {
      state.joined.delete(f.room);
      renderRooms();
      save();
      notice('#' + f.room, 'you were ' + f.reason + ' by ' + f.by
        + (f.until ? ' until ' + new Date(f.until).toLocaleString() : ''));
      break;
    }
    case 'tombstone': {
      const msgs = state.messages.get('#' + f.room);
      const m = msgs && msgs.get(f.room + ':' + f.seq);
      if (m) { m.deleted = true; m.text = ''; }
      if (state.view === '#' + f.room) renderMessages();
      break;
    }
  }
}

// Rooms this user was invited to in this page's life: shown with the other rooms (private ones are
// not listed by the server).
const invites = new Set();

// The controls of one shown message: a delete button for one's own messages and for a moderator.
function messageActions(m) {
  if (m.deleted || m.pending || m.room.startsWith('@')) return [];
  const mine = roles[m.room] && roles[m.room].get(state.nick);
  if (m.from !== state.nick && mine !== 'owner' && mine !== 'moderator') return [];
  const b = button('delete', () => send({ type: 'delete', room: m.room, seq: m.seq }));
  b.className = 'delete';
  b.title = 'delete this message for everyone';
  return [b];
}
