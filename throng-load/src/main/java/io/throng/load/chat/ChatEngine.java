package io.throng.load.chat;

import io.throng.load.Connects;
import io.throng.load.LoadEngine;
import io.throng.load.SourcePorts;
import io.throng.net.tls.TlsClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;

/**
 * Runs one process's share of a chat load: {@code threads} event loops over this process's users, a sample
 * every second, then the drain: after the last send the run ends as soon as every user has its acks, has caught
 * up with the highest sequence this process knows for its room and nothing arrived for {@link #QUIET_NANOS}, or
 * at the drain deadline. Messages still missing then are lost.
 */
final class ChatEngine implements LoadEngine<ChatSample, ChatOutcome> {
    /** Quiet period that, with everything acked and caught up, ends the drain early. */
    static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final ChatScenario scenario;
    private final List<ChatLoop> loops = new ArrayList<>();
    private final List<ChatMeter> meters = new ArrayList<>();
    private final ChatPhase phase;
    private final AtomicLongArray roomHigh;

    /**
     * @param scenario the whole run's scenario
     * @param process which share of the users this process runs (0 .. procs-1)
     * @param threads event loops in this process
     * @param target the resolved, policy-checked target address
     * @param source local address to bind every connection to, or null for the system's choice
     */
    ChatEngine(ChatScenario scenario, int process, int threads, InetAddress target, InetAddress source)
            throws IOException {
        this.scenario = scenario;
        int n = Math.max(1, Math.min(threads, scenario.usersOf(process)));
        this.phase = new ChatPhase(n);
        this.roomHigh = new AtomicLongArray(scenario.rooms());
        List<List<Integer>> shares = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            shares.add(new ArrayList<>());
        }
        int mine = 0;
        for (int g = 0; g < scenario.users(); g++) {
            if (scenario.belongsTo(g, process)) {
                shares.get(mine++ % n).add(g);
            }
        }
        // A random start, so that a run right after another does not walk into its TIME_WAIT 4-tuples.
        SourcePorts ports = new SourcePorts();
        InetSocketAddress address = new InetSocketAddress(target, scenario.port());
        TlsClient tls = scenario.secure() ? scenario.trust().client() : null; // one context: sessions may resume
        AccountTokens tokens = scenario.accounts() == null ? null
                : AccountTokens.read(scenario.accounts(), scenario.users());
        for (int i = 0; i < n; i++) {
            ChatMeter meter = new ChatMeter();
            meters.add(meter);
            loops.add(new ChatLoop(scenario, address, tls, source, ports, shares.get(i), tokens, meter, phase,
                    roomHigh));
        }
    }

    /** Nothing to do before the run: users connect during it, spread over the ramp. */
    @Override
    public int connect() {
        return 0;
    }

    /**
     * Runs to the end, calling {@code sink} with one sample (all loops merged) per second and for the last,
     * partial second. Returns the run's length in nanoseconds (ramp, steady phase and drain).
     */
    @Override
    public long measure(Consumer<ChatSample> sink) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < loops.size(); i++) {
            threads.add(Thread.ofPlatform().name("throng-load-chat-" + i).daemon().start(loops.get(i)));
        }
        long start = System.nanoTime();
        Instant wall = Instant.now();
        long sendNanos = scenario.ramp().toNanos() + scenario.duration().toNanos();
        phase.start(start, wall.getEpochSecond() * 1_000_000 + wall.getNano() / 1000, sendNanos,
                scenario.drain().toNanos());
        int second = 0;
        try {
            while (true) {
                long boundary = start + TimeUnit.SECONDS.toNanos(second + 1);
                boolean ended = false;
                while (!ended && System.nanoTime() < boundary) {
                    long wait = Math.min(boundary - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(50));
                    ended = phase.done.await(Math.max(0, wait), TimeUnit.NANOSECONDS);
                    if (!ended && drained()) {
                        phase.stop();
                    }
                }
                if (ended) {
                    long elapsed = System.nanoTime() - start;
                    emit(sink, second);
                    return elapsed;
                }
                emit(sink, second++);
            }
        } finally {
            phase.stop();
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }
        }
    }

    /** Ends the run early (e.g. on Ctrl-C); {@link #measure} returns soon after. */
    @Override
    public void stop() {
        phase.stop();
    }

    /** The loops closed their users' connections when {@link #measure} ended. */
    @Override
    public void close() {}

    /** This process's rooms and users; call after {@link #measure} returned. */
    @Override
    public ChatOutcome outcome() {
        return new ChatOutcome(rooms(), users());
    }

    /** Where this process's users ended up (see {@link ChatLoop#users()}). */
    private Connects users() {
        Connects c = Connects.NONE;
        for (ChatLoop loop : loops) {
            c = c.plus(loop.users());
        }
        return c;
    }

    /** Per-room accounting of this process. */
    private List<RoomTally> rooms() {
        RoomTally.Builder[] b = new RoomTally.Builder[scenario.rooms()];
        for (int r = 0; r < b.length; r++) {
            b[r] = new RoomTally.Builder(scenario.roomPrefix() + r);
        }
        for (ChatLoop loop : loops) {
            loop.tally(b);
        }
        List<RoomTally> out = new ArrayList<>();
        for (int r = 0; r < b.length; r++) {
            b[r].maxSeq = Math.max(b[r].maxSeq, roomHigh.get(r));
            out.add(b[r].build());
        }
        return out;
    }

    private boolean drained() {
        long now = System.nanoTime();
        if (now < phase.sendEndNanos) {
            return false;
        }
        long last = 0;
        for (ChatLoop l : loops) {
            if (!l.settled()) {
                return false;
            }
            last = Math.max(last, l.lastDeliveryNanos());
        }
        return now - Math.max(last, phase.sendEndNanos) >= QUIET_NANOS;
    }

    private void emit(Consumer<ChatSample> sink, int second) {
        List<ChatSample> parts = new ArrayList<>();
        for (ChatMeter m : meters) {
            parts.add(m.sample(second));
        }
        sink.accept(ChatSample.merge(parts));
    }
}
