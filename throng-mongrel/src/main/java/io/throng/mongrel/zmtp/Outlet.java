package io.throng.mongrel.zmtp;

import io.throng.net.ByteStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One PULL peer's outgoing side. The sender that finds the connection idle (after one yield, if it is a
 * virtual thread, so that the other connections ready now can add theirs) writes its own frame with one
 * write that never waits ({@link ByteStream#writeNow}); senders that come meanwhile leave their
 * frames here, and it writes them too, all that queued meanwhile copied into one buffer and sent in one
 * write, as ZeroMQ's I/O thread batches a pipe. So a loaded gateway sends a handler many requests per
 * system call and TCP segment, and no sender ever waits for another's write. What the socket buffer does
 * not take goes to this peer's writer (a virtual thread that exists only while something waits), up to
 * the high-water mark. A slow handler fills its own queue and is skipped; it never blocks a sender.
 *
 * <p>Invariant: one thread writes at a time, the one that set {@code writing} (a sender, or the writer
 * after it); frames queue only while {@code writing} is set, and whoever clears it found nothing queued.
 */
final class Outlet {

    /** The most bytes of queued frames one write sends; a larger frame goes alone. */
    private static final int BATCH_BYTES = 64 * 1024;
    /** Rounds a sender writes others' frames before it hands the rest to the writer and returns to its own work. */
    private static final int SENDER_ROUNDS = 8;

    private final ByteStream stream;
    private final int highWater;
    /** Run when queued bytes have all gone out: the socket may take messages it refused before. */
    private final Runnable onRoom;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<ByteBuffer> waiting = new ArrayDeque<>(); // guarded by lock
    private boolean writing; // guarded by lock
    /** Frames copied for one write; used only by the thread that set {@code writing}. */
    private final ByteBuffer batch = ByteBuffer.allocate(BATCH_BYTES);
    private volatile boolean closed;

    Outlet(ByteStream stream, int highWater, Runnable onRoom) {
        this.stream = stream;
        this.highWater = highWater;
        this.onRoom = onRoom;
    }

    /** Sends one message frame; false (nothing sent) if this peer's queue is at its high-water mark or it left. */
    boolean offer(byte[] message) {
        return send(Frame.message(message), false);
    }

    /** Sends a command frame (a PONG): never refused for the high-water mark, so the peer is always answered. */
    void command(ByteBuffer frame) {
        send(frame, true);
    }

    private boolean send(ByteBuffer frame, boolean always) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            if (writing) {
                if (!always && waiting.size() >= highWater) {
                    return false;
                }
                waiting.add(frame);
                return true;
            }
            writing = true;
        } finally {
            lock.unlock();
        }
        try {
            writeAsSender(gather(frame));
        } catch (IOException e) {
            close();
        }
        return true;
    }

    /**
     * The sender that found the connection idle, before it writes: a virtual thread yields once, so that
     * the carriers run the other connections that are ready now (their requests queue behind {@code
     * writing}), and then sends its frame and theirs in one write. Without it a loaded gateway wrote 1.2
     * requests per write(2) to the handler (docs/gateway.md §7): a segment, and a wake-up of the handler's
     * I/O thread, per request. An idle gateway has nobody to yield to: the frame leaves at once.
     */
    private ByteBuffer gather(ByteBuffer frame) {
        if (!Thread.currentThread().isVirtual()) {
            return frame;
        }
        Thread.yield();
        lock.lock();
        try {
            if (waiting.isEmpty()) {
                return frame;
            }
            waiting.addFirst(frame);
            return takeBatch();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The sender that found the connection idle: writes its frame, then, a few rounds at most, what
     * others queued meanwhile; anything the socket does not take at once goes to the writer.
     */
    private void writeAsSender(ByteBuffer frame) throws IOException {
        ByteBuffer out = frame;
        for (int round = 0; ; round++) {
            if (stream.writeNow(out) < 0 || out.hasRemaining()) {
                // The send buffer is full (or this stream cannot write without waiting): the rest first.
                lock.lock();
                try {
                    waiting.addFirst(out);
                } finally {
                    lock.unlock();
                }
                startWriter();
                return;
            }
            boolean wasFull;
            lock.lock();
            try {
                if (waiting.isEmpty()) {
                    writing = false;
                    return;
                }
                if (round == SENDER_ROUNDS) {
                    break;
                }
                wasFull = waiting.size() >= highWater;
                out = takeBatch();
            } finally {
                lock.unlock();
            }
            if (wasFull) {
                onRoom.run();
            }
        }
        startWriter();
    }

    private void startWriter() {
        Thread.ofVirtual().name("zmtp-push-writer").start(this::writeWaiting);
    }

    /** Under the lock: the next write's bytes, the queued frames copied into {@link #batch} up to its size. */
    private ByteBuffer takeBatch() {
        ByteBuffer first = waiting.peekFirst();
        if (first == batch || first.remaining() > BATCH_BYTES / 2) {
            return waiting.pollFirst(); // a rest already in the batch, or a frame worth its own write
        }
        batch.clear();
        for (ByteBuffer f = first; f != null && f.remaining() <= batch.remaining(); f = waiting.peekFirst()) {
            batch.put(waiting.pollFirst());
        }
        return batch.flip();
    }

    /** The writer: writes what waits, blocking as it must, until nothing does. */
    private void writeWaiting() {
        try {
            for (;;) {
                ByteBuffer next;
                boolean wasFull;
                lock.lock();
                try {
                    if (waiting.isEmpty() || closed) {
                        writing = false;
                        break;
                    }
                    wasFull = waiting.size() >= highWater;
                    next = takeBatch();
                } finally {
                    lock.unlock();
                }
                stream.write(next); // the only writer while writing is set
                if (wasFull) {
                    onRoom.run();
                }
            }
        } catch (IOException e) {
            close();
        }
        onRoom.run();
    }

    /** Stops taking messages and closes the connection; what waits is lost, as in a ZeroMQ pipe to a peer that left. */
    void close() {
        closed = true;
        try {
            stream.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
