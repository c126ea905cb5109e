package io.throng.chaos;

import io.throng.net.ByteStream;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.List;

/**
 * One proxied connection: the client's socket, the upstream socket, and a {@link Pipe} each way. It
 * decides once per toxic whether the toxic affects it (a toxic's toxicity is a probability per
 * connection, as in toxiproxy: 0 affects none, 1 all), and closes both sockets together.
 */
final class Link implements ProxiedConnection, PipeEnds {
    private final Proxy proxy;
    private final SocketPair sockets;
    private final Pipe up;
    private final Pipe down;
    /** Which toxics affect this connection. */
    private final Draws draws;

    Link(Proxy proxy, SocketChannel client, SocketChannel upstream) {
        this.proxy = proxy;
        this.sockets = new SocketPair(client, upstream);
        this.draws = new Draws(sockets.clientAddress());
        ByteStream c = ByteStream.of(client);
        ByteStream u = ByteStream.of(upstream);
        this.up = new Pipe(this, Direction.UPSTREAM, c, u, proxy.received(Direction.UPSTREAM), proxy.sent(Direction.UPSTREAM));
        this.down = new Pipe(this, Direction.DOWNSTREAM, u, c, proxy.received(Direction.DOWNSTREAM), proxy.sent(Direction.DOWNSTREAM));
    }

    @Override
    public void start(String name) {
        up.start(name + "-up");
        down.start(name + "-down");
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

    @Override
    public boolean partitioned() {
        return draws.partitioned(proxy.toxics().current());
    }

    @Override
    public long buffered() {
        return up.buffered() + down.buffered();
    }

    @Override
    public void kick() {
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
        proxy.closed(this);
    }

}
