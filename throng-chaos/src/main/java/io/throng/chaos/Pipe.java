package io.throng.chaos;

import io.throng.chaos.ChunkQueue.Chunk;
import io.throng.net.ByteStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One direction of a connection: a reader thread moves bytes from {@code source} into a bounded
 * {@link ChunkQueue}, a writer thread takes them out, runs them through the toxics that affect this
 * connection in this direction, in the order they were added, and writes them to {@code sink}.
 *
 * <p><b>The fast path.</b> While no toxic touches this direction (the common case) the reader writes each
 * chunk to {@code sink} itself, from its one direct buffer: no hand-off, no copy. The reader decides per
 * chunk, after reading it: a toxic that touches the direction sends the chunk into the queue; with none,
 * it waits until the writer has finished every queued chunk before writing directly. So exactly one
 * thread writes to {@code sink} at any time, and every byte goes out once, in the order read, across any
 * number of switches. A toxic added while a chunk is being written directly takes hold from the next
 * chunk read.
 *
 * <p>Two threads, so that the time a chunk was read is the time it arrived: a latency toxic waits until
 * {@code readAt + latency}, and chunks read meanwhile queue behind it instead of adding their wait to
 * it. The queue's bound is the only buffer: a slow sink stops the writer, the queue fills, the reader
 * stops reading and the sender's own socket fills.
 */
final class Pipe {
    static final int CHUNK = 32 * 1024;
    static final long CAPACITY = 256 * 1024;
    private static final long NO_DEADLINE = Long.MAX_VALUE;
    /** A bandwidth toxic sends pieces of at most this much time at its rate. */
    private static final long PIECE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final PipeEnds link;
    private final Direction direction;
    private final ByteStream source;
    private final ByteStream sink;
    private final ChunkQueue queue = new ChunkQueue(CAPACITY);
    private final LongAdder received;
    private final LongAdder sent;
    /** Per-toxic state of this pipe (a rate's schedule, bytes counted, when a timeout took hold). Writer only. */
    private final Map<NamedToxic, long[]> state = new HashMap<>();
    private volatile Thread writer;

    Pipe(PipeEnds link, Direction direction, ByteStream source, ByteStream sink, LongAdder received, LongAdder sent) {
        this.link = link;
        this.direction = direction;
        this.source = source;
        this.sink = sink;
        this.received = received;
        this.sent = sent;
    }

    void start(String name) {
        start(name, null);
    }

    /**
     * Starts the threads; {@code held} (null for none), bytes already read from {@code source} and counted
     * as received by the {@link PassLoop} that carried the connection so far, goes out first, through the
     * toxics as any chunk queued.
     */
    void start(String name, byte[] held) {
        if (held != null) {
            try {
                queue.put(new Chunk(held, System.nanoTime())); // an empty queue takes it without waiting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Thread.ofVirtual().name(name + "-read").start(this::read);
        writer = Thread.ofVirtual().name(name + "-write").start(this::write);
    }

    long buffered() {
        return queue.bytes();
    }

    void kick() {
        queue.kick();
    }

    /** Stops both threads: the link closes the sockets, this wakes whatever waits on the queue or a timer. */
    void stop() {
        queue.close();
        Thread w = writer;
        if (w != null) {
            w.interrupt();
        }
    }

    private void read() {
        // One direct buffer for the connection's life: the kernel reads into it and writes from it with no
        // copy in between on the fast path; only a chunk that goes through the queue is copied out.
        ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK);
        try {
            while (true) {
                buf.clear();
                int n = source.read(buf);
                long readAt = System.nanoTime();
                if (n == 0) {
                    continue;
                }
                if (direct()) {
                    if (n < 0) {
                        link.ended(direction, sink);
                        return;
                    }
                    received.add(n);
                    buf.flip();
                    while (buf.hasRemaining()) {
                        sink.write(buf);
                    }
                    sent.add(n);
                    continue;
                }
                if (n < 0) {
                    queue.put(new Chunk(null, readAt));
                    return;
                }
                byte[] data = new byte[n];
                buf.flip().get(data);
                boolean queued = queue.put(new Chunk(data, readAt));
                received.add(n); // after the queue has it, so "received and not buffered" means handled
                if (!queued) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            link.close(); // a reset or a closed socket ends the whole connection
        }
    }

    /**
     * Whether the chunk just read may skip the queue and be written by the reader itself: no toxic
     * touches this direction of this connection, and the writer has finished every chunk queued before
     * (so nothing is overtaken). While toxics are gone but the writer still drains, this waits for it;
     * a change of the toxics meanwhile (a kick) makes it look again.
     */
    private boolean direct() throws InterruptedException {
        while (true) {
            long seen = queue.kicks(); // before looking at the toxics, so a change after the look is seen
            if (!link.untouched(direction)) {
                return false;
            }
            if (queue.awaitIdle(seen)) {
                return true;
            }
            if (queue.closed()) {
                return false;
            }
        }
    }

    private void write() {
        try {
            while (!queue.closed()) {
                long seen = queue.kicks();
                List<NamedToxic> toxics = link.affecting(direction);
                if (state.size() > toxics.size()) {
                    state.keySet().retainAll(toxics); // a removed or updated toxic's state goes with it
                }
                if (link.partitioned() || stopsAll(toxics)) {
                    queue.await(seen, NO_DEADLINE); // nothing moves until the toxics change
                    continue;
                }
                Toxic.Timeout timeout = find(toxics, Toxic.Timeout.class);
                if (timeout != null) {
                    if (!timedOut(toxics, timeout, seen)) {
                        continue;
                    }
                    link.close();
                    return;
                }
                Chunk c = queue.await(seen, NO_DEADLINE);
                if (c == null || queue.kicks() != seen) {
                    continue; // the toxics changed while we waited: this chunk goes through the new ones
                }
                queue.take();
                try {
                    if (!handle(c, toxics)) {
                        return;
                    }
                } finally {
                    queue.done();
                }
            }
        } catch (IOException | InterruptedException e) {
            link.close();
        }
    }

    /** Runs one chunk taken from the queue through the toxics; false when this direction is over. */
    private boolean handle(Chunk c, List<NamedToxic> toxics) throws IOException, InterruptedException {
        Toxic.ResetPeer reset = find(toxics, Toxic.ResetPeer.class);
        if (reset != null) {
            TimeUnit.MILLISECONDS.sleep(reset.timeout());
            link.reset();
            return false;
        }
        if (c.end()) {
            Toxic.SlowClose slow = find(toxics, Toxic.SlowClose.class);
            if (slow != null) {
                TimeUnit.MILLISECONDS.sleep(slow.delay());
            }
            link.ended(direction, sink);
            return false;
        }
        if (!send(ByteBuffer.wrap(c.data()), c.readAt(), toxics, 0)) {
            link.close();
            return false;
        }
        return true;
    }

    /**
     * Drops what arrives while a timeout toxic holds; true once its time is up (never for 0), false when
     * the toxics changed and the loop should look again.
     */
    private boolean timedOut(List<NamedToxic> toxics, Toxic.Timeout timeout, long seen) throws InterruptedException {
        NamedToxic named = named(toxics, timeout);
        long since = state.computeIfAbsent(named, k -> new long[] {System.nanoTime()})[0];
        long deadline = timeout.timeout() == 0 ? NO_DEADLINE : since + TimeUnit.MILLISECONDS.toNanos(timeout.timeout());
        while (true) {
            if (deadline != NO_DEADLINE && System.nanoTime() - deadline >= 0) {
                return true;
            }
            Chunk c = queue.await(seen, deadline);
            if (queue.kicks() != seen || queue.closed()) {
                return false; // the toxic may be gone: what waits is not dropped
            }
            if (c != null) {
                queue.take(); // toxiproxy drops the data; an end of stream closes as usual
                queue.done();
                if (c.end()) {
                    return true;
                }
            }
        }
    }

    /**
     * Runs {@code data} through the data toxics from index {@code from} on, then writes it; false once a
     * limit_data toxic has let its bytes through and the connection must close.
     */
    private boolean send(ByteBuffer data, long readAt, List<NamedToxic> toxics, int from) throws IOException, InterruptedException {
        for (int i = from; i < toxics.size(); i++) {
            NamedToxic named = toxics.get(i);
            switch (named.toxic()) {
                case Toxic.Latency l -> sleepUntil(readAt + TimeUnit.MILLISECONDS.toNanos(delay(l)));
                case Toxic.Bandwidth b -> {
                    return paced(data, readAt, b, state.computeIfAbsent(named, k -> new long[1]), toxics, i + 1);
                }
                case Toxic.Slicer s -> {
                    return sliced(data, readAt, s, toxics, i + 1);
                }
                case Toxic.LimitData limit -> {
                    long[] count = state.computeIfAbsent(named, k -> new long[1]);
                    long left = limit.bytes() - count[0];
                    if (data.remaining() > left) {
                        data.limit(data.position() + (int) Math.max(0, left));
                    }
                    count[0] += data.remaining();
                    if (data.hasRemaining() && !send(data, readAt, toxics, i + 1)) {
                        return false;
                    }
                    return count[0] < limit.bytes();
                }
                default -> {
                    // Holding toxics (partition, timeout, reset_peer, slow_close) act in write(), not per chunk.
                }
            }
        }
        int n = data.remaining();
        while (data.hasRemaining()) {
            sink.write(data);
        }
        sent.add(n);
        return true;
    }

    /** Bandwidth: pieces of at most 100 ms of the rate, each sent no earlier than the rate allows. */
    private boolean paced(ByteBuffer data, long readAt, Toxic.Bandwidth b, long[] nextFree, List<NamedToxic> toxics, int next)
            throws IOException, InterruptedException {
        int piece = (int) Math.max(1, Math.min(Integer.MAX_VALUE, b.rate() * 100));
        while (data.hasRemaining()) {
            int n = Math.min(piece, data.remaining());
            ByteBuffer part = data.slice(data.position(), n);
            data.position(data.position() + n);
            // The schedule is absolute, so a wake-up that comes late is made up by the next pieces; but a
            // link idle for longer than one piece's time earns no more credit than that piece.
            nextFree[0] = Math.max(nextFree[0], System.nanoTime() - PIECE_NANOS);
            sleepUntil(nextFree[0]);
            // rate KB/s = rate bytes per ms: n bytes take n / rate ms.
            nextFree[0] += n * 1_000_000L / b.rate();
            if (!send(part, readAt, toxics, next)) {
                return false;
            }
        }
        return true;
    }

    /** Slicer: toxiproxy's halving with variation, then a pause of {@code delay} µs after each piece. */
    private boolean sliced(ByteBuffer data, long readAt, Toxic.Slicer s, List<NamedToxic> toxics, int next)
            throws IOException, InterruptedException {
        List<int[]> pieces = new ArrayList<>();
        slice(s, data.position(), data.limit(), pieces);
        for (int[] p : pieces) {
            if (!send(data.slice(p[0], p[1] - p[0]), readAt, toxics, next)) {
                return false;
            }
            TimeUnit.MICROSECONDS.sleep(s.delay());
        }
        return true;
    }

    private static void slice(Toxic.Slicer s, int start, int end, List<int[]> out) {
        if ((end - start) - s.averageSize() <= s.sizeVariation()) {
            out.add(new int[] {start, end});
            return;
        }
        int mid = start + (end - start) / 2;
        if (s.sizeVariation() > 0) {
            mid += (int) (ThreadLocalRandom.current().nextLong(s.sizeVariation() * 2) - s.sizeVariation());
        }
        mid = Math.clamp(mid, start + 1, end - 1);
        slice(s, start, mid, out);
        slice(s, mid, end, out);
    }

    private static long delay(Toxic.Latency l) {
        if (l.jitter() == 0) {
            return l.latency();
        }
        return Math.max(0, l.latency() + ThreadLocalRandom.current().nextLong(-l.jitter(), l.jitter() + 1));
    }

    private static void sleepUntil(long deadline) throws InterruptedException {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    /** A rate of 0 lets nothing through, and neither does anything after it. */
    private static boolean stopsAll(List<NamedToxic> toxics) {
        for (NamedToxic t : toxics) {
            if (t.toxic() instanceof Toxic.Bandwidth b && b.rate() == 0) {
                return true;
            }
        }
        return false;
    }

    private static <T extends Toxic> T find(List<NamedToxic> toxics, Class<T> type) {
        for (NamedToxic t : toxics) {
            if (type.isInstance(t.toxic())) {
                return type.cast(t.toxic());
            }
        }
        return null;
    }

    private static NamedToxic named(List<NamedToxic> toxics, Toxic toxic) {
        for (NamedToxic t : toxics) {
            if (t.toxic() == toxic) {
                return t;
            }
        }
        throw new IllegalStateException("not in the chain: " + toxic);
    }
}
