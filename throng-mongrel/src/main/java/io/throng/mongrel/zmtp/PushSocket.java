package io.throng.mongrel.zmtp;

import io.throng.net.ByteStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bound PUSH socket: messages go round-robin to the PULL peers whose handshake completed (ZeroMQ's
 * {@code immediate}), each written by the sending thread straight to that peer's connection. A peer whose
 * queue is at the high-water mark is skipped, as ZeroMQ skips a full pipe; when every peer is full or none
 * is connected, {@link #offer} says so and the caller decides whether to wait ({@link #roomEvents}).
 *
 * <p>Each peer's connection keeps one virtual thread, which reads what a PULL peer may send (PING, and
 * its end) and takes the peer out of the rotation when it leaves.
 */
public final class PushSocket implements AutoCloseable {

    /** A PULL peer sends commands only: a longer frame is not ZMTP from a PULL socket. */
    private static final int MAX_COMMAND_BYTES = 1024;

    private final int highWater;
    private final Listener listener;
    private final Object peersLock = new Object();
    /** The peers messages may go to, replaced whole under peersLock (senders read it without a lock). */
    private volatile Outlet[] ready = new Outlet[0];
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong roomEvents = new AtomicLong();
    private final Runnable onRoom;

    private PushSocket(String endpoint, int highWater, Runnable onRoom) throws IOException {
        this.highWater = highWater;
        this.onRoom = onRoom;
        this.listener = Listener.bind(endpoint, SocketType.PUSH, MAX_COMMAND_BYTES, this::serve);
    }

    /**
     * Binds {@code endpoint}; each peer queues at most {@code highWater} messages its connection did not
     * take at once. {@code onRoom} runs (on any thread) whenever a message refused before might now be
     * taken: a peer arrived, or a full one drained.
     */
    public static PushSocket bind(String endpoint, int highWater, Runnable onRoom) throws IOException {
        return new PushSocket(endpoint, highWater, onRoom);
    }

    /** Peers whose handshake completed and that have not left. */
    public int peers() {
        return ready.length;
    }

    /** Counts every {@code onRoom}: read it before an {@link #offer} that may fail, to wait without missing one. */
    public long roomEvents() {
        return roomEvents.get();
    }

    /** Sends {@code message} as one frame to the next peer that has room; false if none has (or none is there). */
    public boolean offer(byte[] message) {
        Outlet[] peers = ready;
        int n = peers.length;
        if (n == 0) {
            return false;
        }
        int start = Math.floorMod(next.getAndIncrement(), n);
        for (int i = 0; i < n; i++) {
            if (peers[(start + i) % n].offer(message)) {
                return true;
            }
        }
        return false;
    }

    private void room() {
        roomEvents.incrementAndGet();
        onRoom.run();
    }

    /** A peer's life after its handshake: in the rotation until it leaves or breaks the protocol. */
    private void serve(Handshake.Peer peer, ByteStream stream, FrameReader in) throws IOException {
        Outlet out = new Outlet(stream, highWater, this::room);
        change(out, true);
        try {
            for (;;) {
                Frame f = in.next();
                if (!f.command()) {
                    throw new ZmtpException("a PULL peer sent a message");
                }
                ByteBuffer answer = Command.parse(f.body()).answer();
                if (answer != null) {
                    out.command(answer);
                }
            }
        } catch (EOFException gone) {
            // the handler left
        } finally {
            change(out, false);
            out.close();
        }
    }

    private void change(Outlet out, boolean add) {
        synchronized (peersLock) {
            Outlet[] now = ready;
            if (add) {
                Outlet[] more = Arrays.copyOf(now, now.length + 1);
                more[now.length] = out;
                ready = more;
            } else {
                ready = Arrays.stream(now).filter(o -> o != out).toArray(Outlet[]::new);
            }
        }
        if (add) {
            room();
        }
    }

    /** The bound port (for an endpoint that asked for port 0). */
    public int port() {
        return listener.port();
    }

    @Override
    public void close() {
        listener.close();
    }
}
