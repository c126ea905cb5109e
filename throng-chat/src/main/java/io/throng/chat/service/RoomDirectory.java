package io.throng.chat.service;

import io.throng.chat.protocol.ErrorCode;
import io.throng.chat.protocol.Names;
import io.throng.chat.protocol.Role;
import io.throng.chat.protocol.ServerMessage;
import io.throng.chat.store.RoomRecords;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may do what in which room: the rooms made with {@code create} (public or private), each user's
 * role in them, and bans and mutes with their expiry. Rooms without a record are the open rooms of
 * version 1 (anyone joins, reads and posts; nobody moderates). An inbox {@code @nick} belongs to
 * {@code nick} alone.
 *
 * <p>Every decision about access is made here, from the user's name only, so that the day identity
 * comes from an account instead of a claimed nickname nothing here changes. The facts live in memory
 * (read at every join, post and history request) and are written through to {@link RoomRecords}
 * before they take effect, so a restart keeps them. Reads take no lock (every post in every room asks
 * {@link #maySay}, so a shared monitor there would couple all rooms' orderers): each room's policy is an
 * immutable value in a concurrent map, replaced whole under this object's monitor by the rare changes.
 * Expired sanctions are ignored when read, not swept. With other nodes on the same records, their
 * changes arrive as {@link #reload}s of one room (or all), under the same monitor as a change made here.
 */
final class RoomDirectory {
    /** A refusal: the error to send. */
    record Refusal(ErrorCode code, String text) {}

    /** A ban or mute: its end (epoch ms, {@link Long#MAX_VALUE}: none) and who decided it. */
    private record Sanction(long until, String by) {}

    /** One created room's rules; never mutated (a change makes a new one). */
    private record Policy(boolean isPrivate, Map<String, Role> roles, Map<String, Sanction> bans,
                          Map<String, Sanction> mutes) {
        Policy {
            roles = Map.copyOf(roles);
            bans = Map.copyOf(bans);
            mutes = Map.copyOf(mutes);
        }

        Policy withRole(String user, Role role) {
            Map<String, Role> r = new HashMap<>(roles);
            if (role == null) {
                r.remove(user);
            } else {
                r.put(user, role);
            }
            return new Policy(isPrivate, r, bans, mutes);
        }

        /** With {@code sanction} null the sanction is lifted. */
        Policy withSanction(boolean ban, String user, Sanction sanction) {
            Map<String, Sanction> m = new HashMap<>(ban ? bans : mutes);
            if (sanction == null) {
                m.remove(user);
            } else {
                m.put(user, sanction);
            }
            return ban ? new Policy(isPrivate, roles, m, mutes) : new Policy(isPrivate, roles, bans, m);
        }
    }

    private final RoomRecords records;
    private final InstantSource clock;
    private final Map<String, Policy> rooms = new ConcurrentHashMap<>();

    RoomDirectory(RoomRecords records, InstantSource clock) throws SQLException {
        this.records = records;
        this.clock = clock;
        rooms.putAll(policies(records.load()));
    }

    /** The policies of the rooms in {@code rows}. */
    private static Map<String, Policy> policies(RoomRecords.Loaded rows) {
        Map<String, Policy> loaded = new HashMap<>();
        for (RoomRecords.RoomRow r : rows.rooms()) {
            loaded.put(r.name(), new Policy(r.isPrivate(), Map.of(), Map.of(), Map.of()));
        }
        for (RoomRecords.RoleRow r : rows.roles()) {
            Role role = Role.fromWire(r.role());
            if (role != null) {
                loaded.computeIfPresent(r.room(), (k, p) -> p.withRole(r.user(), role));
            }
        }
        for (RoomRecords.SanctionRow s : rows.sanctions()) {
            loaded.computeIfPresent(s.room(), (k, p) -> p.withSanction(s.kind().equals("ban"), s.user(),
                    new Sanction(s.until(), s.by())));
        }
        return loaded;
    }

    /**
     * Reads {@code room}'s records again from the store (another node changed them). Under the monitor,
     * so a change made here at the same time is not overwritten by an older read.
     */
    synchronized void reload(String room) throws SQLException {
        Policy p = policies(records.load(room)).get(room);
        if (p == null) {
            rooms.remove(room);
        } else {
            rooms.put(room, p);
        }
    }

    /** Reads every room's records again (notices from other nodes may have been missed). */
    synchronized void reloadAll() throws SQLException {
        Map<String, Policy> loaded = policies(records.load());
        rooms.keySet().retainAll(loaded.keySet());
        rooms.putAll(loaded);
    }

    // ------------------------------------------------------------------ decisions

    /** Whether {@code user} may join {@code room} (and so receive its live messages); null if so. */
    Refusal mayJoin(String room, String user) {
        if (Names.isInbox(room)) {
            return room.equals(Names.inbox(user)) ? null : forbidden(room);
        }
        Policy p = rooms.get(room);
        if (p == null) {
            return null;
        }
        Refusal banned = banned(p, room, user);
        if (banned != null) {
            return banned;
        }
        return p.isPrivate && !p.roles().containsKey(user) ? forbidden(room) : null;
    }

    /** Whether {@code user} may read {@code room}'s history and member list: as for joining. */
    Refusal mayRead(String room, String user) {
        return mayJoin(room, user);
    }

    /** Whether {@code user}, a member, may post in {@code room} now; null if so. */
    Refusal maySay(String room, String user) {
        Policy p = rooms.get(room);
        if (p == null) {
            return null;
        }
        Refusal refused = mayJoin(room, user);
        if (refused != null) {
            return refused;
        }
        Long until = live(p.mutes(), user);
        return until == null ? null
                : new Refusal(ErrorCode.MUTED, "you are muted in " + room + until(until));
    }

    /**
     * Whether {@code actor} may moderate {@code target} in {@code room} (kick, ban, mute, lift); null
     * if so. Needs a moderating role that outranks the target's.
     */
    Refusal mayModerate(String room, String actor, String target) {
        Policy p = rooms.get(room); // one snapshot for both questions
        Refusal r = mayModerate(p, room, actor);
        if (r != null) {
            return r;
        }
        if (actor.equals(target) || !p.roles().get(actor).outranks(p.roles().get(target))) {
            return new Refusal(ErrorCode.FORBIDDEN, target + " is not below you in " + room);
        }
        return null;
    }

    /** Whether {@code actor} holds a moderating role in {@code room}; null if so. */
    Refusal mayModerate(String room, String actor) {
        return mayModerate(rooms.get(room), room, actor);
    }

    private Refusal mayModerate(Policy p, String room, String actor) {
        Role role = p == null ? null : p.roles().get(actor);
        if (role == null || !role.moderates() || live(p.bans(), actor) != null) {
            return new Refusal(ErrorCode.FORBIDDEN, "you do not moderate " + room);
        }
        return null;
    }

    /**
     * The {@code removed} notice for a member of {@code room} that may no longer be in it, null if it
     * may: banned (by whom, until when), or out of a private room's members ({@code kicked}, by the
     * owner: a kick's moderator is not stored, and this is asked only when its notice was missed).
     */
    ServerMessage.Removed removal(String room, String user) {
        Policy p = rooms.get(room);
        if (p == null || Names.isInbox(room) || mayJoin(room, user) == null) {
            return null;
        }
        Long until = live(p.bans(), user);
        if (until != null) {
            return new ServerMessage.Removed(room, "banned", p.bans().get(user).by(),
                    until == Long.MAX_VALUE ? null : until);
        }
        String owner = p.roles().entrySet().stream().filter(e -> e.getValue() == Role.OWNER)
                .map(Map.Entry::getKey).findFirst().orElse(user);
        return new ServerMessage.Removed(room, "kicked", owner, null);
    }

    /** How many rooms {@code user} owns (a scan: asked only by {@code create}, which is rate-limited). */
    int owned(String user) {
        return (int) rooms.values().stream().filter(p -> p.roles().get(user) == Role.OWNER).count();
    }

    boolean exists(String room) {
        return rooms.containsKey(room);
    }

    boolean isPrivate(String room) {
        Policy p = rooms.get(room);
        return p != null && p.isPrivate();
    }

    Role role(String room, String user) {
        Policy p = rooms.get(room);
        return p == null ? null : p.roles().get(user);
    }

    /** The member list as the protocol sends it, sorted by nick. */
    ServerMessage.Members members(String room) {
        Policy p = rooms.get(room);
        List<ServerMessage.Member> list = new ArrayList<>();
        if (p != null) {
            new TreeMap<>(p.roles()).forEach((nick, role) -> list.add(new ServerMessage.Member(nick, role)));
        }
        return new ServerMessage.Members(room, p != null && p.isPrivate(), list);
    }

    // ------------------------------------------------------------------ changes (stored first)

    /** Creates {@code room} owned by {@code owner}; false if it exists already. */
    synchronized boolean create(String room, boolean isPrivate, String owner) throws SQLException {
        if (rooms.containsKey(room)) {
            return false;
        }
        records.create(room, isPrivate, owner, clock.millis());
        rooms.put(room, new Policy(isPrivate, Map.of(owner, Role.OWNER), Map.of(), Map.of()));
        return true;
    }

    /** Gives {@code user} a role (null: none) in a created room. */
    synchronized void setRole(String room, String user, Role role) throws SQLException {
        records.setRole(room, user, role == null ? null : role.wire());
        rooms.computeIfPresent(room, (k, p) -> p.withRole(user, role));
    }

    /** Adds {@code user} as a member unless it already has a role. */
    synchronized void invite(String room, String user) throws SQLException {
        if (!rooms.get(room).roles().containsKey(user)) {
            setRole(room, user, Role.MEMBER);
        }
    }

    /** Bans or mutes {@code user} until {@code until} (epoch ms; {@link Long#MAX_VALUE}: no expiry). */
    synchronized void sanction(String room, String user, boolean ban, long until, String by) throws SQLException {
        records.sanction(new RoomRecords.SanctionRow(room, user, ban ? "ban" : "mute", until, by));
        rooms.computeIfPresent(room, (k, p) -> p.withSanction(ban, user, new Sanction(until, by)));
    }

    synchronized void lift(String room, String user, boolean ban) throws SQLException {
        records.lift(room, user, ban ? "ban" : "mute");
        rooms.computeIfPresent(room, (k, p) -> p.withSanction(ban, user, null));
    }

    // ------------------------------------------------------------------ helpers

    private Refusal banned(Policy p, String room, String user) {
        Long until = live(p.bans(), user);
        return until == null ? null : new Refusal(ErrorCode.BANNED, "you are banned from " + room + until(until));
    }

    /** The sanction's end if it is still in force, else null. */
    private Long live(Map<String, Sanction> sanctions, String user) {
        Sanction s = sanctions.get(user);
        return s != null && s.until() > clock.millis() ? s.until() : null;
    }

    private static String until(long until) {
        return until == Long.MAX_VALUE ? "" : " until " + java.time.Instant.ofEpochMilli(until);
    }

    /** Names neither the room's owner nor its members. */
    private static Refusal forbidden(String room) {
        return new Refusal(ErrorCode.FORBIDDEN, "you may not use " + room);
    }
}
