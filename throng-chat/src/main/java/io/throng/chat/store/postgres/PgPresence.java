package io.throng.chat.store.postgres;

import io.throng.chat.store.PresenceBus;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * {@link PresenceBus} over {@code NOTIFY throng_chat_presence} ({@link PresenceNotice}): a batch of
 * lists is one statement, {@code SELECT pg_notify(...) FROM unnest(...)}, so one transaction and one
 * round trip however many rooms and parts. The log's LISTEN connection ({@link PgListener}) hears the
 * parts; a list is passed on only once all its parts (same node, room and number) arrived. A list that
 * lost a part (the LISTEN connection dropped between two) is never completed: the node's next list for
 * that room, a heartbeat at the latest, replaces it.
 */
final class PgPresence implements PresenceBus {
    /** Half-heard lists kept at most (a dead node's last one is never completed): oldest dropped first. */
    private static final int MAX_PENDING = 4_096;

    private final DataSource pool;
    private final String id;
    private final AtomicLong number = new AtomicLong();
    private final List<Consumer<Heard>> watchers = new CopyOnWriteArrayList<>();
    /** Listening thread only: per node and room, the parts heard so far of its newest list. */
    private final Map<String, Pending> pending = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Pending> eldest) {
            return size() > MAX_PENDING;
        }
    };

    private static final class Pending {
        final long number;
        final List<String>[] parts;

        @SuppressWarnings("unchecked")
        Pending(long number, int parts) {
            this.number = number;
            this.parts = new List[parts];
        }
    }

    PgPresence(DataSource pool, PgListener listener, String id) {
        this.pool = pool;
        this.id = id;
        listener.addPresence(this::heard);
    }

    @Override
    public void announce(Map<String, List<String>> lists) throws SQLException {
        if (lists.isEmpty()) {
            return;
        }
        List<String> payloads = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : lists.entrySet()) {
            payloads.addAll(PresenceNotice.payloads(id, number.incrementAndGet(), e.getKey(), e.getValue()));
        }
        try (Connection c = pool.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT pg_notify(?, n) FROM unnest(?) AS n")) {
            Array a = c.createArrayOf("text", payloads.toArray());
            p.setString(1, PresenceNotice.CHANNEL);
            p.setArray(2, a);
            p.execute();
            a.free();
        }
    }

    @Override
    public void watch(Consumer<Heard> watcher) {
        watchers.add(watcher);
    }

    @Override
    public boolean shared() {
        return true;
    }

    /** On the listening thread: one part, maybe completing a list. */
    private void heard(PresenceNotice n) {
        if (n.origin().equals(id)) {
            return;
        }
        List<String> whole = n.users();
        if (n.parts() > 1) {
            String key = n.origin() + " " + n.room();
            Pending p = pending.get(key);
            if (p == null || p.number != n.number() || p.parts.length != n.parts()) {
                p = new Pending(n.number(), n.parts());
                pending.put(key, p);
            }
            p.parts[n.part() - 1] = n.users();
            whole = new ArrayList<>();
            for (List<String> part : p.parts) {
                if (part == null) {
                    return; // more to come
                }
                whole.addAll(part);
            }
            pending.remove(key);
        }
        Heard h = new Heard(n.origin(), n.room(), List.copyOf(whole));
        for (Consumer<Heard> w : watchers) {
            try {
                w.accept(h);
            } catch (RuntimeException e) {
                // one watcher's bug must not deafen the others
            }
        }
    }
}
