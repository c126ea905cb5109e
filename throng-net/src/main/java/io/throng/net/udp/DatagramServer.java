package io.throng.net.udp;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;

/**
 * A UDP server: one thread receives and hands each datagram to its {@link DatagramHandler}, at most
 * {@code maxConcurrent} at once. A datagram that arrives while {@code maxConcurrent} are already in hand is
 * dropped and counted in {@link #dropped()}, not queued: under a flood the server's memory and threads stay
 * bounded, and the kernel's receive buffer is the only queue.
 *
 * <p>Two ways to run the handlers. {@link #start start}: on a pool of virtual threads, started as they are
 * first needed and kept (at most {@code maxConcurrent}); each datagram goes to an idle one, so a handler may
 * block. {@link #startInline startInline}: on the receiving thread itself (a platform thread), one datagram at a time, as
 * Netty's event loop and Go's read loop do; no hand-over at all, for handlers that do not block (answer,
 * count, offer to a channel), since one that blocks stops the receiving. Inline, a
 * {@link DatagramViewHandler} may take each datagram as a view of the receiver's buffer instead: no copy and
 * no {@link Datagram} per datagram, so an echo makes almost no garbage (a collection pause is a latency
 * spike for every datagram queued behind it).
 *
 * <p>Loss is the caller's to count: {@link #dropped()} counts what this server refused, {@link #truncated()}
 * what arrived longer than {@link UdpOptions#maxDatagram()} (and was still handed over, marked); what the
 * network or the kernel lost before the socket saw it is counted by nobody here.
 */
public final class DatagramServer implements Closeable {
    private final UdpSocket socket;
    private final DatagramHandler handler;       // null when inline with views
    private final DatagramViewHandler viewHandler; // null unless inline with views
    private final BiConsumer<Datagram, Throwable> onError;
    /** 0: handlers run inline on the receiver. */
    private final int maxConcurrent;
    /** One permit per datagram in hand (handed over, or being handled). */
    private final Semaphore slots;
    /** Workers waiting for a datagram, the last to finish on top (its stack is warm). */
    private final ConcurrentLinkedDeque<Worker> idle = new ConcurrentLinkedDeque<>();
    /** Every worker started; only the receiver starts them and reads this. */
    private final List<Worker> workers = new ArrayList<>();
    private volatile boolean stopping;
    private final LongAdder received = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder truncated = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final Thread receiver;

    private DatagramServer(UdpSocket socket, int maxConcurrent, DatagramHandler handler, DatagramViewHandler viewHandler,
            BiConsumer<Datagram, Throwable> onError) {
        this.socket = socket;
        this.handler = handler;
        this.viewHandler = viewHandler;
        this.maxConcurrent = maxConcurrent;
        this.slots = new Semaphore(Math.max(1, maxConcurrent));
        this.onError = onError;
        // Inline, the receiver is a platform thread: it never lets go of its thread anyway (it serves or waits
        // in recvfrom), and the kernel wakes it directly, where a virtual thread's wake-up goes through the
        // JDK's poller and then a carrier (p99 at 60,000/s: 1.7 ms against 8.7, docs/benchmarks.md). Pooled,
        // it is virtual: its unparks of workers queue on its own carrier.
        this.receiver = (maxConcurrent == 0 ? Thread.ofPlatform().daemon() : Thread.ofVirtual())
                .name("udp-receiver").unstarted(this::receiveLoop);
    }

    /** Binds {@code local} and starts serving: at most {@code maxConcurrent} handlers run at once, each on a virtual thread. */
    public static DatagramServer start(InetSocketAddress local, UdpOptions options, int maxConcurrent, DatagramHandler handler)
            throws IOException {
        return start(local, options, maxConcurrent, handler, (d, e) -> {});
    }

    /** As {@link #start(InetSocketAddress, UdpOptions, int, DatagramHandler)}; {@code onError} hears what a handler threw. */
    public static DatagramServer start(InetSocketAddress local, UdpOptions options, int maxConcurrent, DatagramHandler handler,
            BiConsumer<Datagram, Throwable> onError) throws IOException {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be >= 1: " + maxConcurrent);
        }
        return started(new DatagramServer(UdpSocket.bind(local, options), maxConcurrent, handler, null, onError));
    }

    /**
     * Binds {@code local} and runs {@code handler} on the receiving thread, one datagram after another: for a
     * handler that does not block. Nothing is dropped by the server (a handler that falls behind leaves the
     * datagrams to the kernel's receive buffer, which drops the excess); {@code onError} hears what it threw.
     */
    public static DatagramServer startInline(InetSocketAddress local, UdpOptions options, DatagramHandler handler,
            BiConsumer<Datagram, Throwable> onError) throws IOException {
        return started(new DatagramServer(UdpSocket.bind(local, options), 0, handler, null, onError));
    }

    /**
     * As {@link #startInline(InetSocketAddress, UdpOptions, DatagramHandler, BiConsumer)}, but each datagram
     * is handed as a view of the receiver's buffer, valid during the call ({@link DatagramViewHandler}): no
     * array, no {@link Datagram} and, for a reply sent from the view, no copy on the way out either. The
     * receiver then allocates nothing per datagram of its own (the JDK still makes the sender's address
     * when it differs from the last one). {@code onError} gets a copy of what the handler left in the view.
     */
    public static DatagramServer startInline(InetSocketAddress local, UdpOptions options, DatagramViewHandler handler,
            BiConsumer<Datagram, Throwable> onError) throws IOException {
        return started(new DatagramServer(UdpSocket.bind(local, options), 0, null, handler, onError));
    }

    private static DatagramServer started(DatagramServer server) {
        server.receiver.start();
        return server;
    }

    public InetSocketAddress localAddress() throws IOException {
        return socket.localAddress();
    }

    /** Datagrams received, whether handled or dropped. */
    public long received() {
        return received.sum();
    }

    /** Datagrams dropped because {@code maxConcurrent} were already in hand (never inline). */
    public long dropped() {
        return dropped.sum();
    }

    /** Datagrams that arrived longer than the limit (handed over with {@link Datagram#truncated()} set). */
    public long truncated() {
        return truncated.sum();
    }

    /** Handlers that threw. */
    public long failed() {
        return failed.sum();
    }

    /** Datagrams in hand now, handed over or being handled (never more than {@code maxConcurrent}; inline 0 or 1). */
    public int running() {
        return Math.max(1, maxConcurrent) - slots.availablePermits();
    }

    private void receiveLoop() {
        int max = socket.maxDatagram();
        // One direct buffer for the life of the loop: the kernel copies straight into it, and each
        // datagram is copied out once, into the array its handler owns.
        ByteBuffer buffer = ByteBuffer.allocateDirect(max + 1);
        try {
            while (socket.isOpen()) {
                InetSocketAddress sender;
                try {
                    buffer.clear();
                    sender = socket.receiveInto(buffer);
                } catch (IOException e) {
                    if (!socket.isOpen()) {
                        return; // closed: the normal end
                    }
                    continue; // e.g. an ICMP error queued on the socket: not this loop's to end on
                }
                received.increment();
                buffer.flip();
                boolean cut = buffer.remaining() > max;
                if (cut) {
                    truncated.increment();
                }
                if (viewHandler != null) {
                    runView(buffer.limit(Math.min(buffer.limit(), max)), sender, cut);
                    continue;
                }
                if (!slots.tryAcquire()) {
                    dropped.increment(); // inline the one permit is always free here
                    continue;
                }
                byte[] data = new byte[Math.min(buffer.remaining(), max)];
                buffer.get(data);
                Datagram datagram = new Datagram(sender, data, cut);
                if (maxConcurrent == 0) {
                    run(datagram);
                } else {
                    handOver(datagram);
                }
            }
        } finally {
            if (maxConcurrent > 0) {
                stopWorkers();
            }
        }
    }

    /**
     * Gives a datagram (its slot taken) to an idle worker, or to a new one while fewer than
     * {@code maxConcurrent} exist: an unpark, not a thread start. A worker goes back on the idle stack
     * before it gives up its slot, so a slot taken here always finds a worker idle or room for a new one.
     */
    private void handOver(Datagram datagram) {
        Worker w = idle.pollFirst();
        if (w != null) {
            w.next = datagram;
            LockSupport.unpark(w.thread);
        } else {
            w = new Worker(datagram);
            workers.add(w);
            w.thread.start();
        }
    }

    /** A pooled handler thread: handles the datagram it is given, goes idle, waits for the next. */
    private final class Worker {
        final Thread thread = Thread.ofVirtual().name("udp-handler").unstarted(this::loop);
        volatile Datagram next;

        Worker(Datagram first) {
            next = first;
        }

        private void loop() {
            for (;;) {
                Datagram d;
                while ((d = next) == null) {
                    if (stopping) {
                        return;
                    }
                    LockSupport.park(this);
                }
                next = null;
                if (socket.isOpen()) {
                    handle(d);
                }
                idle.offerFirst(this); // before the slot goes back: see handOver
                slots.release();
            }
        }
    }

    /** The receiver has ended: idle workers wake and end; busy ones end when their handler returns. */
    private void stopWorkers() {
        stopping = true;
        for (Worker w : workers) {
            LockSupport.unpark(w.thread);
        }
    }

    /** Inline: handles on the receiver, which holds the one slot meanwhile. */
    private void run(Datagram datagram) {
        try {
            handle(datagram);
        } finally {
            slots.release();
        }
    }

    /** Inline with views: the handler gets the receiver's buffer itself; running() shows it meanwhile. */
    private void runView(ByteBuffer payload, InetSocketAddress sender, boolean cut) {
        slots.acquireUninterruptibly(); // inline, the one permit is always free here
        int length = payload.remaining(); // from 0: the handler may move position and limit
        try {
            viewHandler.handle(payload, sender, cut, socket);
        } catch (Throwable e) {
            failed.increment();
            byte[] data = new byte[length];
            payload.clear().get(0, data);
            onError.accept(new Datagram(sender, data, cut), e);
        } finally {
            slots.release();
        }
    }

    private void handle(Datagram datagram) {
        try {
            handler.handle(datagram, socket);
        } catch (Throwable e) {
            failed.increment();
            onError.accept(datagram, e);
        }
    }

    /**
     * Closes the socket, which ends the receive loop (handlers still running can no longer reply, and
     * datagrams handed over but not yet begun are not handled), and waits up to {@code graceMillis} for the
     * running handlers to return.
     */
    public void shutdown(long graceMillis) throws InterruptedException {
        try {
            socket.close(); // ends the receive loop; handlers still running see their sends fail
        } catch (IOException ignored) {
            // Closing a datagram channel reports nothing worth acting on.
        }
        receiver.join();
        int permits = Math.max(1, maxConcurrent);
        if (slots.tryAcquire(permits, graceMillis, TimeUnit.MILLISECONDS)) {
            slots.release(permits);
        }
    }

    @Override
    public void close() {
        try {
            shutdown(0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
