package io.throng.chat.service;

import io.throng.chat.protocol.ClientMessage;
import io.throng.chat.protocol.ErrorCode;
import io.throng.chat.protocol.Frame;
import io.throng.chat.protocol.Names;
import io.throng.chat.protocol.Role;
import io.throng.chat.protocol.ServerMessage;
import io.throng.chat.store.RoomRecords.Change;
import io.throng.chat.store.StoredMessage;
import java.sql.SQLException;
import java.util.List;

/**
 * The room-management requests of one user: create, invite, members, role, kick, ban/mute and their
 * lifting, delete. Each is decided by the {@link RoomDirectory} and stored before it takes effect;
 * what the rooms must do about it (drop an expelled user, broadcast a tombstone) goes to the room's
 * orderer as a command, so it lands in the room's order. Then it is announced to the other nodes
 * sharing the store, with what was done ({@link Change}), and they do the same to their members
 * ({@link RecordFollower}); a failed announcement answers {@code store_failed}, so the moderator
 * retries (each request is safe to repeat). Inboxes have no management.
 */
final class Moderation {
    private final ChatService service;

    Moderation(ChatService service) {
        this.service = service;
    }

    /** Handles {@code m} from {@code user}; answers go to {@code session}, a failure is returned. */
    ServerMessage.Error handle(ClientMessage m, String user, Session session) throws InterruptedException {
        String room = roomOf(m);
        if (!Names.isPublicRoom(room)) {
            return LocalConnection.error(ErrorCode.BAD_ROOM, "inboxes have no members or moderators", m);
        }
        if (!(m instanceof ClientMessage.Members) && !service.allowSend(user)) {
            return LocalConnection.error(ErrorCode.RATE_LIMITED, "too many requests; retry later", m);
        }
        RoomDirectory rooms = service.directory();
        try {
            RoomDirectory.Refusal refused = switch (m) {
                case ClientMessage.Create c -> create(c, user);
                case ClientMessage.Members ms -> rooms.mayRead(room, user);
                case ClientMessage.Invite i -> {
                    RoomDirectory.Refusal r = rooms.mayModerate(room, user);
                    if (r == null) {
                        rooms.invite(room, i.nick());
                        service.announce(new Change.Reload(room));
                        for (Session s : service.sessionsOf(i.nick())) {
                            s.deliver(Frame.of(new ServerMessage.Invited(room, user)));
                        }
                    }
                    yield r;
                }
                case ClientMessage.SetRole sr -> {
                    if (rooms.role(room, user) != Role.OWNER || sr.nick().equals(user)) {
                        yield new RoomDirectory.Refusal(ErrorCode.FORBIDDEN, "only the owner sets roles, of others");
                    }
                    rooms.setRole(room, sr.nick(), sr.role());
                    service.announce(new Change.Reload(room));
                    yield null;
                }
                case ClientMessage.Kick k -> {
                    RoomDirectory.Refusal r = rooms.mayModerate(room, user, k.nick());
                    if (r == null) {
                        if (rooms.isPrivate(room)) {
                            rooms.setRole(room, k.nick(), null); // out of the member list: re-invite to return
                        }
                        // Kept for a node that misses the notice: it expels on reconnection (RecordFollower).
                        service.store().rooms().kicked(room, k.nick(), user, service.clock().millis());
                        service.expel(room, k.nick(), new ServerMessage.Removed(room, "kicked", user, null));
                        service.announce(new Change.Expelled(room, k.nick(), "kicked", user, null));
                    }
                    yield r;
                }
                case ClientMessage.Sanction sn -> sanction(sn, user);
                case ClientMessage.Lift l -> {
                    RoomDirectory.Refusal r = rooms.mayModerate(room, user, l.nick());
                    if (r == null) {
                        rooms.lift(room, l.nick(), l.kind() == ClientMessage.Kind.BAN);
                        service.announce(new Change.Reload(room));
                    }
                    yield r;
                }
                case ClientMessage.Delete d -> delete(d, user, session);
                default -> throw new IllegalArgumentException("not a moderation request: " + m);
            };
            if (refused != null) {
                return LocalConnection.error(refused.code(), refused.text(), m);
            }
        } catch (SQLException e) {
            return LocalConnection.error(ErrorCode.STORE_FAILED, "not stored; retry", m);
        }
        if (!(m instanceof ClientMessage.Delete)) {
            session.deliver(Frame.of(rooms.members(room)));
        }
        return null;
    }

    private RoomDirectory.Refusal create(ClientMessage.Create c, String user) throws SQLException, InterruptedException {
        String room = c.room();
        int most = service.config().maxRooms();
        if (service.directory().owned(user) >= most) { // each created room is a stored row for good
            return new RoomDirectory.Refusal(ErrorCode.TOO_MANY_ROOMS, "a user owns at most " + most + " rooms");
        }
        // An open room in use, or with a history, belongs to its users already: nobody may take it over.
        if (service.inUse(room) || service.store().head(room) > 0
                || !service.directory().create(room, c.isPrivate(), user)) {
            return new RoomDirectory.Refusal(ErrorCode.ROOM_EXISTS, room + " exists; pick another name");
        }
        service.announce(new Change.Reload(room));
        return null;
    }

    private RoomDirectory.Refusal sanction(ClientMessage.Sanction sn, String user)
            throws SQLException, InterruptedException {
        RoomDirectory rooms = service.directory();
        RoomDirectory.Refusal r = rooms.mayModerate(sn.room(), user, sn.nick());
        if (r != null) {
            return r;
        }
        boolean ban = sn.kind() == ClientMessage.Kind.BAN;
        long until = sn.seconds().isPresent()
                ? Math.addExact(service.clock().millis(), sn.seconds().getAsLong() * 1000)
                : Long.MAX_VALUE;
        rooms.sanction(sn.room(), sn.nick(), ban, until, user);
        if (ban) {
            Long ends = until == Long.MAX_VALUE ? null : until;
            service.expel(sn.room(), sn.nick(), new ServerMessage.Removed(sn.room(), "banned", user, ends));
            service.announce(new Change.Expelled(sn.room(), sn.nick(), "banned", user, ends));
        } else {
            service.announce(new Change.Reload(sn.room()));
        }
        return null;
    }

    /** A moderator deletes any message; anyone may delete their own while they may read the room. */
    private RoomDirectory.Refusal delete(ClientMessage.Delete d, String user, Session session)
            throws SQLException, InterruptedException {
        RoomDirectory rooms = service.directory();
        RoomDirectory.Refusal r = rooms.mayRead(d.room(), user);
        if (r != null) {
            return r;
        }
        List<StoredMessage> rows = service.store().after(d.room(), d.seq() - 1, 1);
        if (rows.isEmpty() || rows.getFirst().seq() != d.seq() || rows.getFirst().deleted()) {
            return new RoomDirectory.Refusal(ErrorCode.NO_SUCH_MESSAGE, d.room() + " has no message " + d.seq());
        }
        if (!rows.getFirst().sender().equals(user) && rooms.mayModerate(d.room(), user) != null) {
            return new RoomDirectory.Refusal(ErrorCode.FORBIDDEN, "only a moderator deletes others' messages");
        }
        if (!service.store().rooms().delete(d.room(), d.seq(), user, service.clock().millis())) {
            return new RoomDirectory.Refusal(ErrorCode.NO_SUCH_MESSAGE, d.room() + " has no message " + d.seq());
        }
        Frame tombstone = Frame.of(new ServerMessage.Tombstone(d.room(), d.seq(), user));
        service.toldTombstone(d.room(), d.seq());
        service.sendTo(d.room(), new Room.Deleted(tombstone));
        if (!session.isMember(d.room())) {
            session.deliver(tombstone); // a member gets it from the room, in the room's order
        }
        service.announce(new Change.Deleted(d.room(), d.seq(), user));
        return null;
    }

    static String roomOf(ClientMessage m) {
        return switch (m) {
            case ClientMessage.Create c -> c.room();
            case ClientMessage.Invite i -> i.room();
            case ClientMessage.Members ms -> ms.room();
            case ClientMessage.SetRole sr -> sr.room();
            case ClientMessage.Kick k -> k.room();
            case ClientMessage.Sanction sn -> sn.room();
            case ClientMessage.Lift l -> l.room();
            case ClientMessage.Delete d -> d.room();
            default -> throw new IllegalArgumentException("not a moderation request: " + m);
        };
    }
}
