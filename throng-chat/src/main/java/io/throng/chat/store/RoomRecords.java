package io.throng.chat.store;

import java.sql.SQLException;
import java.util.List;

/**
 * The durable side of private rooms and moderation: rooms made with {@code create}, each user's role
 * in them, bans and mutes with their expiry, and message deletion (a tombstone, and the text erased).
 * The service keeps the same facts in memory ({@code io.throng.chat.service.RoomDirectory}), loaded
 * once at start: these tables are only ever read by {@link #load}. Each write is its own transaction,
 * done when the method returns. Implementations: in the SQLite file beside the history (the default),
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
