package io.throng.chat.service;

import io.throng.channels.Channel;
import io.throng.channels.Received;
import io.throng.chat.protocol.ErrorCode;
import io.throng.chat.protocol.Frame;
import io.throng.chat.protocol.ServerMessage;
import io.throng.chat.store.MessageLog;
import io.throng.chat.store.StoredMessage;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One room's orderer in this process: one virtual thread at a time alone owns the room's state here
 * (head guess, delivered sequence, members, presence, recent client ids) and consumes {@link Command}s
 * from a channel in arrival order. The log has the last word on the order (it may have other writers);
 * this thread makes what the local members see follow it, in order, once. See the package
 * documentation for the cycle (drain, draft, group-commit, ack, fan out, catch up) and its invariants.
 *
 * <p>The orderer exists only while the room has commands: whoever queues one and finds no orderer
 * running starts one ({@link #kick}), which ends when the channel is empty. Every user has an inbox
 * room that is idle nearly always, and a parked thread per inbox was a thread and its stack per user
 * (issue 18). One orderer at a time, in channel order: the work-in-progress count {@link #pending}
 * admits a second one only after the first decremented it to zero, and that decrement (and the
 * start of the next thread) publishes the room's state to the next orderer.
 */
final class Room {
    /**
     * Retries are looked up here before the store; sized for the retries of a busy minute. A committed
     * message is kept without its text ({@link #withoutText}): a retry is answered with the original's
     * sequence, and 4,096 texts of up to {@code maxText} (4,000 characters) were up to 32 MB per room.
     */
    private static final int RECENT_IDS = 4096;
    /** Most sends taken from the channel before committing, so the first one's ack is not delayed long. */
    private static final int MAX_SAYS_PER_BATCH = 1024;

    /** What a room is asked to do. */
    sealed interface Command {}

    /**
     * Store and fan out a message from {@code from} (a member, or anyone for an inbox room). A direct
     * message names its {@code recipient}, in both inboxes it goes to; only the recipient's copy is
     * acknowledged ({@code ack}), the sender's own copy is silent.
     */
    record Say(Session from, String cid, String text, String recipient, boolean ack) implements Command {
        Say(Session from, String cid, String text) {
            this(from, cid, text, null, true);
        }
    }

    /**
     * Add (or re-sync after a resume) a member: mark it present, send it the online list, then with
     * {@code after} replay what it missed or signal a gap. From then on it gets every new message.
     */
    record Join(Session session, OptionalLong after) implements Command {}

    record Leave(Session session) implements Command {}

    /** The member's session has been detached longer than the presence grace. */
    record Absent(Session session) implements Command {}

    /** The member's session expired. */
    record Remove(Session session) implements Command {}

    /**
     * A moderator removed {@code user} (kicked or banned): all its sessions that were members here
     * before {@code joinedBefore} (epoch ms; {@link Long#MAX_VALUE}: all) stop being members at once and
     * get {@code notice}; nothing of the room reaches them after it. A kick repaired late (its notice
     * was missed) spares the sessions that joined again after it.
     */
    record Expel(String user, Frame notice, long joinedBefore) implements Command {
        Expel(String user, Frame notice) {
            this(user, notice, Long.MAX_VALUE);
        }
    }

    /** Message {@code seq} was deleted (its tombstone is stored): tell the members to drop it. */
    record Deleted(Frame tombstone) implements Command {}

    /**
     * The room's records were reloaded (another node changed them): expel every member they no longer
     * admit, as a kick or ban here would have.
     */
    record Recheck() implements Command {}

    /**
     * Another node has exactly {@code users} present in this room, a list good until {@code expires}
     * ({@link PresenceRelay}).
     */
    record Heard(String node, List<String> users, java.time.Instant expires) implements Command {}

    /**
     * The sweeper's tick: drop the other nodes' lists that expired; with {@code beat}, tell the other
     * nodes this node's list again (the heartbeat).
     */
    record PresenceTick(boolean beat) implements Command {}

    /** Completes when every command sent before it has been handled (and its messages committed). */
    record Barrier(CompletableFuture<Void> done) implements Command {}

    /** The log moved (see {@link #moved}): catch up with what other writers committed. */
    private record Moved() implements Command {}

    private static final Moved MOVED = new Moved();

    private static final class Member {
        boolean present;
        /** The outbox this room last synced the member to; live messages go only there. */
        Outbox synced;
        /**
         * The client already has everything up to here (it saw it through another node, and the log
         * could not be read to catch up when it joined): live fan-out skips it, so nothing repeats.
         */
        long seen;
        /** When it first joined here (epoch ms, this node's clock): a late-repaired kick spares later joins. */
        final long joined;

        Member(long joined) {
            this.joined = joined;
        }
    }

    private record Key(String sender, String cid) {}

    /**
     * What {@link #recent} keeps of a committed message: everything a retry's answer uses (its sequence,
     * sender and cid), not its text. A draft stays whole until its batch commits, so a retry within the
     * same batch is that very draft (the batch's outcome, corrected or refused, is then its outcome too).
     */
    private static StoredMessage withoutText(StoredMessage m) {
        return new StoredMessage(m.room(), m.seq(), m.sender(), m.cid(), "", m.time(), m.recipient(), m.deleted());
    }

    /** Characters of message text the recent-ids cache holds (for tests: drafts only, between append and commit). */
    long recentTextChars() {
        long n = 0;
        for (StoredMessage m : recent.values()) {
            n += m.text().length();
        }
        return n;
    }

    private record Outcome(Session from, StoredMessage message, boolean duplicate, boolean ack) {}

    final String name;
    private final boolean inbox;
    private final MessageLog store;
    private final ChatConfig config;
    private final InstantSource clock;
    private final ChatStats stats;
    private final RoomDirectory directory;
    private final PresenceRelay relay;
    private final Channel<Command> commands = Channel.buffered(1024);
    /**
     * Commands queued and not yet looked at by an orderer, plus one while an orderer runs: 0 means
     * nobody runs and the next {@link #kick} starts an orderer. Incremented after a command is in the
     * channel, so an orderer that sees it finds the command (or the one that counts it down to zero
     * has taken it already).
     */
    private final AtomicInteger pending = new AtomicInteger();
    /**
     * Commands let into the channel so far ({@link #admit}), counted before each goes in; -1 once the room
     * retired, after which nothing more is let in. An orderer that has taken as many as were admitted
     * knows the channel is empty and no sender is on its way in (see {@link #retire}).
     */
    private final AtomicLong admitted = new AtomicLong();
    /** Takes a retired room out of the service's map (so the next command starts a new one). */
    private final java.util.function.Consumer<Room> onRetired;
    /** For tests: runs on an orderer that found the channel empty, before it decides whether to end. */
    volatile Runnable beforeEnding;
    /** Completed by the orderer that finds the channel closed and empty: {@link #close} waits for it. */
    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    /** The highest head the log's notices told of; written by the log's thread. */
    private final AtomicLong noticed = new AtomicLong();
    /** Whether a {@link Moved} is queued, so a burst of notices queues one. */
    private final AtomicBoolean movedQueued = new AtomicBoolean();
    /**
     * Commands put in the channel so far, counted after each is in: when the room reads {@code n}, the
     * first {@code n} commands of the channel were all queued by then (see {@link #storeFailed}).
     */
    private final AtomicLong queued = new AtomicLong();

    // Owned by the orderer thread only.
    /** The log's head as far as we know: drafts get {@code head + 1}, which the log may correct. */
    private long head;
    /** What the members here have been given of the log (at most its head), and their catch-up. */
    private final CatchUp delivery;
    private boolean started;
    private boolean loaded;
    private boolean broken;
    /** Commands taken from the channel so far: the one being handled is the {@code taken}-th queued. */
    private long taken;
    /**
     * The commands queued up to here were queued before the store last failed (an append, or a head
     * or replay read; not a catch-up read, the most frequent one with several nodes, which a busy pool
     * can time out while appends go through): their sends fail at once rather than each waiting for the database again. In
     * an outage every attempt waits for the pool's timeout (3 s on PostgreSQL), and a send that queued
     * behind a failed attempt has waited that long already; a cut-off node would otherwise answer one
     * send per timeout, slower than they come. A send queued after the failure gets an attempt of its own.
     */
    private long failedBefore;
    private final Map<Session, Member> members = new LinkedHashMap<>();
    private final RoomPresence presence = new RoomPresence();
    /** Whether other nodes' lists are held, which the sweeper must expire; written by the orderer. */
    private volatile boolean hearsOthers;
    private final LinkedHashMap<Key, StoredMessage> recent = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, StoredMessage> eldest) {
            return size() > RECENT_IDS;
        }
    };
    private final List<StoredMessage> batch = new ArrayList<>();
    private final List<Outcome> outcomes = new ArrayList<>();
    /**
     * The log's answers that differ from their drafts (empty with one writer): draft to answer. Sized
     * small: the default (a 64-slot table, 272 bytes) was paid by every user's inbox, which never has one.
     */
    private final Map<StoredMessage, MessageLog.Appended> corrected = new IdentityHashMap<>(2);
    /** The members' outboxes this cycle's fan-out has not woken yet: each is woken once, after the pass. */
    private final Wakeups pass;

    Room(String name, MessageLog store, ChatConfig config, InstantSource clock, ChatStats stats,
         RoomDirectory directory, PresenceRelay relay, java.util.function.Consumer<Room> onRetired) {
        this.name = name;
        this.onRetired = onRetired;
        this.inbox = name.startsWith("@");
        this.store = store;
        this.config = config;
        this.clock = clock;
        this.stats = stats;
        this.directory = directory;
        this.relay = relay;
        this.delivery = new CatchUp(name, store, config.replayWindow(), new Listeners());
        this.pass = new Wakeups(config.outboxCapacity());
    }

    /**
     * Queues a command; blocks while the room is this far behind (back-pressure on the senders). False
     * if the room has retired: nothing was queued, and the caller sends to the room's next incarnation.
     */
    boolean send(Command c) throws InterruptedException {
        if (!admit()) {
            return false;
        }
        boolean in = false;
        try {
            commands.send(c);
            in = true;
        } finally {
            if (!in) {
                admitted.decrementAndGet(); // never queued: not one for an orderer to take
            }
        }
        queued.incrementAndGet();
        kick();
        return true;
    }

    /** Counts one more command on its way into the channel, unless the room has retired. */
    private boolean admit() {
        long a;
        do {
            a = admitted.get();
            if (a < 0) {
                return false;
            }
        } while (!admitted.compareAndSet(a, a + 1));
        return true;
    }

    /**
     * A command is in the channel (or it was closed): start an orderer unless one is running, which
     * then looks at the channel again before it ends.
     */
    private void kick() {
        if (pending.getAndIncrement() == 0) {
            Thread.ofVirtual().name("room-" + name).start(this::run);
        }
    }

    /**
     * The log says every sequence up to {@code logHead} is committed (another writer's commit, or
     * ours), and {@code carried} are the last of those messages if the notice held them (else empty).
     * Called on the log's thread: never blocks. Notices are coalesced into one queued
     * {@link Moved}; if the channel is full, the room reads {@link #noticed} after the batch it is on.
     */
    void moved(long logHead, List<StoredMessage> carried) {
        delivery.offer(carried); // before the head: the orderer that sees the head finds them
        if (noticed.getAndAccumulate(logHead, Math::max) >= logHead) {
            return;
        }
        if (movedQueued.compareAndSet(false, true)) {
            if (!admit()) {
                return; // retired: the room's next incarnation reads its head from the log
            }
            try {
                if (commands.trySend(MOVED)) {
                    queued.incrementAndGet();
                    kick();
                } else {
                    admitted.decrementAndGet();
                    movedQueued.set(false);
                }
            } catch (io.throng.channels.ChannelClosedException closed) {
                // the room is closing: nobody left to tell
            }
        }
    }

    /** For tests: queues without blocking, as {@link #moved} does; false when the channel is full. */
    boolean tryQueue(Command c) {
        if (!admit()) {
            return false;
        }
        if (commands.trySend(c)) {
            queued.incrementAndGet();
            kick();
            return true;
        }
        admitted.decrementAndGet();
        return false;
    }

    /** Stops taking commands, handles the queued ones, and waits for the orderer to end. */
    void close() throws InterruptedException {
        if (!commands.isClosed()) {
            commands.close();
        }
        kick(); // an orderer then finds the channel closed (after what is queued) and ends the room
        try {
            ended.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Whether an orderer runs or is about to (for tests): false once the room is idle; true for good once it closed. */
    boolean ordering() {
        return pending.get() > 0;
    }

    /** Whether the sweeper has other nodes' lists to expire here. */
    boolean hearsOthers() {
        return hearsOthers;
    }

    boolean isInbox() {
        return inbox;
    }

    /**
     * One orderer's stint: cycles while there are commands, then ends, unless a command was queued
     * since it last looked ({@link #pending}). The orderer that finds the channel closed and drained
     * ends the room for good, leaving {@link #pending} above zero so that no orderer starts again.
     */
    private void run() {
        if (!started) {
            started = true;
            if (!inbox) {
                for (Heard h : relay.known(name)) { // what the other nodes said before this room started here
                    presence.heard(h.node(), h.users(), h.expires());
                }
                hearsOthers = presence.hearsOthers();
            }
            loadHead();
        }
        int seen = pending.get();
        try {
            while (true) {
                Received<Command> first = commands.tryReceive();
                if (first instanceof Received.Value<Command>(Command c)) {
                    cycle(c);
                } else if (first instanceof Received.Closed<Command>) {
                    break;
                } else {
                    Runnable hook = beforeEnding;
                    if (hook != null) {
                        hook.run();
                    }
                    retire();
                    if ((seen = pending.addAndGet(-seen)) == 0) {
                        return; // empty, and nothing queued since we looked: the next kick starts an orderer
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // nobody interrupts an orderer; if one is, the room ends, as it always did
        } catch (RuntimeException | Error e) {
            pending.set(0); // a bug in one command: the next command gets an orderer of its own, rather than nobody
            throw e;
        }
        // Closed and drained (or interrupted): the last flush, then no orderer ever again.
        try {
            flush();
            pass.release();
        } finally {
            ended.complete(null);
        }
    }

    /**
     * An inbox with no member here (its user's sessions all expired, or a DM to a user never seen here)
     * leaves the service's map, so a long-running server does not keep a room, with its recent-ids cache
     * of up to {@link #RECENT_IDS} messages, for every user that ever came or was written to. Only when
     * every command admitted has been taken and handled (so committed and fanned out): the channel is
     * empty and no sender is on its way in; the same compare-and-set shuts the door, so a sender that
     * comes later is refused ({@link #send} returns false) and starts the room's next incarnation, which
     * reads its head from the log like any room that starts. Nothing of the old one is needed: it has no
     * member to replay to or to remember, retries of its sends are answered by the store's unique index,
     * and an inbox hears no presence. Public rooms stay (the room list shows the rooms used since start).
     */
    private void retire() {
        if (inbox && members.isEmpty() && !broken && loaded && admitted.compareAndSet(taken, -1)) {
            onRetired.accept(this);
        }
    }

    /** Whether this room has retired (for tests). */
    boolean retired() {
        return admitted.get() < 0;
    }

    /** Handles {@code first} and every command already queued (up to a batch of sends), then commits. */
    private void cycle(Command first) throws InterruptedException {
        taken++;
        handle(first);
        int says = 0;
        while (says < MAX_SAYS_PER_BATCH
                && commands.tryReceive() instanceof Received.Value<Command>(Command next)) {
            taken++;
            handle(next);
            if (next instanceof Say) {
                says++;
            }
        }
        flush();
        followNotices();
        pass.release();
    }

    /**
     * Reads the head from the store; until that works, sends fail rather than risk reusing a sequence.
     * The first read also places the members' start: nothing before it is fanned out live.
     */
    private void loadHead() {
        try {
            head = store.head(name);
            if (!loaded) {
                delivery.startAt(head);
                loaded = true;
            }
            broken = false;
        } catch (Exception e) {
            broken = true;
            storeFailed();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void handle(Command c) throws InterruptedException {
        if (c instanceof Say s) {
            say(s);
            return;
        }
        flush(); // everything else is ordered after the sends before it are committed and fanned out
        if (!waitsForNothing(c)) {
            pass.release(); // now, not after a command that may wait (a join's replay reads the log)
        }
        switch (c) {
            case Join j -> join(j.session(), j.after());
            case Leave l -> leave(l.session(), true);
            case Remove r -> leave(r.session(), false);
            case Absent a -> absent(a.session());
            case Expel e -> expel(e.user(), e.notice(), e.joinedBefore());
            case Deleted d -> {
                // The deleted message first, if a notice carried it and it is not out yet (the MOVED for
                // it did not fit in a full channel): else its text would follow its own tombstone. A read
                // would give it deleted; a carried copy has the text as committed.
                followNotices();
                broadcast(d.tombstone());
            }
            case Recheck r -> recheck();
            case Heard h -> tellMembers(presence.heard(h.node(), h.users(), h.expires()));
            case PresenceTick t -> {
                tellMembers(presence.expire(clock.instant()));
                if (t.beat() && !inbox && !presence.here().isEmpty()) {
                    relay.tell(name, presence.here());
                }
            }
            case Barrier b -> b.done().complete(null);
            case Moved m -> {
                movedQueued.set(false); // before reading noticed: a notice after this queues another
                followNotices();
            }
            case Say s -> throw new AssertionError(s);
        }
    }

    /**
     * A join without {@code after}, a leave, a removal or an absence only queues presence frames: the
     * outboxes they queue into stay in the pass, so a join storm's {@code joined} frames (one per member
     * per join) reach each member in one wake-up per cycle, not one each. Anything else may read the log
     * or wait for a barrier's caller, so the pass is released before it.
     */
    private static boolean waitsForNothing(Command c) {
        return switch (c) {
            case Join j -> j.after().isEmpty();
            case Leave _, Remove _, Absent _ -> true;
            default -> false;
        };
    }

    // ------------------------------------------------------------------ sends

    private void say(Say s) throws InterruptedException {
        if (taken <= failedBefore) {
            s.from().deliver(error(ErrorCode.STORE_FAILED, "the room's log is unavailable; retry with the same cid", s));
            return;
        }
        if (broken) {
            loadHead();
        }
        if (broken) {
            s.from().deliver(error(ErrorCode.STORE_FAILED, "the room's log cannot be read; try later", s));
            return;
        }
        // Decided here, in the room's order: a mute or ban takes effect for every post after it.
        RoomDirectory.Refusal refused = inbox ? null : directory.maySay(name, s.from().nick);
        if (refused != null) {
            s.from().deliver(error(refused.code(), refused.text(), s));
            return;
        }
        Key key = new Key(s.from().nick, s.cid());
        StoredMessage prior = recent.get(key);
        // A log that answers duplicates in the append (PostgreSQL) is not asked first: that would be one
        // round trip per message on this thread, before the batch's own; its answer comes with the commit.
        if (prior == null && !store.answersDuplicates()) {
            try {
                prior = store.find(name, key.sender(), key.cid()).orElse(null);
            } catch (java.sql.SQLException e) {
                s.from().deliver(error(ErrorCode.STORE_FAILED, "duplicate check failed; retry", s));
                return;
            }
        }
        if (prior != null) {
            outcomes.add(new Outcome(s.from(), prior, true, s.ack()));
            return;
        }
        StoredMessage m = new StoredMessage(name, head + 1, key.sender(), key.cid(), s.text(), clock.millis(),
                s.recipient(), false);
        head = m.seq();
        recent.put(key, m);
        batch.add(m);
        outcomes.add(new Outcome(s.from(), m, false, s.ack()));
    }

    /**
     * Commits the batch, then acks and fans out in sequence order, each message as the log stored it;
     * on failure rolls the head back.
     */
    private void flush() {
        if (outcomes.isEmpty()) {
            return;
        }
        if (!batch.isEmpty()) {
            pass.release(); // presence held by the joins before these sends goes out before the commit's wait
        }
        List<MessageLog.Appended> answers = batch.isEmpty() ? List.of() : commit();
        if (answers == null) {
            refuse();
        } else {
            correct(answers);
            for (StoredMessage d : batch) { // committed as drafted: the cache keeps it without its text
                recent.replace(new Key(d.sender(), d.cid()), d, withoutText(d));
            }
            long committed = System.nanoTime();
            for (Outcome o : outcomes) {
                StoredMessage m = o.message();
                boolean duplicate = o.duplicate();
                MessageLog.Appended a = corrected.isEmpty() ? null : corrected.get(m);
                if (a != null) {
                    m = a.message();
                    duplicate |= a.duplicate();
                }
                if (o.ack()) {
                    o.from().deliver(Frame.of(new ServerMessage.Ack(name, m.cid(), m.seq())), pass);
                }
                if (duplicate) {
                    stats.duplicates.increment(); // whoever stored it fans it out, here by a catch-up
                } else {
                    stats.stored.increment();
                    delivery.deliver(m, committed);
                }
            }
        }
        batch.clear();
        outcomes.clear();
        if (!corrected.isEmpty()) {
            corrected.clear();
        }
    }

    /**
     * Notes where the log's answers differ from the drafts: another writer took the drafted sequence
     * (the log stored the draft later) or had stored the same (sender, cid) (the original stands).
     */
    private void correct(List<MessageLog.Appended> answers) {
        // The head is what the log answered, not the drafts: a draft answered as a duplicate spent no
        // sequence, so the last draft's may not exist (yet), and the catch-up must not wait for it.
        if (batch.isEmpty()) {
            return; // only retries answered from the recent ids: nothing was appended
        }
        long top = batch.getFirst().seq() - 1; // the head before this batch's drafts
        for (int i = 0; i < answers.size(); i++) {
            MessageLog.Appended a = answers.get(i);
            StoredMessage draft = batch.get(i);
            StoredMessage m = a.message();
            top = Math.max(top, m.seq());
            if (a.duplicate() || m.seq() != draft.seq()) {
                corrected.put(draft, a);
                recent.put(new Key(m.sender(), m.cid()), withoutText(m));
            }
        }
        head = top;
    }

    /** The batch failed: nothing of it is stored, so nothing is acknowledged or fanned out. */
    private void refuse() {
        Set<StoredMessage> lost = new HashSet<>(batch);
        for (Outcome o : outcomes) {
            StoredMessage m = o.message();
            if (!lost.contains(m)) { // a retry of a message committed before
                if (o.ack()) {
                    o.from().deliver(Frame.of(new ServerMessage.Ack(name, m.cid(), m.seq())));
                }
                stats.duplicates.increment();
                continue;
            }
            if (o.ack()) { // not a sender's silent copy: the recipient's side answers the sender
                o.from().deliver(Frame.of(new ServerMessage.Error(ErrorCode.STORE_FAILED,
                        "the message was not stored; retry with the same cid", "say", name, m.cid())));
            }
        }
    }

    /**
     * Appends the batch and waits for the log's answers; null if it failed. The wait is uninterruptible
     * on purpose: once queued, the batch may commit whatever we do, and guessing would desynchronise
     * the head from the log. On failure nothing of the batch is stored: forget its sequences and client
     * ids.
     */
    private List<MessageLog.Appended> commit() {
        try {
            return store.append(batch).join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // not queued: nothing was stored
        } catch (RuntimeException e) {
            // CompletionException: the transaction was rolled back; ChannelClosedException: store closed
        }
        for (StoredMessage m : batch) {
            recent.remove(new Key(m.sender(), m.cid()));
        }
        head = batch.getFirst().seq() - 1;
        // The log's word over ours, should anything else have written to it: read again once this
        // batch's senders have their answer and the sends queued meanwhile theirs (followNotices).
        broken = true;
        storeFailed();
        return null;
    }

    /** The store failed just now: the sends queued until now are answered without another attempt. */
    private void storeFailed() {
        failedBefore = queued.get();
    }

    // ------------------------------------------------------------------ other writers

    /**
     * After a cycle or a {@link Moved}: catch up with what is known committed, from the notices or
     * from our own commits (after a flush, {@code head} is committed: our own messages that a failed
     * read held back go out here, without waiting for anyone's notice).
     */
    private void followNotices() {
        if (taken < failedBefore) {
            return; // commands queued before a failure come next, answered at once: no read before them
        }
        if (!loaded) {
            loadHead(); // which starts the members at the log's head: nothing to catch up with
            return;
        }
        if (broken) {
            loadHead(); // after a failed append, or a failed read: what the log says is committed
            if (broken) {
                return;
            }
        }
        head = Math.max(head, noticed.get());
        if (head > delivery.delivered()) {
            delivery.upTo(head);
        }
    }

    /** The room's members here, as the catch-up sees them. */
    private final class Listeners implements CatchUp.Members {
        @Override
        public boolean listening() {
            for (Map.Entry<Session, Member> e : members.entrySet()) {
                Outbox o = e.getKey().outbox();
                if (o != null && o == e.getValue().synced) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void fanOut(StoredMessage m, long committedNanos, boolean read) {
            if (read) {
                recent.put(new Key(m.sender(), m.cid()), withoutText(m)); // a retry here of a send made through another node
                stats.caughtUp.increment();
            }
            Room.this.fanOut(m, committedNanos);
        }

        @Override
        public void gap(long after, long upto) {
            Frame f = Frame.of(new ServerMessage.Gap(name, after, upto, "window"));
            for (Map.Entry<Session, Member> e : members.entrySet()) {
                Outbox o = e.getKey().outbox();
                if (o != null && o == e.getValue().synced) {
                    stats.gaps.increment();
                    o.offer(f, pass);
                }
            }
        }
    }

    /** Reads the log's head and catches up to it; false if the log could not be read. */
    private boolean catchUpWithLog() {
        if (!loaded) {
            loadHead();
            return loaded;
        }
        try {
            long h = store.head(name);
            head = Math.max(head, h);
            return delivery.upTo(h);
        } catch (java.sql.SQLException e) {
            storeFailed();
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void fanOut(StoredMessage m, long committed) {
        long began = System.nanoTime();
        ServerMessage.Message plain = toMessage(m, null);
        Frame forOthers = null;
        Frame forSender = null;
        for (Map.Entry<Session, Member> e : members.entrySet()) {
            Outbox o = e.getKey().outbox();
            Member member = e.getValue();
            if (o == null || o != member.synced || m.seq() <= member.seen) {
                continue; // detached, or attached anew and not yet re-synced by its Join, or has it
            }
            if (e.getKey().nick.equals(m.sender())) {
                o.offer(forSender != null ? forSender : (forSender = Frame.of(plain.withCid(m.cid())).ordered(committed)), pass);
            } else {
                o.offer(forOthers != null ? forOthers : (forOthers = Frame.of(plain).ordered(committed)), pass);
            }
        }
        io.throng.chat.events.ChatEvents.fannedOut(name, members.size(), began);
        pass.counted();
    }

    private static ServerMessage.Message toMessage(StoredMessage m, String cid) {
        // A direct message stored before recipients were (version 1 stores) is to its inbox's owner.
        String to = m.recipient() != null ? m.recipient() : m.room().startsWith("@") ? m.room().substring(1) : null;
        return new ServerMessage.Message(m.room(), m.seq(), m.sender(), m.text(), m.time(), cid, to, m.deleted());
    }

    /** A stored message as {@code nick} sees it: the client message id only goes back to its sender. */
    static ServerMessage.Message forViewer(StoredMessage m, String nick) {
        return toMessage(m, m.sender().equals(nick) ? m.cid() : null);
    }

    private Frame error(ErrorCode code, String text, Say s) {
        return Frame.of(new ServerMessage.Error(code, text, inbox ? "dm" : "say", name, s.cid()));
    }

    // ------------------------------------------------------------------ membership and presence

    private void join(Session s, OptionalLong after) throws InterruptedException {
        // Checked again here, in the room's order: a join (or a resume's re-join) queued before a kick
        // or ban was decided but handled after it must not let the user back in.
        RoomDirectory.Refusal refused = directory.mayJoin(name, s.nick);
        if (refused != null) {
            s.removeRoom(name);
            leave(s, false);
            s.deliver(Frame.of(new ServerMessage.Error(refused.code(), refused.text(), "join", name, null)));
            return;
        }
        boolean caughtUp = true;
        if (after.isPresent() && after.getAsLong() > delivery.delivered()) {
            // The client saw more than this process has fanned out (via another node, or before a
            // notice reached us): catch up first, so its replay ends where live fan-out begins. If the
            // log cannot be read, the client stays ahead of us for a while (below).
            caughtUp = catchUpWithLog();
        }
        Member m = members.computeIfAbsent(s, k -> new Member(clock.millis()));
        Outbox o = s.outbox();
        m.synced = o;
        m.seen = 0;
        if (o == null) {
            return; // detached again already: not present; its next resume re-syncs it
        }
        if (!m.present) {
            m.present = true;
            RoomPresence.Step step = presence.arrive(s.nick);
            tellIfChanged(step);
            if (step.union()) {
                broadcast(ServerMessage.Presence.joined(name, s.nick), s);
            }
        }
        if (!inbox) {
            o.offer(Frame.of(ServerMessage.Presence.online(name, presence.online())), pass);
        }
        if (after.isPresent() && after.getAsLong() > delivery.delivered() && !caughtUp) {
            m.seen = after.getAsLong(); // no replay, no gap: live fan-out resumes after what it has
        } else if (after.isPresent()) {
            pass.release(); // the replay reads the log: the online list and presence do not wait for it
            replay(s, o, after.getAsLong());
        }
    }

    /**
     * Replays {@code (after, delivered]}: live fan-out to this member goes on from there. A client
     * beyond {@code delivered} (once caught up with the log) is ahead of the log.
     */
    private void replay(Session s, Outbox o, long after) throws InterruptedException {
        long delivered = delivery.delivered();
        if (after > delivered) {
            gap(o, after, "ahead");
            return;
        }
        long missed = delivered - after;
        if (missed == 0) {
            return;
        }
        if (missed > config.replayWindow()) {
            gap(o, after, "window");
            return;
        }
        List<StoredMessage> rows;
        try {
            rows = store.after(name, after, (int) missed);
        } catch (java.sql.SQLException e) {
            storeFailed();
            gap(o, after, "unavailable");
            return;
        }
        long expected = after + 1;
        for (StoredMessage m : rows) {
            if (m.seq() != expected) {
                break;
            }
            o.offer(Frame.of(forViewer(m, s.nick)));
            stats.replayed.increment();
            expected++;
        }
        if (expected <= delivered) {
            gap(o, expected - 1, "unavailable"); // never a silent hole, even if the log is damaged
        }
    }

    private void gap(Outbox o, long after, String reason) {
        stats.gaps.increment();
        o.offer(Frame.of(new ServerMessage.Gap(name, after, delivery.delivered(), reason)));
    }

    private void leave(Session s, boolean confirm) {
        Member m = members.remove(s);
        if (m == null) {
            return;
        }
        if (m.present) {
            markAbsent(s);
        }
        if (confirm && !inbox) {
            s.deliver(Frame.of(ServerMessage.Presence.left(name, s.nick)));
        }
    }

    private void expel(String user, Frame notice, long joinedBefore) {
        for (Map.Entry<Session, Member> e : List.copyOf(members.entrySet())) {
            Session s = e.getKey();
            if (s.nick.equals(user) && e.getValue().joined < joinedBefore) {
                s.removeRoom(name);
                leave(s, false);
                s.deliver(notice);
            }
        }
    }

    private void recheck() {
        if (inbox) {
            return;
        }
        for (Session s : List.copyOf(members.keySet())) {
            ServerMessage.Removed removed = directory.removal(name, s.nick);
            if (removed != null) {
                expel(s.nick, Frame.of(removed), Long.MAX_VALUE);
            }
        }
    }

    private void absent(Session s) {
        Member m = members.get(s);
        // Re-check: a resume may have attached the session after the sweeper decided.
        if (m != null && m.present && !s.isAttached()) {
            m.present = false;
            markAbsent(s);
        }
    }

    private void markAbsent(Session s) {
        RoomPresence.Step step = presence.depart(s.nick);
        tellIfChanged(step);
        if (step.union()) {
            broadcast(ServerMessage.Presence.left(name, s.nick), s);
        }
    }

    /** This node's own list changed: the other nodes hear it at once, not at the next heartbeat. */
    private void tellIfChanged(RoomPresence.Step step) {
        if (step.local() && !inbox) {
            relay.tell(name, presence.here());
        }
    }

    /** Tells the members who came online or went offline through other nodes' lists. */
    private void tellMembers(RoomPresence.Diff d) {
        hearsOthers = presence.hearsOthers();
        for (String u : d.joined()) {
            broadcast(ServerMessage.Presence.joined(name, u), null);
        }
        for (String u : d.left()) {
            broadcast(ServerMessage.Presence.left(name, u), null);
        }
    }

    /** Sends {@code f} to every synced member. */
    private void broadcast(Frame f) {
        for (Map.Entry<Session, Member> e : members.entrySet()) {
            Outbox o = e.getKey().outbox();
            if (o != null && o == e.getValue().synced) {
                o.offer(f);
            }
        }
    }

    private void broadcast(ServerMessage.Presence p, Session except) {
        if (inbox) {
            return;
        }
        Frame f = null;
        for (Map.Entry<Session, Member> e : members.entrySet()) {
            Outbox o = e.getKey().outbox();
            if (e.getKey() != except && o != null && o == e.getValue().synced) {
                o.offer(f != null ? f : (f = Frame.of(p)), pass);
            }
        }
        pass.counted(); // a long storm of changes still wakes its members every few frames
    }
}
