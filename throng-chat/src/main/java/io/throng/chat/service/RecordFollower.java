package io.throng.chat.service;

import io.throng.channels.ChannelClosedException;
import io.throng.chat.protocol.Frame;
import io.throng.chat.protocol.ServerMessage;
import io.throng.chat.store.RoomRecords;
import io.throng.chat.store.RoomRecords.Change;
import java.util.LinkedHashMap;
import java.util.Map;
import java.sql.SQLException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Applies here the room-record changes other nodes made ({@link io.throng.chat.store.RoomRecords#watch}):
 * reloads the room's policy from the store, then does to this node's members what the other node did to
 * its own (the same {@code removed} notice, the same {@code tombstone}), then has the room re-check its
 * members, which also repairs what a missed notice left here. One virtual thread, so changes apply in
 * the order heard and the store's listening thread never waits for a query.
 *
 * <p>A reload that fails (the database is away) is tried again, every second, before anything after
 * it: a node never goes on admitting by a policy it knows is stale once the database answers again.
 *
 * <h2>Repairing what a missed notice left</h2>
 * Bans, mutes and private membership are rows, so the reload on {@link Change.Everything} repairs them.
 * A kick from a public room and a deletion are events: on {@code Everything} the follower also reads
 * the kicks and tombstones written since its {@link RoomRecords.Mark} (taken at start, moved on by each
 * read) and does what their notices would have: expels the kicked user's sessions that were members
 * here before the kick (a session that joined again after it is spared, so doing it twice is doing it
 * once; the kick's time is the kicker's clock, so nodes' clocks should agree to within a join's
 * worth), and sends each tombstone that this node has not sent yet (it remembers the last
 * {@value #TOLD} it sent, live or repaired). Rows are numbered at insert but seen at commit, so the
 * read starts {@value #SLACK} numbers below the mark: a row committed late under a lower number is
 * not skipped, and what was done already is recognised.
 */
final class RecordFollower {
    private static final long RETRY_MS = 1_000;
    private static final int TOLD = 4_096;
    private static final long SLACK = 64;

    private final ChatService service;
    private final LinkedBlockingQueue<Change> changes = new LinkedBlockingQueue<>();
    private volatile Thread thread;
    /** Follower thread only (after start): how far the kicks and tombstones were read; null if unknown. */
    private RoomRecords.Mark mark;
    /** Nothing at or below this was ever this node's to repair: it was written before the node started. */
    private RoomRecords.Mark started;
    /** "room seq" of the tombstones sent here lately, most recent last. */
    private final Map<String, Boolean> told = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > TOLD;
        }
    };

    RecordFollower(ChatService service) {
        this.service = service;
    }

    /** Called on the store's thread: queues only. */
    void heard(Change c) {
        changes.add(c);
    }

    /** Starts applying what is (and will be) queued; after the directory exists. */
    void start() {
        try {
            started = service.store().rooms().mark();
            mark = started;
        } catch (SQLException e) {
            // read at the first Everything instead: nothing here can predate it
        }
        thread = Thread.ofVirtual().name("chat-records").start(this::run);
    }

    void close() throws InterruptedException {
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            t.join();
        }
    }

    private void run() {
        try {
            while (true) {
                Change c = changes.take();
                while (!apply(c)) {
                    TimeUnit.MILLISECONDS.sleep(RETRY_MS); // the database is away: the same change again
                }
            }
        } catch (InterruptedException | ChannelClosedException e) {
            // closing
        }
    }

    /** False if the store could not be read (then nothing was applied). */
    private boolean apply(Change c) throws InterruptedException {
        RoomDirectory directory = service.directory();
        try {
            switch (c) {
                case Change.Everything e -> directory.reloadAll();
                case Change.Reload r -> directory.reload(r.room());
                case Change.Expelled x -> directory.reload(x.room());
                case Change.Deleted d -> { }
            }
        } catch (SQLException e) {
            return false;
        }
        switch (c) {
            case Change.Everything e -> {
                service.recheckAll();
                try {
                    repair();
                } catch (SQLException failed) {
                    return false; // all again, once the database answers: the reload and recheck are idempotent
                }
            }
            case Change.Reload r -> service.recheck(r.room());
            case Change.Expelled x -> {
                service.expel(x.room(), x.user(), new ServerMessage.Removed(x.room(), x.reason(), x.by(), x.until()));
                service.recheck(x.room());
            }
            case Change.Deleted d -> tombstone(d.room(), d.seq(), d.by());
        }
        return true;
    }

    /**
     * Notes that this node sent the tombstone of {@code room}'s {@code seq} to its members; false if it
     * had already.
     */
    boolean told(String room, long seq) {
        synchronized (told) {
            return told.put(room + " " + seq, Boolean.TRUE) == null;
        }
    }

    private void tombstone(String room, long seq, String by) throws InterruptedException {
        if (told(room, seq)) {
            service.ifLive(room, new Room.Deleted(Frame.of(new ServerMessage.Tombstone(room, seq, by))));
        }
    }

    /** Does what the kicks' and deletions' notices since the mark would have done here. */
    private void repair() throws SQLException, InterruptedException {
        RoomRecords rooms = service.store().rooms();
        if (mark == null) {
            started = mark = rooms.mark();
            return;
        }
        RoomRecords.Since since = rooms.since(new RoomRecords.Mark(Math.max(started.kick(), mark.kick() - SLACK),
                Math.max(started.tombstone(), mark.tombstone() - SLACK)));
        for (RoomRecords.KickRow k : since.kicks()) {
            service.ifLive(k.room(), new Room.Expel(k.user(),
                    Frame.of(new ServerMessage.Removed(k.room(), "kicked", k.by(), null)), k.at()));
        }
        for (RoomRecords.TombstoneRow t : since.tombstones()) {
            tombstone(t.room(), t.seq(), t.by());
        }
        mark = new RoomRecords.Mark(Math.max(mark.kick(), since.mark().kick()),
                Math.max(mark.tombstone(), since.mark().tombstone()));
    }
}
