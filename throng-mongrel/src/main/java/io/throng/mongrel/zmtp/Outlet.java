package io.throng.mongrel.zmtp;

import io.throng.net.ByteStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One PULL peer's outgoing side. The sender that finds the connection idle writes its own frame with one
 * write that never waits ({@link ByteStream#writeNow}); senders that come while it writes leave their
 * messages here, and it writes them too, all that queued meanwhile framed into one buffer and sent in one
 * write, as ZeroMQ's I/O thread batches a pipe. So a loaded gateway sends a handler many requests per
 * system call and TCP segment, and no sender ever waits for another's write. What the socket buffer does
 * not take goes to this peer's writer (a virtual thread that exists only while something waits), up to
 * the high-water mark. A slow handler fills its own queue and is skipped; it never blocks a sender.
 *
 * <p>A message is copied once on its way out: its frame header and body go straight into the batch buffer
 * (only a message over half of it is framed in a buffer of its own, and written alone). The queue holds
 * the senders' arrays as they are.
 *
 * <p>Invariant: one thread writes at a time, the one that set {@code writing} (a sender, or the writer
 * after it), and it alone touches {@code batch}; messages and commands queue only while {@code writing} is
 * set, and whoever clears it found nothing queued.
 */
final class Outlet {

    /** The most bytes of queued frames one write sends; a larger frame goes alone. */
    private static final int BATCH_BYTES = 64 * 1024;
    /** A message whose frame is longer than this is not copied into the batch but sent in a buffer of its own. */
    private static final int ALONE_BYTES = BATCH_BYTES / 2;
    /** Rounds a sender writes others' frames before it hands the rest to the writer and returns to its own work. */
    private static final int SENDER_ROUNDS = 8;

    private final ByteStream stream;
    private final int highWater;
    /** Run when queued bytes have all gone out: the socket may take messages it refused before. */
    private final Runnable onRoom;
    private final ReentrantLock lock = new ReentrantLock();
    /** Message bodies, not yet framed. */
    private final ArrayDeque<byte[]> waiting = new ArrayDeque<>(); // guarded by lock
    /** Whole command frames (PONGs): they go ahead of the next batch's messages (between frames, as ZMTP allows). */
    private final ArrayDeque<ByteBuffer> commands = new ArrayDeque<>(); // guarded by lock
    private boolean writing; // guarded by lock
    /** The frames of one write; used only by the thread that set {@code writing}. */
    private final ByteBuffer batch = ByteBuffer.allocate(BATCH_BYTES);
    private volatile boolean closed;

    Outlet(ByteStream stream, int highWater, Runnable onRoom) {
        this.stream = stream;
        this.highWater = highWater;
        this.onRoom = onRoom;
    }

    /** Sends one message frame; false (nothing sent) if this peer's queue is at its high-water mark or it left. */
    boolean offer(byte[] message) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            if (writing) {
                if (waiting.size() >= highWater) {
                    return false;
                }
                waiting.add(message);
                return true;
            }
            writing = true;
        } finally {
            lock.unlock();
        }
        ByteBuffer out;
        if (frameLength(message) > ALONE_BYTES) {
            out = Frame.message(message);
        } else {
            batch.clear();
            putFrame(message);
            out = batch.flip();
        }
        writeAsSender(out);
        return true;
    }

    /** Sends a command frame (a PONG): never refused for the high-water mark, so the peer is always answered. */
    void command(ByteBuffer frame) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (writing) {
                commands.add(frame);
                return;
            }
            writing = true;
        } finally {
            lock.unlock();
        }
        writeAsSender(frame);
    }

    /**
     * The sender that found the connection idle: writes its frame, then, a few rounds at most, what
     * others queued meanwhile; anything the socket does not take at once goes to the writer.
     */
    private void writeAsSender(ByteBuffer first) {
        ByteBuffer out = first;
        try {
            for (int round = 0; ; round++) {
                if (stream.writeNow(out) < 0 || out.hasRemaining()) {
                    // The send buffer is full (or this stream cannot write without waiting): the writer
                    // sends the rest first, then what queued.
                    startWriter(out);
                    return;
                }
                boolean wasFull;
                lock.lock();
                try {
                    if (waiting.isEmpty() && commands.isEmpty()) {
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
        } catch (IOException e) {
            close();
            return;
        }
        startWriter(null);
    }

    private void startWriter(ByteBuffer rest) {
        Thread.ofVirtual().name("zmtp-push-writer").start(() -> writeWaiting(rest));
    }

    /**
     * Under the lock: the next write's bytes. The queued commands and messages framed into {@link #batch}
     * as far as it holds them; or, if the first message is too long for that, that message alone.
     */
    private ByteBuffer takeBatch() {
        batch.clear();
        for (ByteBuffer c = commands.pollFirst(); c != null; c = commands.pollFirst()) {
            batch.put(c); // a few bytes each: they always fit an empty batch
        }
        byte[] m = waiting.peekFirst();
        if (m != null && batch.position() == 0 && frameLength(m) > ALONE_BYTES) {
            return Frame.message(waiting.pollFirst());
        }
        for (; m != null && frameLength(m) <= batch.remaining(); m = waiting.peekFirst()) {
            putFrame(waiting.pollFirst());
        }
        return batch.flip();
    }

    private void putFrame(byte[] message) {
        Frame.putHeader(batch, message.length, false);
        batch.put(message);
    }

    private static int frameLength(byte[] message) {
        return Frame.headerLength(message.length) + message.length;
    }

    /** The writer: writes {@code rest} (a write the socket took only part of), then what waits, blocking as it must. */
    private void writeWaiting(ByteBuffer rest) {
        try {
            if (rest != null) {
                writeAll(rest);
            }
            for (;;) {
                ByteBuffer next;
                boolean wasFull;
                lock.lock();
                try {
                    if ((waiting.isEmpty() && commands.isEmpty()) || closed) {
                        writing = false;
                        break;
                    }
                    wasFull = waiting.size() >= highWater;
                    next = takeBatch();
                } finally {
                    lock.unlock();
                }
                writeAll(next); // the only writer while writing is set
                if (wasFull) {
                    onRoom.run();
                }
            }
        } catch (IOException e) {
            close();
        }
        onRoom.run();
    }

    private void writeAll(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            stream.write(b);
        }
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
