package io.throng.net.udp;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * A UDP server: one virtual thread receives and hands each datagram to its {@link DatagramHandler}, at most
 * {@code maxConcurrent} at once. A datagram that arrives while {@code maxConcurrent} are already in hand is
 * dropped and counted in {@link #dropped()}, not queued: under a flood the server's memory and threads stay
 * bounded, and the kernel's receive buffer is the only queue.
 *
 * <p>Two ways to run the handlers. {@link #start start}: on a pool of virtual threads, started as they are
 * first needed and kept (at most {@code maxConcurrent}); each datagram goes to an idle one, so a handler may
 * block. {@link #startInline startInline}: on the receiving thread itself, one datagram at a time, as
 * Netty's event loop and Go's read loop do; no hand-over at all, for handlers that do not block (answer,
 * count, offer to a channel), since one that blocks stops the receiving.
 *
 * <p>Loss is the caller's to count: {@link #dropped()} counts what this server refused, {@link #truncated()}
 * what arrived longer than {@link UdpOptions#maxDatagram()} (and was still handed over, marked); what the
 * network or the kernel lost before the socket saw it is counted by nobody here.
 */
public final class DatagramServer implements Closeable {
    private final UdpSocket socket;
    private final DatagramHandler handler;
    private final BiConsumer<Datagram, Throwable> onError;
    /** 0: handlers run inline on the receiver. */
    private final int maxConcurrent;
    /** One permit per datagram in hand (handed over, or being handled). */
    private final Semaphore slots;
    /**
     * Datagrams handed to the pool; never longer than the number of idle workers (see {@link #handOver}), so
     * nothing waits here behind a busy handler. Null inline.
     */
    private final BlockingQueue<Datagram> handOver;
    /** Workers started so far; only the receiver starts them and reads this. */
    private int workers;
    private final LongAdder received = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder truncated = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final Thread receiver;

    private DatagramServer(UdpSocket socket, int maxConcurrent, DatagramHandler handler, BiConsumer<Datagram, Throwable> onError) {
        this.socket = socket;
        this.handler = handler;
        this.maxConcurrent = maxConcurrent;
        this.slots = new Semaphore(Math.max(1, maxConcurrent));
        this.handOver = maxConcurrent > 0 ? new ArrayBlockingQueue<>(maxConcurrent) : null;
        this.onError = onError;
        this.receiver = Thread.ofVirtual().name("udp-receiver").unstarted(this::receiveLoop);
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
        return started(new DatagramServer(UdpSocket.bind(local, options), maxConcurrent, handler, onError));
    }

    /**
     * Binds {@code local} and runs {@code handler} on the receiving thread, one datagram after another: for a
     * handler that does not block. Nothing is dropped by the server (a handler that falls behind leaves the
     * datagrams to the kernel's receive buffer, which drops the excess); {@code onError} hears what it threw.
     */
    public static DatagramServer startInline(InetSocketAddress local, UdpOptions options, DatagramHandler handler,
            BiConsumer<Datagram, Throwable> onError) throws IOException {
        return started(new DatagramServer(UdpSocket.bind(local, options), 0, handler, onError));
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
                if (!slots.tryAcquire()) {
                    dropped.increment(); // inline the one permit is always free here
                    continue;
                }
                byte[] data = new byte[Math.min(buffer.remaining(), max)];
                buffer.get(data);
                Datagram datagram = new Datagram(sender, data, cut);
                if (handOver == null) {
                    run(datagram);
                } else {
                    handOver(datagram);
                }
            }
        } finally {
            stopWorkers();
        }
    }

    /**
     * Gives a datagram (its slot taken) to an idle worker. Each worker holds at most one datagram and the
     * slots bound those in hand, so keeping {@code workers >= in hand} means every datagram in the queue has
     * an idle worker coming for it: the queue is a hand-over, never a wait behind busy handlers, and
     * {@code offer} always finds room.
     */
    private void handOver(Datagram datagram) {
        if (workers < running()) {
            workers++;
            Thread.ofVirtual().name("udp-handler").start(this::work);
        }
        handOver.offer(datagram);
    }

    private void work() {
        try {
            for (;;) {
                Datagram datagram = handOver.take();
                if (datagram == STOP) {
                    return;
                }
                if (socket.isOpen()) {
                    run(datagram);
                } else {
                    slots.release(); // closed before its turn: it could not be answered, as if never read
                }
            }
        } catch (InterruptedException e) {
            // Nothing interrupts workers; if something does, this one ends and the others go on.
        }
    }

    /** The receiver has ended: each worker finishes what it holds, then takes one of these and ends. */
    private void stopWorkers() {
        if (handOver == null) {
            return;
        }
        for (int i = 0; i < workers; i++) {
            try {
                handOver.put(STOP); // room frees as workers take what is left
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The marker that ends a worker. */
    private static final Datagram STOP = new Datagram(new InetSocketAddress(0), new byte[0], false);

    private void run(Datagram datagram) {
        try {
            handler.handle(datagram, socket);
        } catch (Throwable e) {
            failed.increment();
            onError.accept(datagram, e);
        } finally {
            slots.release();
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
