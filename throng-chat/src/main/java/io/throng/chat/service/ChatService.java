package io.throng.chat.service;

import io.throng.channels.Channel;
import io.throng.channels.ChannelClosedException;
import io.throng.channels.Select;
import io.throng.channels.Timers;
import io.throng.chat.protocol.Codec;
import io.throng.chat.protocol.ErrorCode;
import io.throng.chat.protocol.Names;
import io.throng.chat.protocol.ServerMessage;
import io.throng.chat.store.MessageLog;
import io.throng.chat.store.StoredMessage;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The chat service without a transport: sessions, rooms and their orderers, presence and limits.
 * A transport calls {@link #connect()} per client connection, feeds it the client's frames with
 * {@link Connection#receive}, writes what comes out of {@link Connection#outbox()}, and calls
 * {@link Connection#close()} when the connection ends. {@link #startSweeper} (or a test, by hand) calls
 * {@link #sweep()}: presence grace and session expiry are decided on the injected clock only.
 */
public final class ChatService implements ChatBackend, AutoCloseable {
    private final MessageLog store;
    private final ChatConfig config;
    private final InstantSource clock;
    private final Codec codec;
    private final ChatStats stats = new ChatStats();
    private final ServerMessage.Limits limits;
    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final RoomDirectory directory;
    private final RecordFollower records = new RecordFollower(this);
    private final PresenceRelay presence;
    private final Authenticator authenticator;
    private final boolean insecureNicknames;
    private volatile boolean closed;
    private volatile Channel<Boolean> sweeperStop;
    private volatile Thread sweeper;

    /** Version 1 only (claimed nicknames, no accounts): the service's own tests and benchmarks. */
    public ChatService(MessageLog store, ChatConfig config, InstantSource clock) {
        this(store, config, clock, Authenticator.NONE, true);
    }

    /**
     * @param authenticator     who is behind a version-2 login token
     * @param insecureNicknames whether version 1 (anyone may claim any nickname) is served at all
     */
    public ChatService(MessageLog store, ChatConfig config, InstantSource clock, Authenticator authenticator,
                       boolean insecureNicknames) {
        this.authenticator = Objects.requireNonNull(authenticator);
        this.insecureNicknames = insecureNicknames;
        this.store = Objects.requireNonNull(store);
        this.config = Objects.requireNonNull(config);
        this.clock = Objects.requireNonNull(clock);
        this.codec = new Codec(config.maxText(), config.maxFrame(), config.maxHistory());
        this.limits = new ServerMessage.Limits(config.maxText(), config.perSecond(), config.burst(),
                config.maxRooms(), config.maxHistory());
        // Other nodes' record changes are queued from before the load, so none falls between the two.
        store.rooms().watch(records::heard);
        try {
            this.directory = new RoomDirectory(store.rooms(), clock);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot read the rooms' records from " + store.describe(), e);
        }
        records.start();
        presence = new PresenceRelay(store.presence(), this, clock, config.presenceGrace());
        store.watch(new MessageLog.Watcher() { // last: the log may call it at once, from its own thread
            @Override
            public void moved(String room, long head) {
                ChatService.this.moved(room, head, List.of());
            }

            @Override
            public void moved(String room, long head, List<StoredMessage> carried) {
                ChatService.this.moved(room, head, carried);
            }
        });
    }

    /**
     * The log committed {@code room} up to {@code head} (another node's commit, or ours), and the notice
     * may carry that commit's messages. Only a room live here cares: one that starts later reads its
     * head from the log.
     */
    private void moved(String room, long head, List<StoredMessage> carried) {
        Room r = rooms.get(room);
        if (r != null) {
            r.moved(head, carried);
        }
    }

    @Override
    public Connection connect(String credential) {
        Outbox outbox = new Outbox(config.outboxCapacity(), config.outboxChars(), stats);
        Connection c = new LocalConnection(this, outbox, credential);
        if (closed) {
            outbox.close(ErrorCode.SHUTTING_DOWN);
        }
        return c;
    }

    public ChatStats stats() {
        return stats;
    }

    public ChatConfig config() {
        return config;
    }

    /** Sessions known now (attached or resumable). */
    public int sessionCount() {
        return sessions.size();
    }

    @Override
    public void appendMetrics(StringBuilder b) {
        metric(b, "gauge", "throng_chat_sessions", "Sessions attached or resumable.", sessionCount());
        metric(b, "gauge", "throng_chat_rooms", "Rooms with an orderer, inboxes included.", roomCount());
        metric(b, "counter", "throng_chat_frames_out_total", "Frames queued to connections.", stats.framesOut());
        metric(b, "counter", "throng_chat_messages_total", "Messages stored and acknowledged.", stats.stored());
        metric(b, "counter", "throng_chat_duplicates_total", "Retried sends answered with the original ack.",
                stats.duplicates());
        metric(b, "counter", "throng_chat_rejected_total", "Client frames answered with an error.", stats.rejected());
        metric(b, "counter", "throng_chat_slow_consumers_total", "Connections closed as slow consumers.",
                stats.slowConsumers());
        metric(b, "counter", "throng_chat_presence_dropped_total", "Presence frames dropped from full outboxes.",
                stats.ephemeralDropped());
        metric(b, "counter", "throng_chat_replayed_total", "Messages replayed on resume or join-after.", stats.replayed());
        metric(b, "counter", "throng_chat_gaps_total", "Gap signals sent.", stats.gaps());
        metric(b, "counter", "throng_chat_caught_up_total",
                "Other writers' messages fanned out here, read from the log or carried by its notices.", stats.caughtUp());
        metric(b, "counter", "throng_chat_store_reads_total",
                "Reads of a room's log after a sequence: catch-ups, replays and history (0 if the store does not count).",
                store.reads());
        store.commitLatency().appendTo(b, "throng_chat_store_commit_seconds",
                "Store transactions (one fsync each) and their time.");
    }

    /** One Prometheus sample with its HELP and TYPE lines. */
    public static void metric(StringBuilder b, String type, String name, String help, long value) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        b.append(name).append(' ').append(value).append('\n');
    }

    /** Rooms with an orderer now. */
    public int roomCount() {
        return rooms.size();
    }

    /**
     * Public rooms with an orderer now (used since the start of this process), sorted; no private room.
     * Every room got in through {@link #sendTo}'s {@code Names.isRoom}, so its first character tells an
     * inbox ({@code Names.isInboxRoom}): the room service lists the rooms every second for its workers, and
     * matching each inbox's nickname again (one per user) was 12% of its samples at 30,000 users
     * (2026-12-07 13:54 UTC).
     */
    @Override
    public List<String> publicRooms() {
        return rooms.keySet().stream().filter(r -> !Names.isInboxRoom(r) && !directory.isPrivate(r)).sorted().toList();
    }

    /**
     * Applies the clock: sessions detached longer than the presence grace are reported absent to their
     * rooms (others see "left"), sessions detached longer than the session TTL are forgotten.
     */
    public void sweep() throws InterruptedException {
        var now = clock.instant();
        boolean beat = presence.sweep(now);
        if (presence.shared()) {
            for (Room r : rooms.values()) {
                if (!r.isInbox() && (beat || r.hearsOthers())) {
                    ifLive(r.name, new Room.PresenceTick(beat));
                }
            }
        }
        java.util.Set<String> expiredNicks = new java.util.HashSet<>();
        for (Session s : sessions.values()) {
            switch (s.sweep(now, config.presenceGrace(), config.sessionTtl())) {
                case NOTHING -> { }
                case ABSENT -> {
                    for (String r : s.rooms()) {
                        sendTo(r, new Room.Absent(s));
                    }
                }
                case EXPIRE -> {
                    sessions.remove(s.token, s);
                    for (String r : s.rooms()) {
                        sendTo(r, new Room.Remove(s));
                    }
                    expiredNicks.add(s.nick);
                }
            }
        }
        // A nick's rate bucket goes with its last session; one pass over the survivors, not one per expiry.
        if (!expiredNicks.isEmpty()) {
            for (Session o : sessions.values()) {
                expiredNicks.remove(o.nick);
            }
            expiredNicks.forEach(buckets::remove);
        }
    }

    /**
     * How often to {@link #sweep()}: a second is plenty for the grace alone, but with other nodes
     * sharing the store the sweep also beats presence's heartbeat, so at least twice per heartbeat.
     */
    public Duration sweepPeriod() {
        Duration half = presence.beat().dividedBy(2);
        return presence.shared() && half.compareTo(Duration.ofSeconds(1)) < 0 ? half : Duration.ofSeconds(1);
    }

    /**
     * Starts a virtual thread that calls {@link #sweep()} every {@code period} (see {@link #sweepPeriod()})
     * until {@link #close()}.
     */
    public synchronized void startSweeper(Duration period) {
        if (sweeper != null) {
            throw new IllegalStateException("the sweeper is running");
        }
        Timers.Ticker ticker = Timers.ticker(period);
        Channel<Boolean> stop = Channel.buffered(1);
        sweeperStop = stop;
        sweeper = Thread.ofVirtual().name("chat-sweeper").start(() -> {
            try (ticker) {
                while (Select.select(ticker.channel().onReceive(tick -> true), stop.onReceiveOrClosed(r -> false))) {
                    sweep();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Waits until every room has handled every command sent before this call (tests, shutdown). */
    public void sync() throws InterruptedException {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (Room r : rooms.values()) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            try {
                if (r.send(new Room.Barrier(done))) {
                    all.add(done);
                }
            } catch (ChannelClosedException ignored) {
                // closing: nothing more will happen in it
            }
        }
        for (CompletableFuture<Void> f : all) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * Stops the rooms after they committed and fanned out what they had queued, then closes every
     * attached connection with {@code shutting_down}. Does not close the store.
     */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        records.close();
        presence.close();
        synchronized (this) {
            if (sweeper != null) { // once: a second close (a test's, then its fixture's) finds none
                sweeperStop.close();
                sweeper.join();
                sweeper = null;
            }
        }
        for (Room r : rooms.values()) {
            r.close();
        }
        for (Session s : sessions.values()) {
            Outbox o = s.outbox();
            if (o != null) {
                o.close(ErrorCode.SHUTTING_DOWN);
            }
        }
    }

    // ------------------------------------------------------------------ for Connection

    Codec codec() {
        return codec;
    }

    ServerMessage.Limits limits() {
        return limits;
    }

    InstantSource clock() {
        return clock;
    }

    MessageLog store() {
        return store;
    }

    Authenticator authenticator() {
        return authenticator;
    }

    boolean insecureNicknames() {
        return insecureNicknames;
    }

    /**
     * Ends the chat sessions opened with these logins (account session ids) at once: each attached
     * connection gets {@code revoked} and closes, and none of them can be resumed. Unknown ids are
     * ignored, so the same revocation may arrive twice (in-process, then from the store's log).
     */
    public void revoke(java.util.Collection<String> logins) throws InterruptedException {
        java.util.Set<String> ids = java.util.Set.copyOf(logins);
        for (Session s : sessions.values()) {
            if (s.login != null && ids.contains(s.login) && sessions.remove(s.token, s)) {
                Outbox o = s.revoke();
                if (o != null) {
                    o.close(ErrorCode.REVOKED);
                }
                if (!closed) {
                    for (String r : s.rooms()) {
                        sendTo(r, new Room.Remove(s));
                    }
                }
            }
        }
    }

    Session newSession(String nick, String login) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        Session s = new Session(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), nick, login,
                clock.instant());
        sessions.put(s.token, s);
        return s;
    }

    RoomDirectory directory() {
        return directory;
    }

    /** Whether {@code room} has an orderer now: a public room used since this process started, an inbox not retired. */
    boolean inUse(String room) {
        return rooms.containsKey(room);
    }

    /** Every session of {@code user}, attached or resumable. */
    List<Session> sessionsOf(String user) {
        return sessions.values().stream().filter(s -> s.nick.equals(user)).toList();
    }

    /**
     * Takes {@code room} away from every session of {@code user}, so that no resume re-joins it, then
     * has the room drop them and tell them with {@code notice}.
     */
    void expel(String room, String user, ServerMessage notice) throws InterruptedException {
        for (Session s : sessionsOf(user)) {
            s.removeRoom(room);
        }
        ifLive(room, new Room.Expel(user, io.throng.chat.protocol.Frame.of(notice)));
    }

    /**
     * Tells the other nodes sharing the store about a change of {@code room}'s records made here (after
     * it was stored and applied here).
     */
    void announce(io.throng.chat.store.RoomRecords.Change change) throws java.sql.SQLException {
        store.rooms().announce(change);
    }

    /** Notes that this node sent {@code room}'s tombstone of {@code seq}; false if it had already. */
    boolean toldTombstone(String room, long seq) {
        return records.told(room, seq);
    }

    /** Has {@code room} (if live here) expel the members its reloaded records no longer admit. */
    void recheck(String room) throws InterruptedException {
        ifLive(room, new Room.Recheck());
    }

    void recheckAll() throws InterruptedException {
        for (String room : rooms.keySet()) {
            recheck(room);
        }
    }

    /**
     * Sends {@code c} to {@code room} only if it has an orderer here: a room nobody here uses has no
     * member to tell, and starting one would cost a thread for nothing.
     */
    void ifLive(String room, Room.Command c) throws InterruptedException {
        Room r = rooms.get(room);
        if (r != null && !closed) {
            try {
                r.send(c); // false: it retired meanwhile, and nobody here was left to tell
            } catch (ChannelClosedException e) {
                // closing: nobody is left to tell
            }
        }
    }

    /** The room's orderer here, or null if it has none (for tests). */
    Room live(String room) {
        return rooms.get(room);
    }

    Session findSession(String token) {
        return sessions.get(token);
    }

    boolean allowSend(String nick) {
        return buckets.computeIfAbsent(nick, n -> new TokenBucket(config.perSecond(), config.burst(), clock))
                .tryTake();
    }

    /** Sends a command to a room, starting its orderer on first use. */
    void sendTo(String room, Room.Command c) throws InterruptedException {
        if (!Names.isRoom(room)) {
            throw new IllegalArgumentException("not a room name: " + room);
        }
        if (closed) {
            throw new ChannelClosedException("the chat service is closed");
        }
        while (true) {
            Room r = rooms.computeIfAbsent(room, n -> new Room(n, store, config, clock, stats, directory, presence,
                    retired -> rooms.remove(retired.name, retired)));
            if (r.send(c)) {
                return;
            }
            rooms.remove(room, r); // retired: its orderer is taking it out of the map; do it now
        }
    }
}
