package io.throng.chaos;

import io.throng.net.ByteStream;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.List;

/**
 * One proxied connection: the client's socket, the upstream socket, and a {@link Pipe} each way. It
 * decides once per toxic whether the toxic affects it (a toxic's toxicity is a probability per
 * connection, as in toxiproxy: 0 affects none, 1 all), and closes both sockets together.
 *
 * <p>A link that no toxic touches when it starts is relayed by a {@link PassLoop} instead (its
 * {@link PassThrough}), with no thread of its own; once a toxic touches it, the loop hands it to its
 * pipes ({@link #toThreads}), which keep it for the rest of its life. At any time exactly one of the two
 * owns the link's bytes: the loop until it has handed them over, then the pipes.
 */
final class Link implements ProxiedConnection, PipeEnds {
    private final Proxy proxy;
    private final SocketPair sockets;
    private final Pipe up;
    private final Pipe down;
    /** Which toxics affect this connection. */
    private final Draws draws;
    /** The loop's relay while the loop owns the link; null once the pipes do (or if they always did). */
    private volatile PassThrough pass;
    private volatile String name;

    Link(Proxy proxy, SocketChannel client, SocketChannel upstream) {
        this.proxy = proxy;
        this.sockets = new SocketPair(client, upstream);
        this.draws = new Draws(sockets.clientAddress());
        ByteStream c = ByteStream.of(client);
        ByteStream u = ByteStream.of(upstream);
        PassLoop loop = untouched() ? PassLoop.next() : null;
        this.pass = loop == null ? null : new PassThrough(this, loop, client, upstream, c, u, proxy);
        this.up = new Pipe(this, Direction.UPSTREAM, c, u, proxy.received(Direction.UPSTREAM), proxy.sent(Direction.UPSTREAM));
        this.down = new Pipe(this, Direction.DOWNSTREAM, u, c, proxy.received(Direction.DOWNSTREAM), proxy.sent(Direction.DOWNSTREAM));
    }

    @Override
    public void start(String name) {
        this.name = name;
        PassThrough p = pass;
        if (p != null) {
            try {
                p.start();
                return;
            } catch (IOException e) {
                close(); // a socket closed before it could be made non-blocking
                return;
            }
        }
        up.start(name + "-up");
        down.start(name + "-down");
    }

    /**
     * The loop lets go (a toxic touches the link now): the pipes take over, each writing first what the
     * loop read and had not written ({@code null} for nothing); a direction that ended on the loop has
     * passed its FIN on already and gets no pipe. Called by the loop's thread, once the sockets are
     * blocking again.
     */
    void toThreads(byte[] upHeld, boolean upEnded, byte[] downHeld, boolean downEnded) {
        pass = null; // before the pipes start: a kick from now on reaches them
        if (!upEnded) {
            up.start(name + "-up", upHeld);
        }
        if (!downEnded) {
            down.start(name + "-down", downHeld);
        }
    }

    @Override
    public List<NamedToxic> affecting(Direction direction) {
        return draws.affecting(proxy.toxics().current(), direction);
    }

    /**
     * Whether no toxic touches {@code direction} of this connection (no toxic of that stream affects it
     * and no partition does): the pipe's fast path. Cheap when the proxy has no toxics at all.
     */
    @Override
    public boolean untouched(Direction direction) {
        List<NamedToxic> all = proxy.toxics().current();
        return all.isEmpty() || (!draws.partitioned(all) && draws.affecting(all, direction).isEmpty());
    }

    /** Whether a {@link PassLoop} relays this link now (rather than its pipes). */
    boolean onLoop() {
        return pass != null;
    }

    /** Neither direction touched: the loop may relay it. */
    boolean untouched() {
        return untouched(Direction.UPSTREAM) && untouched(Direction.DOWNSTREAM);
    }

    @Override
    public boolean partitioned() {
        return draws.partitioned(proxy.toxics().current());
    }

    @Override
    public long buffered() {
        PassThrough p = pass;
        return up.buffered() + down.buffered() + (p == null ? 0 : p.buffered());
    }

    @Override
    public void kick() {
        PassThrough p = pass;
        if (p != null) {
            p.kick();
            return;
        }
        up.kick();
        down.kick();
    }

    /**
     * A direction's sender finished: the end of stream goes on (a FIN to the other side); once both
     * directions have ended, the connection closes.
     */
    @Override
    public void ended(Direction direction, ByteStream sink) {
        try {
            sink.shutdownOutput();
        } catch (IOException e) {
            close();
            return;
        }
        if (sockets.bothEnded()) {
            close();
        }
    }

    /** Closes both sockets with a TCP RST instead of a FIN (SO_LINGER 0), as reset_peer does. */
    @Override
    public void reset() {
        sockets.lingerZero();
        close();
    }

    @Override
    public void close() {
        if (!sockets.close()) {
            return;
        }
        up.stop();
        down.stop();
        PassThrough p = pass;
        if (p != null) {
            p.closed();
        }
        proxy.closed(this);
    }

}
