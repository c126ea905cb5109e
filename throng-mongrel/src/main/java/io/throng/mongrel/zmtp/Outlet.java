package io.throng.mongrel.zmtp;

import io.throng.net.ByteStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One PULL peer's outgoing side: messages are written from the sender's thread with one write that never
 * waits ({@link ByteStream#writeNow}); what the socket buffer does not take waits here, in order, for
 * this peer's writer (a virtual thread that exists only while something waits), up to the high-water
 * mark. A slow handler fills its own queue and is skipped; it never blocks a sender.
 *
 * <p>One thread writes at a time: a sender under {@link #lock} while nothing waits, else the writer.
 */
final class Outlet {

    private final ByteStream stream;
    private final int highWater;
    /** Run when queued bytes have all gone out: the socket may take messages it refused before. */
    private final Runnable onRoom;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<ByteBuffer> waiting = new ArrayDeque<>(); // guarded by lock
    private boolean writerRuns; // guarded by lock
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
            if (!writerRuns) {
                if (stream.writeNow(frame) < 0) {
                    // This stream cannot write without perhaps waiting (the NIO engine): the writer does.
                } else if (!frame.hasRemaining()) {
                    return true;
                }
                waiting.add(frame);
                writerRuns = true;
                Thread.ofVirtual().name("zmtp-push-writer").start(this::writeWaiting);
                return true;
            }
            if (!always && waiting.size() >= highWater) {
                return false;
            }
            waiting.add(frame);
            return true;
        } catch (IOException e) {
            close();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** The writer: writes what waits, blocking as it must, until nothing does. */
    private void writeWaiting() {
        try {
            for (;;) {
                ByteBuffer next;
                lock.lock();
                try {
                    next = waiting.peek();
                    if (next == null || closed) {
                        writerRuns = false;
                        break;
                    }
                } finally {
                    lock.unlock();
                }
                stream.write(next); // the only writer while writerRuns
                boolean wasFull;
                lock.lock();
                try {
                    wasFull = waiting.size() >= highWater;
                    waiting.poll();
                } finally {
                    lock.unlock();
                }
                if (wasFull) {
                    onRoom.run();
                }
            }
        } catch (IOException e) {
            close();
        }
        onRoom.run();
    }

    /** Messages waiting for the writer. */
    int waiting() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
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
