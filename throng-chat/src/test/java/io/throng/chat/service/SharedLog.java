package io.throng.chat.service;

import io.throng.chat.metrics.LatencyHistogram;
import io.throng.chat.store.ChatStore;
import io.throng.chat.store.MessageLog;
import io.throng.chat.store.PresenceBus;
import io.throng.chat.store.RoomRecords;
import io.throng.chat.store.StoredMessage;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One real {@link ChatStore} with several writers, as a shared database would be: each chat node gets
 * its own {@link Node} view. Like the PostgreSQL log, it assigns each room's sequences at commit time
 * under a lock (here one lock for all rooms, held for the transaction), answers a (room, sender, cid)
 * already stored with the original, and tells every node's watchers where each room moved, on the
 * committing thread, before the commit's future completes. A node can be made deaf (its notices
 * dropped), or to fail its appends or its catch-up reads.
 */
final class SharedLog {
    final ChatStore store;
    private final ReentrantLock lock = new ReentrantLock();
    /** Each room's head, under {@link #lock}; read from the store when unknown. */
    private final Map<String, Long> heads = new HashMap<>();
    private final List<Node> nodes = new CopyOnWriteArrayList<>();

    SharedLog(ChatStore store) {
        this.store = store;
    }

    /** Whether a notice carries the messages its commit stored in the room, as PostgreSQL's do. */
    volatile boolean carries;

    /** Whether the nodes also tell each other their presence lists (set before the services start). */
    boolean sharesPresence;
    /** Every room any node told a presence list of. */
    private final java.util.Set<String> presenceRooms = java.util.concurrent.ConcurrentHashMap.newKeySet();

    java.util.Set<String> presenceRooms() {
        return java.util.Set.copyOf(presenceRooms);
    }

    Node node() {
        Node n = new Node();
        nodes.add(n);
        return n;
    }

    private List<MessageLog.Appended> commit(Node from, List<StoredMessage> drafts) throws SQLException, InterruptedException {
        lock.lock();
        try {
            List<MessageLog.Appended> answers = new ArrayList<>(drafts.size());
            List<StoredMessage> fresh = new ArrayList<>();
            Map<List<String>, StoredMessage> inThisCommit = new HashMap<>();
            Map<String, Long> next = new LinkedHashMap<>();
            for (StoredMessage d : drafts) {
                List<String> key = List.of(d.room(), d.sender(), d.cid());
                StoredMessage prior = inThisCommit.get(key);
                if (prior == null) {
                    prior = store.find(d.room(), d.sender(), d.cid()).orElse(null);
                }
                if (prior != null) {
                    from.duplicates.incrementAndGet();
                    answers.add(new MessageLog.Appended(prior, true));
                    continue;
                }
                long seq = next.containsKey(d.room()) ? next.get(d.room()) + 1 : head(d.room()) + 1;
                next.put(d.room(), seq);
                StoredMessage m = seq == d.seq() ? d
                        : new StoredMessage(d.room(), seq, d.sender(), d.cid(), d.text(), d.time(), d.recipient(), d.deleted());
                if (m != d) {
                    from.corrected.incrementAndGet();
                }
                inThisCommit.put(key, m);
                fresh.add(m);
                answers.add(new MessageLog.Appended(m, false));
            }
            try {
                store.append(fresh).join();
            } catch (RuntimeException e) {
                heads.keySet().removeAll(next.keySet()); // re-read: nothing of this commit is stored
                throw new SQLException("commit failed", e);
            }
            heads.putAll(next);
            for (Map.Entry<String, Long> moved : next.entrySet()) {
                List<StoredMessage> carried = carries
                        ? fresh.stream().filter(m -> m.room().equals(moved.getKey())).toList() : List.of();
                for (Node n : nodes) {
                    n.notice(moved.getKey(), moved.getValue(), carried);
                }
            }
            return answers;
        } finally {
            lock.unlock();
        }
    }

    private long head(String room) throws SQLException, InterruptedException {
        Long h = heads.get(room);
        if (h == null) {
            h = store.head(room);
            heads.put(room, h);
        }
        return h;
    }

    interface Hook {
        void run() throws InterruptedException;
    }

    /** One chat node's connection to the shared log. */
    final class Node implements MessageLog {
        private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
        /** Drop every notice to this node. */
        volatile boolean deaf;
        /** Fail every append of this node, as a lost database connection would. */
        volatile boolean failAppends;
        /** Runs before this node's next appends reach the log (on the room's thread). */
        volatile Hook beforeAppend;
        /** Runs once a {@link #head} has been read, before it is returned (on the caller's thread, a room's). */
        volatile Hook afterHead;
        /** Fail every {@link #after} read of this node. */
        volatile boolean failReads;
        final AtomicLong dropped = new AtomicLong();
        final AtomicLong reads = new AtomicLong();
        /** Drafts of this node stored under another sequence than drafted. */
        final AtomicLong corrected = new AtomicLong();
        /** Drafts of this node answered with a message already stored. */
        final AtomicLong duplicates = new AtomicLong();

        private void notice(String room, long head, List<StoredMessage> carried) {
            if (deaf) {
                dropped.incrementAndGet();
                return;
            }
            for (Watcher w : watchers) {
                w.moved(room, head, carried);
            }
        }

        @Override
        public CompletableFuture<List<Appended>> append(List<StoredMessage> drafts) throws InterruptedException {
            Hook hook = beforeAppend;
            if (hook != null) {
                hook.run();
            }
            if (failAppends) {
                return CompletableFuture.failedFuture(new SQLException("injected: the database is gone"));
            }
            try {
                return CompletableFuture.completedFuture(commit(this, drafts));
            } catch (SQLException | InterruptedException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        @Override
        public void watch(Watcher watcher) {
            watchers.add(watcher);
        }

        @Override
        public long head(String room) throws SQLException, InterruptedException {
            long h = store.head(room);
            Hook hook = afterHead;
            if (hook != null) {
                hook.run();
            }
            return h;
        }

        @Override
        public Optional<StoredMessage> find(String room, String sender, String cid) throws SQLException, InterruptedException {
            return store.find(room, sender, cid);
        }

        @Override
        public List<StoredMessage> after(String room, long after, int limit) throws SQLException, InterruptedException {
            reads.incrementAndGet();
            if (failReads) {
                throw new SQLException("injected: the read failed");
            }
            return store.after(room, after, limit);
        }

        @Override
        public List<StoredMessage> before(String room, long before, int limit) throws SQLException, InterruptedException {
            return store.before(room, before, limit);
        }

        @Override
        public RoomRecords rooms() {
            return store.rooms();
        }

        @Override
        public PresenceBus presence() {
            return sharesPresence ? presence : PresenceBus.NONE;
        }

        /** Drop every presence list to this node (lost heartbeats), counting them. */
        volatile boolean presenceDeaf;
        final AtomicLong presenceDropped = new AtomicLong();
        private final List<Consumer<PresenceBus.Heard>> presenceWatchers = new CopyOnWriteArrayList<>();
        private final String id = "node-" + nodes.size();

        /** Like NOTIFY: every other node's watchers hear each list, in the order sent. */
        private final PresenceBus presence = new PresenceBus() {
            @Override
            public synchronized void announce(Map<String, List<String>> lists) {
                presenceRooms.addAll(lists.keySet());
                for (Node other : nodes) {
                    if (other == Node.this) {
                        continue;
                    }
                    lists.forEach((room, users) -> {
                        if (other.presenceDeaf) {
                            other.presenceDropped.incrementAndGet();
                            return;
                        }
                        for (Consumer<PresenceBus.Heard> w : other.presenceWatchers) {
                            w.accept(new PresenceBus.Heard(id, room, List.copyOf(users)));
                        }
                    });
                }
            }

            @Override
            public void watch(Consumer<PresenceBus.Heard> watcher) {
                presenceWatchers.add(watcher);
            }

            @Override
            public boolean shared() {
                return true;
            }
        };

        @Override
        public String describe() {
            return "shared " + store.describe();
        }

        @Override
        public long commits() {
            return store.commits();
        }

        @Override
        public long commitNanos() {
            return store.commitNanos();
        }

        @Override
        public LatencyHistogram commitLatency() {
            return store.commitLatency();
        }

        @Override
        public long committedMessages() {
            return store.committedMessages();
        }

        @Override
        public void close() {
            // the test closes the one store
        }
    }
}
