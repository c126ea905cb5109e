package io.throng.chat.service;

import io.throng.chat.store.MessageLog;
import io.throng.chat.store.StoredMessage;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * How far a room's members in this process are in the room's log, and their catch-up with what other
 * writers committed: fanned out in order, never skipped, never twice. What the log's notices carried
 * ({@link #offer}) is taken without a read when it continues what the members have; whatever is
 * missing (a notice too big to carry its messages, one lost, one that arrives after a later one) is
 * read after {@link #delivered()} a page at a time. Confined to the room's orderer thread, like the
 * rest of the room's state, but for {@link #offer}.
 */
final class CatchUp {
    /** Most messages one read takes from the log. */
    static final int PAGE = 256;
    /** Most carried messages held ahead of what was delivered; beyond, the highest are read instead. */
    static final int MAX_CARRIED = 4_096;

    /** The room's side: who listens here, and how a message or a gap reaches them. */
    interface Members {
        /** Whether any member here would receive a live message now. */
        boolean listening();

        /** Fans out the log's next message; {@code read} if it came from the log (another writer's). */
        void fanOut(StoredMessage m, long committedNanos, boolean read);

        /** Tells the listeners that {@code after + 1 .. upto} will not come live. */
        void gap(long after, long upto);
    }

    private final String room;
    private final MessageLog log;
    private final int window;
    private final Members members;
    /**
     * Every sequence up to this one has been fanned out to the members here, in order, and nothing
     * after it: live fan-out goes on from {@code delivered + 1} and a replay ends here.
     */
    private long delivered;
    /** Messages the notices carried, from the log's thread, not yet looked at by the orderer. */
    private final ConcurrentLinkedQueue<List<StoredMessage>> offered = new ConcurrentLinkedQueue<>();
    /** Carried messages after {@link #delivered}, by sequence: committed, so as good as a read. */
    private final TreeMap<Long, StoredMessage> carried = new TreeMap<>();

    CatchUp(String room, MessageLog log, int window, Members members) {
        this.room = room;
        this.log = log;
        this.window = window;
        this.members = members;
    }

    long delivered() {
        return delivered;
    }

    /**
     * Committed messages a notice carried (consecutive sequences), to be fanned out in their turn
     * without reading them. Any thread; never blocks.
     */
    void offer(List<StoredMessage> messages) {
        if (!messages.isEmpty()) {
            offered.add(messages);
        }
    }

    /** Where the members start when the room starts: its log's head then. */
    void startAt(long head) {
        delivered = head;
    }

    /**
     * Fans out a message of ours that the log just stored, in the room's order: first whatever other
     * writers committed before it that the members have not had, then it. If that read fails, it waits
     * in the log for the next catch-up: late, never skipped or out of order.
     */
    void deliver(StoredMessage m, long committedNanos) {
        if (m.seq() <= delivered) {
            return; // a catch-up has given it already
        }
        if (m.seq() > delivered + 1 && !upTo(m.seq() - 1)) {
            return;
        }
        members.fanOut(m, committedNanos, false);
        delivered = m.seq();
    }

    /**
     * Brings the members to {@code target} (a committed sequence). With nobody listening here there is
     * nothing to read: a member coming back is replayed from the log up to {@link #delivered()}. More
     * than the replay window behind, the listeners get a gap instead of a flood, as a resume would.
     * False if the log could not be read (or does not show {@code target} yet): the next notice,
     * commit or cycle tries again from where this stopped.
     */
    boolean upTo(long target) {
        take();
        try {
            return bringTo(target);
        } finally {
            carried.headMap(delivered, true).clear();
        }
    }

    private boolean bringTo(long target) {
        if (target <= delivered) {
            return true;
        }
        if (!members.listening()) {
            delivered = target;
            return true;
        }
        if (target - delivered > window) {
            members.gap(delivered, target);
            delivered = target;
            return true;
        }
        while (delivered < target) {
            StoredMessage next = carried.remove(delivered + 1);
            if (next != null) {
                members.fanOut(next, System.nanoTime(), true);
                delivered = next.seq();
                continue;
            }
            Long firstCarried = carried.higherKey(delivered);
            long until = firstCarried == null ? target : Math.min(target, firstCarried - 1);
            List<StoredMessage> page;
            try {
                page = log.after(room, delivered, (int) Math.min(PAGE, until - delivered));
            } catch (java.sql.SQLException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            long read = System.nanoTime();
            for (StoredMessage m : page) {
                if (m.seq() != delivered + 1) {
                    return false; // never skip: a hole in what we read is read again later
                }
                members.fanOut(m, read, true);
                delivered = m.seq();
            }
            if (page.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** Moves what the notices carried into {@link #carried}, keeping only what is still to come. */
    private void take() {
        for (List<StoredMessage> ms; (ms = offered.poll()) != null; ) {
            for (StoredMessage m : ms) {
                if (m.seq() > delivered) {
                    carried.put(m.seq(), m);
                }
            }
        }
        while (carried.size() > MAX_CARRIED) {
            carried.pollLastEntry(); // read in its turn instead: bounded memory, never a loss
        }
    }
}
