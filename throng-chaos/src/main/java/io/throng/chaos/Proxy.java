package io.throng.chaos;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;

/**
 * A named listener that forwards each accepted connection to {@code upstream} through its toxics.
 * Enabled, it listens and connects each client to the upstream at once (so protocols where the server
 * speaks first work); disabled, it does not listen and has no connections. A UDP proxy forwards
 * datagrams instead, in a session per client address and port (its {@code UdpRelay}); its protocol is
 * fixed when it is made.
 *
 * <p>{@code listen} is what was asked ({@code "127.0.0.1:0"}) until the proxy starts, then the address
 * it is bound to ({@code "127.0.0.1:34567"}), so a port of 0 shows the one chosen and a restart binds it
 * again, as in toxiproxy.
 */
public final class Proxy {
    private final String name;
    private final Protocol protocol;
    private final ToxicChain toxics = new ToxicChain();
    private final Set<ProxiedConnection> links = ConcurrentHashMap.newKeySet();
    private final Map<Direction, LongAdder> received = new EnumMap<>(Direction.class);
    private final Map<Direction, LongAdder> sent = new EnumMap<>(Direction.class);
    private final LongAdder overflowed = new LongAdder();
    private String listen;
    private String upstream;
    private ServerSocketChannel listener;
    /** The thread blocked in the listener's accept, which finishes its close. */
    private Thread acceptor;
    private volatile UdpRelay relay;
    private long connections;

    Proxy(String name, String listen, String upstream, Protocol protocol) {
        this.name = name;
        this.protocol = protocol;
        this.listen = listen;
        this.upstream = upstream;
        for (Direction d : Direction.values()) {
            received.put(d, new LongAdder());
            sent.put(d, new LongAdder());
        }
    }

    public String name() {
        return name;
    }

    public synchronized String listen() {
        return listen;
    }

    public synchronized String upstream() {
        return upstream;
    }

    public Protocol protocol() {
        return protocol;
    }

    public synchronized boolean enabled() {
        return listener != null || relay != null;
    }

    /** Open connections; for a UDP proxy, its sessions. */
    public int connectionCount() {
        UdpRelay r = relay;
        return links.size() + (r == null ? 0 : r.sessions());
    }

    /** Connections relayed by a {@link PassLoop} (no toxic touched them yet), for tests and diagnosis. */
    int loopRelayed() {
        int n = 0;
        for (ProxiedConnection l : links) {
            if (l instanceof Link link && link.onLoop()) {
                n++;
            }
        }
        return n;
    }

    /**
     * Datagrams a UDP proxy dropped because a bound was reached (its delay line full, or too many
     * clients), not because a toxic said so.
     */
    public long overflowedDatagrams() {
        return overflowed.sum();
    }

    /** Bytes read from the sender of {@code direction} (client for upstream, server for downstream). */
    public long receivedBytes(Direction direction) {
        return received.get(direction).sum();
    }

    /** Bytes written to the receiver of {@code direction}. */
    public long sentBytes(Direction direction) {
        return sent.get(direction).sum();
    }

    /** Bytes read but not yet written, over all connections: never more than a bound per connection. */
    public long bufferedBytes() {
        long n = 0;
        for (ProxiedConnection l : links) {
            n += l.buffered();
        }
        UdpRelay r = relay;
        return r == null ? n : n + r.buffered();
    }

    /** The toxics, upstream ones first then downstream ones, each in the order added. */
    public List<NamedToxic> toxicList() {
        return toxics.list();
    }

    /** The named toxic; 404 if there is none. */
    public NamedToxic toxic(String name) {
        return toxics.get(name);
    }

    /**
     * Adds a toxic, which takes hold on every connection at once; 409 if the name is taken, 400 if the
     * toxic does not apply to this proxy's protocol.
     */
    public NamedToxic addToxic(NamedToxic toxic) {
        return toxics.add(allowed(toxic));
    }

    /** Replaces the named toxic by {@code change} applied to it; connections draw its toxicity again. */
    public NamedToxic updateToxic(String name, UnaryOperator<NamedToxic> change) {
        return toxics.update(name, t -> allowed(change.apply(t)));
    }

    private NamedToxic allowed(NamedToxic t) {
        if (!protocol.allows(t.toxic())) {
            String article = protocol == Protocol.HTTP ? "an " : "a ";
            throw new ChaosException(400, "toxic type " + t.type() + " does not apply to " + article
                    + protocol.apiName() + " proxy");
        }
        return t;
    }

    public void removeToxic(String name) {
        toxics.remove(name);
    }

    ToxicChain toxics() {
        return toxics;
    }

    LongAdder received(Direction d) {
        return received.get(d);
    }

    LongAdder sent(Direction d) {
        return sent.get(d);
    }

    LongAdder overflowed() {
        return overflowed;
    }

    /** Listens, unless it already does; the error says why the address cannot be bound. */
    synchronized void start() {
        if (enabled()) {
            return;
        }
        InetSocketAddress address = Addresses.parse(listen);
        if (protocol == Protocol.UDP) {
            startUdp(address);
            return;
        }
        ServerSocketChannel ch = null;
        try {
            ch = ServerSocketChannel.open();
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(address);
        } catch (IOException | RuntimeException e) {
            Addresses.closeQuietly(ch);
            throw new ChaosException(500, "listen tcp " + listen + ": " + e.getMessage());
        }
        listener = ch;
        listen = Addresses.format((InetSocketAddress) ch.socket().getLocalSocketAddress());
        ServerSocketChannel accepting = ch;
        acceptor = Thread.ofVirtual().name("chaos-" + name + "-accept").start(() -> accept(accepting));
    }

    private void startUdp(InetSocketAddress address) {
        DatagramChannel ch = null;
        try {
            ch = DatagramChannel.open();
            ch.bind(address);
        } catch (IOException | RuntimeException e) {
            Addresses.closeQuietly(ch);
            throw new ChaosException(500, "listen udp " + listen + ": " + e.getMessage());
        }
        InetSocketAddress to;
        try {
            to = Addresses.parse(upstream);
        } catch (RuntimeException e) {
            Addresses.closeQuietly(ch);
            throw new ChaosException(500, "upstream udp " + upstream + ": " + e.getMessage());
        }
        if (to.isUnresolved()) {
            Addresses.closeQuietly(ch);
            throw new ChaosException(500, "upstream udp " + upstream + ": no such host");
        }
        UdpRelay r = new UdpRelay(this, ch, to);
        listen = Addresses.format((InetSocketAddress) ch.socket().getLocalSocketAddress());
        relay = r;
        r.start();
    }

    /**
     * Stops listening and closes every connection; returns once the listening port is free, so it can
     * be bound again at once (by this proxy restarted or by anything else).
     */
    synchronized void stop() {
        UdpRelay r = relay;
        if (r != null) {
            relay = null;
            r.close();
        }
        if (listener == null) {
            return;
        }
        Addresses.closeAndAwait(listener, acceptor);
        listener = null;
        acceptor = null;
        for (ProxiedConnection l : links) {
            l.close();
        }
    }

    /** Takes the new addresses; a proxy whose addresses change restarts, as in toxiproxy. */
    synchronized void update(String newListen, String newUpstream, boolean enable) {
        if (!Addresses.sameListen(listen, newListen) || !upstream.equals(newUpstream)) {
            stop();
            listen = newListen;
            upstream = newUpstream;
        }
        if (enable) {
            start();
        } else {
            stop();
        }
    }

    void closed(ProxiedConnection link) {
        links.remove(link);
        toxics.detach(link);
    }

    private void accept(ServerSocketChannel ch) {
        while (true) {
            SocketChannel client;
            try {
                client = ch.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!ch.isOpen()) {
                    return;
                }
                continue;
            }
            Thread.ofVirtual().name("chaos-" + name + "-connect").start(() -> connect(ch, client));
        }
    }

    /** Connects a new client to the upstream; if that fails the client is closed, as toxiproxy does. */
    private void connect(ServerSocketChannel from, SocketChannel client) {
        SocketChannel server = null;
        try {
            String to;
            long id;
            synchronized (this) {
                to = upstream;
                id = ++connections;
            }
            server = SocketChannel.open(Addresses.parse(to));
            client.setOption(StandardSocketOptions.TCP_NODELAY, true);
            server.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ProxiedConnection link = protocol == Protocol.HTTP
                    ? new HttpLink(this, client, server)
                    : new Link(this, client, server);
            links.add(link);
            toxics.attach(link);
            if (!from.isOpen()) {
                link.close(); // the proxy stopped while this one connected
                return;
            }
            link.start("chaos-" + name + "-" + id);
        } catch (IOException | RuntimeException e) {
            Addresses.closeQuietly(client);
            Addresses.closeQuietly(server);
        }
    }
}
