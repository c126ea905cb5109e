package io.throng.chat.store;

import java.sql.SQLException;
import java.util.List;

/**
 * The durable side of private rooms and moderation: rooms made with {@code create}, each user's role
 * in them, bans and mutes with their expiry, and message deletion (a tombstone, and the text erased).
 * The service keeps the same facts in memory ({@code io.throng.chat.service.RoomDirectory}), loaded
 * at start: these tables are only ever read by {@link #load}. Each write is its own transaction,
 * done when the method returns.
 *
 * <h2>Several nodes</h2>
 * When other chat nodes share the records (PostgreSQL), a node that changed a room's records
 * {@link #announce}s it after the write committed, with what it did about it beyond the stored change
 * (whom it expelled, which message it deleted); every other node hears it through {@link #watch},
 * reloads that room ({@link #load(String)}) and does the same to its own members. A notice may be
 * lost (a dropped connection): the watcher is then told {@link Change.Everything}, and reloads all. Implementations: in the SQLite file beside the history (the default),
 * or in PostgreSQL ({@code --store postgresql://...}), each given by its {@link MessageLog#rooms()}.
 */
public interface RoomRecords extends AutoCloseable {
    /** A room made with {@code create}; rooms without a row are the open rooms of version 1. */
    record RoomRow(String name, boolean isPrivate, long created) {}

    /** {@code role} is owner, moderator or member. */
    record RoleRow(String room, String user, String role) {}

    /** {@code kind} is ban or mute; {@code until} is epoch milliseconds ({@link Long#MAX_VALUE}: no expiry). */
    record SanctionRow(String room, String user, String kind, long until, String by) {}

    /** Everything, as loaded at start. */
    record Loaded(List<RoomRow> rooms, List<RoleRow> roles, List<SanctionRow> sanctions) {}

    Loaded load() throws SQLException;

    /** One room's rows (all lists empty if it was never created). */
    default Loaded load(String room) throws SQLException {
        Loaded all = load();
        return new Loaded(all.rooms().stream().filter(r -> r.name().equals(room)).toList(),
                all.roles().stream().filter(r -> r.room().equals(room)).toList(),
                all.sanctions().stream().filter(r -> r.room().equals(room)).toList());
    }

    /** A change of a room's records, as told to the other nodes. */
    sealed interface Change {
        /** Some notices may have been missed: every room may have changed. Heard, never announced. */
        record Everything() implements Change {}

        /** {@code room}'s rows changed (created, role, ban, mute, lift): reload them. */
        record Reload(String room) implements Change {}

        /** As {@link Reload}, and {@code user} was expelled with a {@code removed} of these fields. */
        record Expelled(String room, String user, String reason, String by, Long until) implements Change {}

        /** Message {@code seq} of {@code room} was deleted by {@code by}: announce its tombstone. */
        record Deleted(String room, long seq, String by) implements Change {}
    }

    /**
     * Tells the other nodes sharing these records about {@code change}, made and committed here. Nothing
     * to do with no other node (SQLite).
     */
    default void announce(Change change) throws SQLException {}

    /**
     * Adds a watcher of other nodes' changes (never this one's own), called in the order announced on
     * one thread of the records' (it must not block). Records with no other writer never call it.
     */
    default void watch(java.util.function.Consumer<Change> watcher) {}

    /** A kick, kept for the nodes that miss its notice; {@code at} is epoch milliseconds on the kicker's clock. */
    record KickRow(long id, String room, String user, String by, long at) {}

    /** A deletion, in the order written ({@code id}). */
    record TombstoneRow(long id, String room, long seq, String by) {}

    /** How far a node has read the kicks and tombstones: the highest ids it saw. */
    record Mark(long kick, long tombstone) {}

    /** The kicks and tombstones written after a {@link Mark}, ascending, and the mark after them. */
    record Since(List<KickRow> kicks, List<TombstoneRow> tombstones, Mark mark) {}

    /**
     * Records a kick (it changes no other row) so that a node that misses its notice still expels on
     * {@link Change.Everything}. Nothing to do with no other node (SQLite).
     */
    default void kicked(String room, String user, String by, long at) throws SQLException {}

    /** Where the kicks and tombstones stand now. */
    default Mark mark() throws SQLException {
        return new Mark(0, 0);
    }

    /**
     * The kicks and tombstones written after {@code from}: what a node that may have missed notices
     * (told {@link Change.Everything}) compares with what it did. Nothing with no other node.
     */
    default Since since(Mark from) throws SQLException {
        return new Since(List.of(), List.of(), from);
    }

    /** Creates a room with its owner, in one transaction. Fails (constraint) if the room exists. */
    void create(String room, boolean isPrivate, String owner, long now) throws SQLException;

    /** Sets {@code user}'s role in {@code room}; a null role removes it. */
    void setRole(String room, String user, String role) throws SQLException;

    /** Records a ban or mute, replacing one of the same kind. */
    void sanction(SanctionRow s) throws SQLException;

    /** Lifts a ban or mute (nothing if there is none). */
    void lift(String room, String user, String kind) throws SQLException;

    /**
     * Deletes message {@code seq} of {@code room}: its text is erased and a tombstone records who and
     * when. Returns false if there is no such message (or it was deleted already).
     */
    boolean delete(String room, long seq, String deleter, long time) throws SQLException;

    @Override
    void close() throws SQLException;
}
