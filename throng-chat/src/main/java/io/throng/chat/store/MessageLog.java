package io.throng.chat.store;

import io.throng.chat.metrics.LatencyHistogram;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The rooms' logs, as the chat service needs them: {@link ChatStore} (one SQLite file, the embedded
 * default) or a database that several chat nodes share.
 *
 * <h2>Several writers</h2>
 * A log may have other writers than this process (other chat nodes). The log, not its caller, is then
 * the last word on a room's order: {@link #append} stores each draft under the room's next sequence at
 * commit time (one writer per room at a time, e.g. under a per-room lock held for the transaction) and
 * answers with the message as stored, so a caller whose idea of the head was stale learns the real
 * sequence. A draft whose {@code (room, sender, cid)} is already stored, by anyone, is not stored
 * again: its answer is the original, marked {@link Appended#duplicate()}. With one writer (the SQLite
 * default) every draft keeps the sequence its caller gave it.
 *
 * <p>{@link #watch} tells the caller when a room's log moved (anyone's commit, its own included), so
 * it can read what others appended; a notice may come late or twice, never for an uncommitted
 * sequence, and a missed notice only delays: the next commit or read repairs it.
 */
public interface MessageLog extends AutoCloseable {
    /** One answer of {@link #append}: the message as stored, and whether it was stored before. */
    record Appended(StoredMessage message, boolean duplicate) {}

    /** Where a room's log moved: every sequence up to {@code head} is committed. */
    @FunctionalInterface
    interface Watcher {
        void moved(String room, long head);

        /**
         * As {@link #moved(String, long)}, and {@code carried} are the room's messages
         * {@code head - carried.size() + 1 .. head} as committed (consecutive, none deleted when
         * stored): a watcher that has the room up to just before them may take them instead of reading
         * them. Empty when the notice did not carry them (the watcher reads, as ever).
         */
        default void moved(String room, long head, List<StoredMessage> carried) {
            moved(room, head);
        }
    }

    /**
     * Appends drafts (their {@code seq} is the caller's guess of the next sequence). The future
     * completes once they are committed (durable per the log's guarantee) with one answer per draft,
     * in the drafts' order; a room's new messages get consecutive sequences in that order. It
     * completes exceptionally if the transaction failed: then none of {@code drafts} is stored.
     */
    CompletableFuture<List<Appended>> append(List<StoredMessage> drafts) throws InterruptedException;

    /**
     * Whether {@link #append} itself answers every draft whose {@code (room, sender, cid)} is stored
     * already with the original ({@link Appended#duplicate()}), whoever stored it and however long ago. A
     * caller may then skip looking a send up with {@link #find} before appending it: the append does that
     * lookup inside its transaction, once per room and batch instead of once per message. A log with other
     * writers must; the single-writer SQLite log does not (its unique index would refuse the insert).
     */
    default boolean answersDuplicates() {
        return false;
    }

    /** The highest sequence committed for {@code room}, 0 if none. */
    long head(String room) throws SQLException, InterruptedException;

    /** The message {@code sender} stored in {@code room} with client id {@code cid}, if any. */
    Optional<StoredMessage> find(String room, String sender, String cid) throws SQLException, InterruptedException;

    /** Up to {@code limit} messages with {@code seq > after}, ascending. */
    List<StoredMessage> after(String room, long after, int limit) throws SQLException, InterruptedException;

    /** The newest {@code limit} messages with {@code seq < before}, ascending. */
    List<StoredMessage> before(String room, long before, int limit) throws SQLException, InterruptedException;

    /** Rooms created with {@code create}, their roles and sanctions, and message deletion. */
    RoomRecords rooms();

    /**
     * Adds a watcher of room moves, called on a thread of the log's (it must not block). A log with no
     * other writer may never call it.
     */
    default void watch(Watcher watcher) {}

    /** The presence of users on the other nodes sharing this log; {@link PresenceBus#NONE} without any. */
    default PresenceBus presence() {
        return PresenceBus.NONE;
    }

    /** Where the log lives, for messages to the operator (a file, or a database URL without its password). */
    String describe();

    /** Transactions committed so far. */
    long commits();

    /** Time spent in successful transactions so far, in nanoseconds. */
    long commitNanos();

    /** Durations of the successful transactions. */
    LatencyHistogram commitLatency();

    /** Messages committed so far. */
    long committedMessages();

    /** Reads of {@link #after} so far (catch-ups and replays), for the metrics; 0 if not counted. */
    default long reads() {
        return 0;
    }

    /** Commits everything already appended, then closes. */
    @Override
    void close() throws SQLException, InterruptedException;
}
