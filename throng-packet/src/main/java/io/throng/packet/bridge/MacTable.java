package io.throng.packet.bridge;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where each station was last seen: source MAC → port, bounded and aging. Entries are kept in the
 * order they were last refreshed (a refresh moves an entry to the end), so the oldest is always first:
 * aging removes from the front until an entry is young enough, and when the table is full the front
 * entry — the station heard from least recently — is evicted. A flood of forged sources therefore
 * pushes out other forged sources before any station that keeps talking. Not thread-safe: the
 * {@link Forwarder} holds its lock around every call.
 */
final class MacTable {
    private record Entry(int port, long seenNanos) {}

    private final Map<Long, Entry> entries = new LinkedHashMap<>();
    private final int capacity;
    private final long agingNanos;
    private long learned, moved, aged, evicted;

    MacTable(int capacity, long agingNanos) {
        if (capacity < 1 || agingNanos <= 0) {
            throw new IllegalArgumentException("a MAC table needs room for one entry and a positive aging time");
        }
        this.capacity = capacity;
        this.agingNanos = agingNanos;
    }

    /** {@code mac} was heard on {@code port} at {@code now}: (re)learn it there at once, even if it was elsewhere. */
    void learn(long mac, int port, long now) {
        expire(now);
        Entry old = entries.remove(mac);
        if (old == null) {
            learned++;
        } else if (old.port != port) {
            moved++;
        }
        entries.put(mac, new Entry(port, now));
        if (entries.size() > capacity) {
            Iterator<Entry> oldest = entries.values().iterator();
            oldest.next();
            oldest.remove();
            evicted++;
        }
    }

    /** The port {@code mac} was last heard on, or -1 when unknown or aged. */
    int portOf(long mac, long now) {
        Entry e = entries.get(mac);
        return e == null || now - e.seenNanos >= agingNanos ? -1 : e.port;
    }

    /** Removes the entries not heard from for the aging time. */
    void expire(long now) {
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            if (now - it.next().seenNanos < agingNanos) {
                return; // the rest were refreshed later
            }
            it.remove();
            aged++;
        }
    }

    /** Every entry's MAC and port, oldest first. */
    Map<Long, Integer> snapshot() {
        Map<Long, Integer> out = new LinkedHashMap<>();
        entries.forEach((mac, e) -> out.put(mac, e.port));
        return out;
    }

    int size() {
        return entries.size();
    }

    int capacity() {
        return capacity;
    }

    long learned() {
        return learned;
    }

    long moved() {
        return moved;
    }

    long aged() {
        return aged;
    }

    long evicted() {
        return evicted;
    }
}
