package io.throng.net.udp;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * A UDP server: one virtual thread receives, and each datagram runs its {@link DatagramHandler} on a
 * virtual thread of its own, at most {@code maxConcurrent} at once. A datagram that arrives while all
 * of them are busy is dropped and counted in {@link #dropped()}, not queued: under a flood the server's
 * memory and threads stay bounded, and the kernel's receive buffer is the only queue.
 *
 * <p>Loss is the caller's to count: {@link #dropped()} counts what this server refused, {@link #truncated()}
 * what arrived longer than {@link UdpOptions#maxDatagram()} (and was still handed over, marked); what the
 * network or the kernel lost before the socket saw it is counted by nobody here.
 */
public final class DatagramServer implements Closeable {
    private final UdpSocket socket;
    private final DatagramHandler handler;
    private final Semaphore slots;
    private final int maxConcurrent;
    private final BiConsumer<Datagram, Throwable> onError;
    private final LongAdder received = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder truncated = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final Thread receiver;

    private DatagramServer(UdpSocket socket, int maxConcurrent, DatagramHandler handler, BiConsumer<Datagram, Throwable> onError) {
        this.socket = socket;
        this.handler = handler;
        this.maxConcurrent = maxConcurrent;
        this.slots = new Semaphore(maxConcurrent);
        this.onError = onError;
        this.receiver = Thread.ofVirtual().name("udp-receiver").unstarted(this::receiveLoop);
    }

    /** Binds {@code local} and starts serving: at most {@code maxConcurrent} handlers run at once. */
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
        DatagramServer server = new DatagramServer(UdpSocket.bind(local, options), maxConcurrent, handler, onError);
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

    /** Datagrams dropped because {@code maxConcurrent} handlers were already running. */
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

    /** Handlers running now (never more than {@code maxConcurrent}). */
    public int running() {
        return maxConcurrent - slots.availablePermits();
    }

    private void receiveLoop() {
        int max = socket.maxDatagram();
        // One direct buffer for the life of the loop: the kernel copies straight into it, and each
        // datagram is copied out once, into the array its handler owns.
        ByteBuffer buffer = ByteBuffer.allocateDirect(max + 1);
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
                dropped.increment();
                continue;
            }
            byte[] data = new byte[Math.min(buffer.remaining(), max)];
            buffer.get(data);
            Datagram datagram = new Datagram(sender, data, cut);
            Thread.ofVirtual().start(() -> run(datagram));
        }
    }

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
     * Closes the socket, which ends the receive loop (handlers still running can no longer reply), and
     * waits up to {@code graceMillis} for the running handlers to return.
     */
    public void shutdown(long graceMillis) throws InterruptedException {
        try {
            socket.close(); // ends the receive loop; handlers still running see their sends fail
        } catch (IOException ignored) {
            // Closing a datagram channel reports nothing worth acting on.
        }
        receiver.join();
        if (slots.tryAcquire(maxConcurrent, graceMillis, TimeUnit.MILLISECONDS)) {
            slots.release(maxConcurrent);
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
