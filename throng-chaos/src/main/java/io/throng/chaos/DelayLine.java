package io.throng.chaos;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The datagrams a UDP proxy holds back (latency, jitter, reorder), sent by one thread when each is due,
 * in order of due time (then of arrival). It holds at most {@code capacity} bytes: a datagram that does
 * not fit is dropped, as a router's full queue drops, so a flood costs bounded memory whatever the delay.
 */
final class DelayLine implements AutoCloseable {
    private record Held(long due, long seq, DatagramChannel out, SocketAddress to, byte[] data, LongAdder sent) {}

    private final long capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final PriorityQueue<Held> queue = new PriorityQueue<>((a, b) -> a.due != b.due
            ? Long.compare(a.due - b.due, 0) : Long.compare(a.seq, b.seq));
    private long bytes;
    private long seq;
    private boolean closed;
    private Thread sender;

    DelayLine(long capacity) {
        this.capacity = capacity;
    }

    void start(String name) {
        sender = Thread.ofVirtual().name(name).start(this::run);
    }

    /**
     * Holds {@code data} until {@code due} (System.nanoTime), then sends it and counts it in {@code sent};
     * false, and nothing held, if it does not fit.
     */
    boolean offer(long due, DatagramChannel out, SocketAddress to, byte[] data, LongAdder sent) {
        lock.lock();
        try {
            if (closed || bytes + data.length > capacity) {
                return false;
            }
            Held h = new Held(due, seq++, out, to, data, sent);
            queue.add(h);
            bytes += data.length;
            if (queue.peek() == h) {
                changed.signal(); // due sooner than what the sender waits for
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    long bytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            queue.clear();
            bytes = 0;
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        while (true) {
            Held next;
            lock.lock();
            try {
                while (true) {
                    if (closed) {
                        return;
                    }
                    Held head = queue.peek();
                    long wait = head == null ? Long.MAX_VALUE : head.due - System.nanoTime();
                    if (wait <= 0) {
                        next = queue.poll();
                        bytes -= next.data.length;
                        break;
                    }
                    try {
                        if (head == null) {
                            changed.await();
                        } else {
                            changed.awaitNanos(wait);
                        }
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            } finally {
                lock.unlock();
            }
            send(next.out, next.to, next.data, next.sent);
        }
    }

    /** Sends one datagram; one that cannot be sent (the peer's port closed, the socket gone) is lost. */
    static void send(DatagramChannel out, SocketAddress to, byte[] data, LongAdder sent) {
        try {
            out.send(ByteBuffer.wrap(data), to);
            sent.add(data.length);
        } catch (IOException | RuntimeException e) {
            // UDP: a datagram that cannot go is lost, as on the wire.
        }
    }
}
