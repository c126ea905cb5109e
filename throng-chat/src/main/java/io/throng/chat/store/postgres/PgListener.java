package io.throng.chat.store.postgres;

import io.throng.chat.store.MessageLog.Watcher;
import io.throng.chat.store.RoomRecords.Change;
import io.throng.chat.store.StoredMessage;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The one LISTEN connection of a {@link PgMessageLog}: a thread that waits for {@link HeadNotice}s,
 * {@link RecordNotice}s and {@link PresenceNotice}s and tells their watchers. When the connection is
 * lost (the database restarted, a network cut) the thread connects again, backing off up to a second;
 * notices sent meanwhile are gone (presence needs nothing more: the next heartbeat repeats every list),
 * so once listening again it tells the records' watchers
 * {@link Change.Everything} (they reload every room's records) and reads every room's head from
 * {@code room_heads} and calls {@code moved} for each: a watcher then catches up by reading after what
 * it has, and a missed notice has only delayed it. That also happens at the first connection, so a
 * watcher added before it misses nothing. Cheap enough: one row per room, read once per reconnection.
 */
final class PgListener implements AutoCloseable {
    private static final int POLL_MS = 500;
    private static final long MAX_BACKOFF_MS = 1_000;
    /**
     * After this long without a notice the connection is asked a {@code SELECT 1}: a connection cut
     * without a reset (a dead network path) would otherwise look like a quiet one for hours. The
     * dedicated connection's socket timeout bounds that query.
     */
    private static final long PROBE_AFTER_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final PgDatabase db;
    /** The id this node's commits put in their notices: the messages of those are not decoded. */
    private final String self;
    private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
    private final List<Consumer<RecordNotice>> recordWatchers = new CopyOnWriteArrayList<>();
    private final List<Consumer<PresenceNotice>> presenceWatchers = new CopyOnWriteArrayList<>();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;

    PgListener(PgDatabase db, String self) {
        this.db = db;
        this.self = self;
        this.thread = Thread.ofPlatform().name("chat-pg-listen").daemon().start(this::run);
    }

    void add(Watcher w) {
        watchers.add(w);
    }

    void addRecords(Consumer<RecordNotice> w) {
        recordWatchers.add(w);
    }

    void addPresence(Consumer<PresenceNotice> w) {
        presenceWatchers.add(w);
    }

    private void run() {
        long backoff = 50;
        try {
            while (stop.getCount() > 0) {
                try (Connection c = db.dedicated()) {
                    try (Statement s = c.createStatement()) {
                        s.execute("LISTEN " + HeadNotice.CHANNEL);
                        s.execute("LISTEN " + RecordNotice.CHANNEL);
                        s.execute("LISTEN " + PresenceNotice.CHANNEL);
                    }
                    backoff = 50;
                    tellEach(recordWatchers, new RecordNotice("", new Change.Everything()));
                    everyRoomMayHaveMoved(c);
                    PGConnection pg = c.unwrap(PGConnection.class);
                    long heard = System.nanoTime();
                    while (stop.getCount() > 0) {
                        PGNotification[] got = pg.getNotifications(POLL_MS);
                        if (got == null || got.length == 0) {
                            if (System.nanoTime() - heard > PROBE_AFTER_NANOS) {
                                try (Statement s = c.createStatement()) {
                                    s.execute("SELECT 1");
                                }
                                heard = System.nanoTime();
                            }
                        } else {
                            heard = System.nanoTime();
                            for (PGNotification n : got) {
                                if (n.getName().equals(RecordNotice.CHANNEL)) {
                                    RecordNotice r = RecordNotice.parse(n.getParameter());
                                    if (r != null) {
                                        tellEach(recordWatchers, r);
                                    }
                                    continue;
                                }
                                if (n.getName().equals(PresenceNotice.CHANNEL)) {
                                    PresenceNotice p = PresenceNotice.parse(n.getParameter());
                                    if (p != null) {
                                        tellEach(presenceWatchers, p);
                                    }
                                    continue;
                                }
                                HeadNotice h = HeadNotice.parse(n.getParameter(), self);
                                if (h != null) {
                                    tell(h.room(), h.head(), h.messages());
                                }
                            }
                        }
                    }
                } catch (SQLException lost) {
                    // connect again after a pause; what was missed is read back on reconnection
                }
                if (stop.await(backoff, TimeUnit.MILLISECONDS)) {
                    return;
                }
                backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void everyRoomMayHaveMoved(Connection c) throws SQLException {
        if (watchers.isEmpty()) {
            return;
        }
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT room, head FROM room_heads")) {
            while (r.next()) {
                tell(r.getString(1), r.getLong(2), List.of());
            }
        }
    }

    private void tell(String room, long head, List<StoredMessage> carried) {
        for (Watcher w : watchers) {
            try {
                w.moved(room, head, carried);
            } catch (RuntimeException e) {
                // one watcher's bug must not stop the others hearing of moves
            }
        }
    }

    /** Tells every watcher {@code n}; one watcher's bug must not deafen the others. */
    private static <T> void tellEach(List<Consumer<T>> ws, T n) {
        for (Consumer<T> w : ws) {
            try {
                w.accept(n);
            } catch (RuntimeException e) {
                // the next watcher still hears it
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop.countDown();
        thread.join();
    }
}
