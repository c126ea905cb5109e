package io.throng.chaos;

import io.throng.net.ByteStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link Link} while no toxic touches it: its two sockets, non-blocking, registered with one
 * {@link PassLoop}, whose thread relays each way what the socket has, with no thread of the link's own.
 * Everything here runs on that loop's thread, except {@link #buffered}.
 *
 * <p>Bounded as a pipe is: a direction whose receiver cannot take a read's bytes keeps what is left
 * (at most one read, {@link Pipe#CHUNK} bytes) and stops reading its sender until they are written, so
 * the sender's socket fills and the sender is slowed.
 *
 * <p><b>Leaving.</b> Before it reads, the loop looks at the toxics (as a pipe's reader does per chunk);
 * a kick makes it look at once. Once a toxic touches the link it stops reading, cancels its keys, and,
 * after the loop's next select has deregistered them, makes the sockets blocking and hands the link to
 * its pipes ({@link Link#toThreads}) with the bytes it still holds, which the pipes write first, and
 * without a direction that already ended. A link does not come back: its pipes' own fast path carries
 * it once the toxics are gone.
 */
final class PassThrough {
    private final Link link;
    private final PassLoop loop;
    private final SocketChannel client;
    private final SocketChannel upstream;
    private final Side up;
    private final Side down;
    private SelectionKey clientKey;
    private SelectionKey upstreamKey;
    /** Keys cancelled (or never made): the loop does nothing more with this link. */
    private boolean gone;

    /** One direction: bytes from {@code from} to {@code to}. */
    private static final class Side {
        final Direction direction;
        final SocketChannel from;
        final ByteStream to;
        final LongAdder received;
        final LongAdder sent;
        /** What the receiver has not taken yet of the last read; null when nothing waits. */
        ByteBuffer pending;
        /** Its size, for other threads ({@code Proxy.bufferedBytes}). */
        volatile int held;
        /** The sender's end of stream was read and passed on as a FIN. */
        boolean ended;

        Side(Direction direction, SocketChannel from, ByteStream to, LongAdder received, LongAdder sent) {
            this.direction = direction;
            this.from = from;
            this.to = to;
            this.received = received;
            this.sent = sent;
        }

        boolean reading() {
            return !ended && pending == null;
        }
    }

    PassThrough(Link link, PassLoop loop, SocketChannel client, SocketChannel upstream, ByteStream clientStream,
            ByteStream upstreamStream, Proxy proxy) {
        this.link = link;
        this.loop = loop;
        this.client = client;
        this.upstream = upstream;
        this.up = new Side(Direction.UPSTREAM, client, upstreamStream,
                proxy.received(Direction.UPSTREAM), proxy.sent(Direction.UPSTREAM));
        this.down = new Side(Direction.DOWNSTREAM, upstream, clientStream,
                proxy.received(Direction.DOWNSTREAM), proxy.sent(Direction.DOWNSTREAM));
    }

    /** Non-blocking, then registered on the loop's thread. Called once, by the thread that made the link. */
    void start() throws IOException {
        client.configureBlocking(false);
        upstream.configureBlocking(false);
        loop.execute(this::register);
    }

    long buffered() {
        return up.held + down.held;
    }

    /** The toxics changed: look at once, on the loop. Any thread. */
    void kick() {
        loop.execute(this::look);
    }

    /** The link closed: the loop selects again, so the closed sockets' descriptors are freed. Any thread. */
    void closed() {
        loop.wakeup();
    }

    private void register() {
        if (gone) {
            return;
        }
        try {
            clientKey = loop.register(client, this);
            upstreamKey = loop.register(upstream, this);
        } catch (IOException | RuntimeException e) { // closed meanwhile
            gone = true;
            if (clientKey != null) {
                clientKey.cancel();
            }
            link.close();
            return;
        }
        look();
    }

    private void look() {
        if (!gone && clientKey != null && !link.untouched()) { // not registered yet: register looks
            leave();
        }
    }

    /** A socket of this link is ready: the loop's selection. */
    void ready(SelectionKey key) {
        if (gone || !key.isValid()) {
            return;
        }
        if (!link.untouched()) {
            leave();
            return;
        }
        boolean isClient = key == clientKey;
        try {
            if (key.isWritable()) {
                flush(isClient ? down : up);
            }
            if (key.isValid() && key.isReadable()) {
                relay(isClient ? up : down);
            }
        } catch (IOException | CancelledKeyException e) { // cancelled: closed by another thread meanwhile
            gone = true;
            link.close(); // a reset or a closed socket ends the whole connection, as on the threads
        }
    }

    /** One read from the sender, written on at once; what the receiver cannot take waits in {@code pending}. */
    private void relay(Side s) throws IOException {
        if (!s.reading()) {
            return;
        }
        ByteBuffer buf = loop.buffer;
        buf.clear();
        int n = s.from.read(buf);
        if (n == 0) {
            return;
        }
        if (n < 0) {
            s.ended = true;
            interest();
            link.ended(s.direction, s.to); // a FIN on; closes the link when it is the second
            return;
        }
        s.received.add(n);
        buf.flip();
        s.to.write(buf);
        s.sent.add(n - buf.remaining());
        if (buf.hasRemaining()) {
            s.pending = ByteBuffer.allocate(buf.remaining()).put(buf).flip();
            s.held = s.pending.remaining();
            interest();
        }
    }

    private void flush(Side s) throws IOException {
        if (s.pending == null) {
            return;
        }
        int before = s.pending.remaining();
        s.to.write(s.pending);
        s.sent.add(before - s.pending.remaining());
        s.held = s.pending.remaining();
        if (!s.pending.hasRemaining()) {
            s.pending = null;
        }
        interest();
    }

    /** Each socket is watched for reading while its direction reads, for writing while bytes wait for it. */
    private void interest() {
        if (gone) {
            return;
        }
        clientKey.interestOps((up.reading() ? SelectionKey.OP_READ : 0) | (down.pending != null ? SelectionKey.OP_WRITE : 0));
        upstreamKey.interestOps((down.reading() ? SelectionKey.OP_READ : 0) | (up.pending != null ? SelectionKey.OP_WRITE : 0));
    }

    /** A toxic touches the link: off the loop. Its sockets are handed on after the next select. */
    private void leave() {
        gone = true;
        clientKey.cancel();
        upstreamKey.cancel();
        loop.leave(this);
    }

    /** Called by the loop once this link's keys are deregistered: its pipes take over. */
    void toThreads() {
        try {
            client.configureBlocking(true);
            upstream.configureBlocking(true);
        } catch (IOException | RuntimeException e) { // closed meanwhile
            link.close();
            return;
        }
        link.toThreads(held(up), up.ended, held(down), down.ended);
    }

    private static byte[] held(Side s) {
        if (s.pending == null) {
            return null;
        }
        byte[] b = new byte[s.pending.remaining()];
        s.pending.get(b);
        s.pending = null;
        s.held = 0;
        return b;
    }
}
