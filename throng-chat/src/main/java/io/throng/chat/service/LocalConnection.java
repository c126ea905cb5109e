package io.throng.chat.service;

import io.throng.channels.ChannelClosedException;
import io.throng.chat.protocol.ClientMessage;
import io.throng.chat.protocol.Codec;
import io.throng.chat.protocol.ErrorCode;
import io.throng.chat.protocol.Frame;
import io.throng.chat.protocol.Names;
import io.throng.chat.protocol.ServerMessage;
import io.throng.chat.store.StoredMessage;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * A {@link Connection} served by this process's {@link ChatService}: decodes each client frame and
 * acts on it (sessions, rooms, history). Every client mistake becomes an error frame in the outbox.
 */
final class LocalConnection implements Connection {
    private final ChatService service;
    private final Outbox outbox;
    /** Set once by hello/resume; volatile because the outbox's close listener reads it from any thread. */
    private volatile Session session;
    /** The login token of the transport's request, or null: what a version-2 hello without a token uses. */
    private final String credential;

    LocalConnection(ChatService service, Outbox outbox, String credential) {
        this.service = service;
        this.outbox = outbox;
        this.credential = credential;
        // Whoever closes the outbox (overflow, replacement, transport) detaches the session from it.
        outbox.onClose(o -> {
            Session s = sessionOrNull();
            if (s != null) {
                s.detach(o, service.clock().instant());
            }
        });
    }

    @Override
    public Outbox outbox() {
        return outbox;
    }

    /**
     * Who this connection's user is: the one place the service asks. Version 1 takes the nickname
     * claimed in {@code hello}; an authenticated hello will put the account's name in the session, and
     * every access decision (inbox, private room, moderation, rate) follows it unchanged.
     */
    private String user() {
        return session.nick;
    }

    private Session sessionOrNull() {
        return session; // no lock: a room thread may call this while receive() waits on that room
    }

    @Override
    public void close() {
        outbox.close(null);
    }

    /** Blocks only if a room's command queue is full (back-pressure on a flooding client). */
    @Override
    public synchronized void receive(String frame) throws InterruptedException {
        if (outbox.isClosed()) {
            return;
        }
        switch (service.codec().decode(frame)) {
            case Codec.Decoded.Invalid(ServerMessage.Error e) -> reject(e);
            case Codec.Decoded.Ok(ClientMessage m) -> {
                try {
                    handle(m);
                } catch (ChannelClosedException e) {
                    outbox.close(ErrorCode.SHUTTING_DOWN);
                }
            }
        }
    }

    private void handle(ClientMessage m) throws InterruptedException {
        if (session == null) {
            switch (m) {
                case ClientMessage.Hello h -> hello(h);
                case ClientMessage.Resume r -> resume(r);
                default -> reject(error(ErrorCode.NOT_READY, "send hello or resume first", m));
            }
            return;
        }
        switch (m) {
            case ClientMessage.Hello h -> reject(error(ErrorCode.NOT_READY, "this connection already has a session", m));
            case ClientMessage.Resume r -> reject(error(ErrorCode.NOT_READY, "this connection already has a session", m));
            case ClientMessage.Join j -> join(j);
            case ClientMessage.Leave l -> leave(l);
            case ClientMessage.Say s -> say(s);
            case ClientMessage.Direct d -> direct(d);
            case ClientMessage.History h -> history(h);
            case ClientMessage.Create c -> moderate(c);
            case ClientMessage.Invite i -> moderate(i);
            case ClientMessage.Members ms -> moderate(ms);
            case ClientMessage.SetRole sr -> moderate(sr);
            case ClientMessage.Kick k -> moderate(k);
            case ClientMessage.Sanction sn -> moderate(sn);
            case ClientMessage.Lift l -> moderate(l);
            case ClientMessage.Delete d -> moderate(d);
        }
    }

    private void moderate(ClientMessage m) throws InterruptedException {
        ServerMessage.Error e = new Moderation(service).handle(m, user(), session);
        if (e != null) {
            reject(e);
        }
    }

    /**
     * Who the client is: the claimed nickname (version 1, only where allowed), or the account of a
     * valid login (version 2). Null after answering with an error.
     */
    private Authenticator.Principal identify(int version, String token, ClientMessage m) {
        if (version == Codec.V1) {
            if (!service.insecureNicknames()) {
                reject(error(ErrorCode.AUTH_REQUIRED, "version 1 (claimed nicknames) is off on this server; "
                        + "log in and send hello with \"v\":2", m));
                return null;
            }
            return V1;
        }
        var p = service.authenticator().authenticate(token != null ? token : credential);
        if (p.isEmpty()) {
            reject(error(ErrorCode.AUTH_REQUIRED, "log in first: version 2 needs a valid login token "
                    + "(the session cookie, an Authorization: Bearer header, or \"token\")", m));
            return null;
        }
        return p.get();
    }

    /** Stands for "no login" (version 1) in {@link #identify}. */
    private static final Authenticator.Principal V1 = new Authenticator.Principal("", "");

    private void hello(ClientMessage.Hello h) throws InterruptedException {
        Authenticator.Principal who = identify(h.version(), h.token(), h);
        if (who == null) {
            return;
        }
        Session s = who == V1 ? service.newSession(h.nick(), null) : service.newSession(who.account(), who.session());
        session = s;
        s.attach(outbox);
        detachIfClosed(s);
        outbox.offer(Frame.of(new ServerMessage.Welcome(h.version(), s.token, s.nick, false, service.limits())));
        String inbox = Names.inbox(s.nick);
        s.addRoom(inbox, true, Integer.MAX_VALUE);
        service.sendTo(inbox, new Room.Join(s, OptionalLong.empty()));
    }

    private void resume(ClientMessage.Resume r) throws InterruptedException {
        Authenticator.Principal who = identify(r.version(), r.token(), r);
        if (who == null) {
            return;
        }
        Session s = service.findSession(r.session());
        // A session is resumed only by the login that opened it (version 2), or as version 1 if it was one.
        if (s != null && !(who == V1 ? s.login == null : who.session().equals(s.login))) {
            s = null;
        }
        session = s;
        if (s == null || !s.attach(outbox)) {
            session = null;
            reject(error(ErrorCode.UNKNOWN_SESSION, "the session expired or never existed; send hello and rejoin "
                    + "(join with \"after\" replays what you missed)", r));
            return;
        }
        detachIfClosed(s);
        outbox.offer(Frame.of(new ServerMessage.Welcome(r.version(), s.token, s.nick, true, service.limits())));
        for (String room : s.rooms()) {
            service.sendTo(room, new Room.Join(s, OptionalLong.of(r.lastSeen().getOrDefault(room, 0L))));
        }
    }

    /**
     * The transport may close the outbox at any moment, even before {@link #session} was set (then its
     * close listener found no session to detach): after attaching, detach ourselves if so.
     */
    private void detachIfClosed(Session s) {
        if (outbox.isClosed()) {
            s.detach(outbox, service.clock().instant());
        }
    }

    private void join(ClientMessage.Join j) throws InterruptedException {
        if (Names.isInbox(j.room())) {
            reject(error(ErrorCode.BAD_ROOM, "inbox rooms cannot be joined; yours is joined already", j));
            return;
        }
        RoomDirectory.Refusal refused = service.directory().mayJoin(j.room(), user());
        if (refused != null) {
            reject(error(refused.code(), refused.text(), j));
            return;
        }
        if (!session.addRoom(j.room(), false, service.config().maxRooms())) {
            reject(error(ErrorCode.TOO_MANY_ROOMS, "a session may be in at most " + service.config().maxRooms()
                    + " rooms; leave one first", j));
            return;
        }
        service.sendTo(j.room(), new Room.Join(session, j.after()));
    }

    private void leave(ClientMessage.Leave l) throws InterruptedException {
        if (Names.isInbox(l.room()) || !session.removeRoom(l.room())) {
            reject(error(ErrorCode.NOT_MEMBER, "not in room " + l.room(), l));
            return;
        }
        service.sendTo(l.room(), new Room.Leave(session));
    }

    private void say(ClientMessage.Say s) throws InterruptedException {
        if (Names.isInbox(s.room())) {
            reject(error(ErrorCode.BAD_ROOM, "use dm to write to a user", s));
            return;
        }
        if (!session.isMember(s.room())) {
            reject(error(ErrorCode.NOT_MEMBER, "join " + s.room() + " before saying something there", s));
            return;
        }
        if (!service.allowSend(user())) {
            reject(rateLimited(s));
            return;
        }
        service.sendTo(s.room(), new Room.Say(session, s.cid(), s.text()));
    }

    /**
     * A direct message goes into two inboxes, each read by its owner only: the recipient's (which
     * acknowledges it) and, as a silent copy, the sender's own, so that the sender's other sessions and
     * history show the conversation. Both copies name the recipient; neither is anywhere else.
     */
    private void direct(ClientMessage.Direct d) throws InterruptedException {
        String me = user();
        if (!service.allowSend(me)) {
            reject(rateLimited(d));
            return;
        }
        service.sendTo(Names.inbox(d.to()), new Room.Say(session, d.cid(), d.text(), d.to(), true));
        if (!d.to().equals(me)) {
            service.sendTo(Names.inbox(me), new Room.Say(session, d.cid(), d.text(), d.to(), false));
        }
    }

    private ServerMessage.Error rateLimited(ClientMessage m) {
        return error(ErrorCode.RATE_LIMITED, "more than " + service.config().burst() + " messages at once or "
                + service.config().perSecond() + " per second; retry later with the same cid", m);
    }

    private void history(ClientMessage.History h) throws InterruptedException {
        RoomDirectory.Refusal refused = service.directory().mayRead(h.room(), user());
        if (refused != null) {
            reject(error(refused.code(), refused.text(), h));
            return;
        }
        List<StoredMessage> rows;
        try {
            // One more row than asked tells whether the page was cut.
            if (h.after().isPresent()) {
                rows = service.store().after(h.room(), h.after().getAsLong(), h.limit() + 1);
            } else {
                rows = service.store().before(h.room(), h.before().orElse(Long.MAX_VALUE), h.limit() + 1);
            }
        } catch (SQLException e) {
            reject(error(ErrorCode.STORE_FAILED, "history is unavailable; retry", h));
            return;
        }
        boolean more = rows.size() > h.limit();
        if (more) {
            rows = h.after().isPresent() ? rows.subList(0, h.limit()) : rows.subList(1, rows.size());
        }
        List<ServerMessage.Message> page = new ArrayList<>(rows.size());
        for (StoredMessage r : rows) {
            page.add(Room.forViewer(r, user()));
        }
        outbox.offer(Frame.of(new ServerMessage.HistoryPage(h.room(), page, more)));
    }

    private void reject(ServerMessage.Error e) {
        service.stats().rejected.increment();
        outbox.offer(Frame.of(e));
    }

    static ServerMessage.Error error(ErrorCode code, String text, ClientMessage m) {
        return switch (m) {
            case ClientMessage.Hello h -> new ServerMessage.Error(code, text, "hello", null, null);
            case ClientMessage.Resume r -> new ServerMessage.Error(code, text, "resume", null, null);
            case ClientMessage.Join j -> new ServerMessage.Error(code, text, "join", j.room(), null);
            case ClientMessage.Leave l -> new ServerMessage.Error(code, text, "leave", l.room(), null);
            case ClientMessage.Say s -> new ServerMessage.Error(code, text, "say", s.room(), s.cid());
            case ClientMessage.Direct d -> new ServerMessage.Error(code, text, "dm", Names.inbox(d.to()), d.cid());
            case ClientMessage.History h -> new ServerMessage.Error(code, text, "history", h.room(), null);
            case ClientMessage.Create c -> new ServerMessage.Error(code, text, "create", c.room(), null);
            case ClientMessage.Invite i -> new ServerMessage.Error(code, text, "invite", i.room(), null);
            case ClientMessage.Members ms -> new ServerMessage.Error(code, text, "members", ms.room(), null);
            case ClientMessage.SetRole sr -> new ServerMessage.Error(code, text, "role", sr.room(), null);
            case ClientMessage.Kick k -> new ServerMessage.Error(code, text, "kick", k.room(), null);
            case ClientMessage.Sanction sn -> new ServerMessage.Error(code, text,
                    sn.kind() == ClientMessage.Kind.BAN ? "ban" : "mute", sn.room(), null);
            case ClientMessage.Lift l -> new ServerMessage.Error(code, text,
                    l.kind() == ClientMessage.Kind.BAN ? "unban" : "unmute", l.room(), null);
            case ClientMessage.Delete d -> new ServerMessage.Error(code, text, "delete", d.room(), null);
        };
    }
}
