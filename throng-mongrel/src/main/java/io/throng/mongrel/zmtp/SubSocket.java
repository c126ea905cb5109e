package io.throng.mongrel.zmtp;

import io.throng.net.ByteStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A bound SUB socket: each PUB (or XPUB) peer gets the subscription right after its handshake, in the
 * form its ZMTP version expects, and then has a virtual thread of its own that reads its messages and
 * gives every frame whose body starts with the prefix to the consumer, on that thread. Peers are read
 * independently, so they are served fairly and one that floods does not starve the others. A frame over
 * the size limit ends its peer's connection before its body is read (ZeroMQ's maxmsgsize).
 *
 * <p>A consumer call may block on a client (a write that cannot be made without waiting): it calls
 * {@link #handOver()} first, and a new thread goes on reading that peer while the blocked one finishes
 * its call and ends; only one thread reads a peer at a time. The consumer must be thread-safe.
 */
public final class SubSocket implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SubSocket.class.getName());
    /** The peer whose reader the current thread is, if it is one. */
    private static final ThreadLocal<Reader> READER = new ThreadLocal<>();

    private final byte[] prefix;
    private final Consumer<byte[]> onMessage;
    private final Listener listener;
    private final AtomicInteger peers = new AtomicInteger();
    private final AtomicLong handOvers = new AtomicLong();

    /** One peer's reading side: who reads it now. */
    private final class Reader {
        final FrameReader in;
        final ByteStream stream;
        volatile Thread thread;
        /** The next frame starts a message (the one before had no MORE). */
        boolean first = true;
        /** The message being read matched the prefix: its later frames go to the consumer too. */
        boolean kept;

        Reader(FrameReader in, ByteStream stream) {
            this.in = in;
            this.stream = stream;
        }

        SubSocket owner() {
            return SubSocket.this;
        }
    }

    private SubSocket(String endpoint, byte[] prefix, long maxMessageBytes, Consumer<byte[]> onMessage) throws IOException {
        this.prefix = prefix.clone();
        this.onMessage = onMessage;
        this.listener = Listener.bind(endpoint, SocketType.SUB, maxMessageBytes, this::serve);
    }

    /** Binds {@code endpoint}; {@code onMessage} gets each frame's body (which it may keep) from any peer. */
    public static SubSocket bind(String endpoint, byte[] prefix, long maxMessageBytes, Consumer<byte[]> onMessage)
            throws IOException {
        return new SubSocket(endpoint, prefix, maxMessageBytes, onMessage);
    }

    /** Peers whose handshake completed and that have not left. */
    public int peers() {
        return peers.get();
    }

    /** Consumer calls that blocked and gave their peer to a new reader. */
    public long handOvers() {
        return handOvers.get();
    }

    /**
     * Called by a consumer about to block: if the current thread is a peer's reader, a new thread takes
     * the peer over and this one ends once its consumer call returns. The consumer must hold whatever
     * keeps its own order (a connection's write lock) so that the replies the new reader delivers cannot
     * overtake the one being written. Returns whether there was a reader to replace.
     */
    public static boolean handOver() {
        Reader r = READER.get();
        if (r == null || r.thread != Thread.currentThread()) {
            return false;
        }
        READER.remove();
        r.owner().handOvers.incrementAndGet();
        Thread t = Thread.ofVirtual().name("zmtp-sub-reader").unstarted(() -> r.owner().read(r));
        r.thread = t;
        t.start();
        return true;
    }

    private void serve(Handshake.Peer peer, ByteStream stream, FrameReader in) throws IOException {
        stream.write(Command.subscribe(prefix, peer.greeting()));
        peers.incrementAndGet();
        read(new Reader(in, stream));
    }

    /**
     * Reads the peer until it leaves, or until a consumer call hands it to a new thread; the thread that
     * reads when the peer leaves closes it (so a peer is closed, and uncounted, once).
     */
    private void read(Reader r) {
        r.thread = Thread.currentThread();
        READER.set(r);
        try {
            for (;;) {
                Frame f = r.in.next();
                if (f.command()) {
                    ByteBuffer answer = Command.parse(f.body()).answer();
                    if (answer != null) {
                        r.stream.write(answer);
                    }
                    continue;
                }
                if (r.first) {
                    r.kept = matches(f.body()); // the prefix is the first frame's, as in ZeroMQ
                }
                r.first = !f.more();
                if (r.kept) {
                    try {
                        onMessage.accept(f.body());
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.WARNING, "reply consumer failed", e);
                    }
                    if (r.thread != Thread.currentThread()) {
                        return; // handed over during the call: the new reader has the peer
                    }
                }
            }
        } catch (EOFException gone) {
            // the peer left
        } catch (ZmtpException e) {
            LOG.log(System.Logger.Level.WARNING, "zmtp SUB: closed a peer: " + e.getMessage());
        } catch (IOException e) {
            // the connection failed: the peer goes
        } finally {
            READER.remove();
        }
        peers.decrementAndGet();
        try {
            r.stream.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private boolean matches(byte[] body) {
        if (body.length < prefix.length) {
            return false;
        }
        return java.util.Arrays.equals(body, 0, prefix.length, prefix, 0, prefix.length);
    }

    public int port() {
        return listener.port();
    }

    @Override
    public void close() {
        listener.close();
    }
}
