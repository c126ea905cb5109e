package io.throng.chat.service;

import io.throng.channels.ChannelClosedException;
import io.throng.chat.protocol.Frame;
import io.throng.chat.protocol.ServerMessage;
import io.throng.chat.store.RoomRecords.Change;
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
 */
final class RecordFollower {
    private static final long RETRY_MS = 1_000;

    private final ChatService service;
    private final LinkedBlockingQueue<Change> changes = new LinkedBlockingQueue<>();
    private volatile Thread thread;

    RecordFollower(ChatService service) {
        this.service = service;
    }

    /** Called on the store's thread: queues only. */
    void heard(Change c) {
        changes.add(c);
    }

    /** Starts applying what is (and will be) queued; after the directory exists. */
    void start() {
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
            case Change.Everything e -> service.recheckAll();
            case Change.Reload r -> service.recheck(r.room());
            case Change.Expelled x -> {
                service.expel(x.room(), x.user(), new ServerMessage.Removed(x.room(), x.reason(), x.by(), x.until()));
                service.recheck(x.room());
            }
            case Change.Deleted d -> service.ifLive(d.room(),
                    new Room.Deleted(Frame.of(new ServerMessage.Tombstone(d.room(), d.seq(), d.by()))));
        }
        return true;
    }
}
