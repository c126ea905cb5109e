package io.throng.chat.service;

import io.throng.chat.store.PresenceBus;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;

/**
 * This node's side of presence across nodes, between its rooms and the store's {@link PresenceBus}.
 * Outgoing: a room hands over its list of users present here ({@link #tell}) on a local 0↔1 change and
 * on every heartbeat; one thread sends what is waiting, the newest list per room, in one batch, so a
 * room never waits for the database. Incoming: each list heard from another node is stamped with its
 * expiry (its {@link #life()} from now, on the service's clock), remembered per room and node, and
 * passed to the room if it is live here; a room started later begins with the remembered lists, so a
 * member joining it gets the whole online list at once. With a bus that is not shared (SQLite,
 * {@code --workers}) nothing of this runs.
 */
final class PresenceRelay implements AutoCloseable {
    /** A heard list never lives shorter than this, so a zero presence grace does not make lists flap. */
    private static final Duration MIN_LIFE = Duration.ofSeconds(1);

    private final PresenceBus bus;
    private final ChatService service;
    private final InstantSource clock;
    private final Duration life;
    private final Duration beat;
    private final ConcurrentHashMap<String, List<String>> toTell = new ConcurrentHashMap<>();
    private final Semaphore wake = new Semaphore(0);
    private final LinkedBlockingQueue<PresenceBus.Heard> heard = new LinkedBlockingQueue<>();
    /** Room, then node: the last list heard from it, kept until it expires. Maps are replaced, never changed. */
    private final ConcurrentHashMap<String, Map<String, Room.Heard>> known = new ConcurrentHashMap<>();
    private final Thread teller;
    private final Thread hearer;
    /** Sweeper thread only. */
    private Instant nextBeat;

    PresenceRelay(PresenceBus bus, ChatService service, InstantSource clock, Duration grace) {
        this.bus = bus;
        this.service = service;
        this.clock = clock;
        this.life = grace.compareTo(MIN_LIFE) < 0 ? MIN_LIFE : grace;
        this.beat = life.dividedBy(3);
        if (bus.shared()) {
            bus.watch(heard::add);
            teller = Thread.ofVirtual().name("chat-presence-tell").start(this::tellLoop);
            hearer = Thread.ofVirtual().name("chat-presence-hear").start(this::hearLoop);
        } else {
            teller = null;
            hearer = null;
        }
    }

    /** How long a heard list holds without being repeated: the presence grace (at least a second). */
    Duration life() {
        return life;
    }

    /** How often this node repeats its lists: a third of {@link #life()}, so one lost heartbeat is harmless. */
    Duration beat() {
        return beat;
    }

    /** Whether lists travel at all. */
    boolean shared() {
        return teller != null;
    }

    /** Called by a room (never blocks): {@code users} are now exactly those present here in {@code room}. */
    void tell(String room, List<String> users) {
        if (teller != null) {
            toTell.put(room, users);
            wake.release();
        }
    }

    /** The lists heard for {@code room} and not yet expired, for a room starting here. */
    Collection<Room.Heard> known(String room) {
        Map<String, Room.Heard> m = known.get(room);
        return m == null ? List.of() : List.copyOf(m.values());
    }

    /**
     * On the sweeper: whether the heartbeat is due at {@code now} (then the live rooms re-tell their
     * lists), and forgets the expired lists of rooms not live here.
     */
    boolean sweep(Instant now) {
        if (teller == null) {
            return false;
        }
        for (String room : known.keySet()) {
            known.computeIfPresent(room, (r, m) -> {
                Map<String, Room.Heard> live = new HashMap<>(m);
                live.values().removeIf(h -> !h.expires().isAfter(now));
                return live.isEmpty() ? null : Map.copyOf(live);
            });
        }
        if (nextBeat != null && now.isBefore(nextBeat)) {
            return false;
        }
        // Keep the rhythm; after a stall (or the first time) start again from now.
        nextBeat = nextBeat == null || now.isAfter(nextBeat.plus(beat)) ? now.plus(beat) : nextBeat.plus(beat);
        return true;
    }

    private void tellLoop() {
        try {
            while (true) {
                wake.acquire();
                wake.drainPermits();
                Map<String, List<String>> batch = new LinkedHashMap<>();
                for (String room : toTell.keySet()) {
                    List<String> users = toTell.remove(room);
                    if (users != null) {
                        batch.put(room, users);
                    }
                }
                try {
                    bus.announce(batch);
                } catch (SQLException | RuntimeException e) {
                    // the database is away: the next heartbeat tells again, and the others' copies
                    // of our lists expire meanwhile (our users "leave" there, as a dead node's do)
                }
            }
        } catch (InterruptedException e) {
            // closing
        }
    }

    private void hearLoop() {
        try {
            while (true) {
                PresenceBus.Heard h = heard.take();
                Room.Heard c = new Room.Heard(h.node(), h.users(), clock.instant().plus(life));
                known.compute(h.room(), (r, m) -> {
                    Map<String, Room.Heard> n = m == null ? new HashMap<>() : new HashMap<>(m);
                    if (h.users().isEmpty()) {
                        n.remove(h.node());
                    } else {
                        n.put(h.node(), c);
                    }
                    return n.isEmpty() ? null : Map.copyOf(n);
                });
                service.ifLive(h.room(), c);
            }
        } catch (InterruptedException | io.throng.channels.ChannelClosedException e) {
            // closing
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Thread t : new Thread[] {teller, hearer}) {
            if (t != null) {
                t.interrupt();
                t.join();
            }
        }
    }
}
