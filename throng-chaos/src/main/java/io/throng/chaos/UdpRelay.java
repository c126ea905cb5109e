package io.throng.chaos;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A running UDP proxy: the socket it listens on, a {@link UdpSession} per client address and port (the
 * UDP counterpart of a TCP connection: toxicity is drawn per session), and the {@link DelayLine} that
 * holds delayed datagrams. A datagram from a client goes out of its session's socket to the upstream; a
 * reply comes back out of the listening socket to the client, so both sides see the addresses they
 * expect.
 *
 * <p>Bounded: at most {@link #MAX_SESSIONS} sessions (a datagram from one more client is dropped), a
 * session idle for {@link #IDLE_NANOS} is closed, and the delay line holds at most {@link #CAPACITY}
 * bytes. Beyond those, what a flood sends is lost in the kernel's socket buffers or dropped here and
 * counted, never queued.
 */
final class UdpRelay {
    /** The largest UDP payload over IPv4. */
    static final int MAX_DATAGRAM = 65_507;
    static final int MAX_SESSIONS = 1024;
    static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(60);
    static final long CAPACITY = 4L * 1024 * 1024;

    private final Proxy proxy;
    private final DatagramChannel listener;
    private final InetSocketAddress upstream;
    private final Map<SocketAddress, UdpSession> sessions = new ConcurrentHashMap<>();
    private final DelayLine delays = new DelayLine(CAPACITY);
    private volatile boolean closed;
    private Thread reaper;
    /** The thread blocked in the listener's receive, which finishes its close. */
    private Thread receiver;

    UdpRelay(Proxy proxy, DatagramChannel listener, InetSocketAddress upstream) {
        this.proxy = proxy;
        this.listener = listener;
        this.upstream = upstream;
    }

    void start() {
        String name = "chaos-" + proxy.name();
        delays.start(name + "-delays");
        receiver = Thread.ofVirtual().name(name + "-receive").start(this::receive);
        reaper = Thread.ofVirtual().name(name + "-reaper").start(this::reap);
    }

    int sessions() {
        return sessions.size();
    }

    long buffered() {
        return delays.bytes();
    }

    /** Closes every session; returns once the listening port is free. */
    void close() {
        closed = true;
        Addresses.closeAndAwait(listener, receiver);
        delays.close();
        reaper.interrupt();
        for (UdpSession s : sessions.values()) {
            s.close();
        }
        sessions.clear();
    }

    /** One datagram of {@code session} in {@code direction}: through the toxics, then sent or held. */
    void forward(UdpSession session, Direction direction, byte[] data) {
        proxy.received(direction).add(data.length);
        session.touch();
        List<NamedToxic> all = proxy.toxics().current();
        if (session.draws.partitioned(all)) {
            return; // an unplugged cable loses datagrams
        }
        DatagramToxics toxics = direction == Direction.UPSTREAM ? session.up : session.down;
        DatagramToxics.Verdict v = toxics.apply(data, session.draws.affecting(all, direction));
        DatagramChannel out = direction == Direction.UPSTREAM ? session.upstream : listener;
        SocketAddress to = direction == Direction.UPSTREAM ? upstream : session.client;
        long due = System.nanoTime() + v.delayNanos();
        for (int i = 0; i < v.copies(); i++) {
            if (v.delayNanos() == 0) {
                DelayLine.send(out, to, data, proxy.sent(direction));
            } else if (!delays.offer(due, out, to, data, proxy.sent(direction))) {
                proxy.overflowed().increment();
            }
        }
    }

    private void receive() {
        ByteBuffer buf = ByteBuffer.allocate(MAX_DATAGRAM);
        while (!closed) {
            buf.clear();
            SocketAddress from;
            try {
                from = listener.receive(buf);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!listener.isOpen()) {
                    return;
                }
                continue;
            }
            UdpSession s = session((InetSocketAddress) from);
            if (s == null) {
                proxy.overflowed().increment();
                continue;
            }
            forward(s, Direction.UPSTREAM, Arrays.copyOf(buf.array(), buf.position()));
        }
    }

    /** The client's session, opened on its first datagram; null if there are too many or it cannot open. */
    private UdpSession session(InetSocketAddress client) {
        UdpSession s = sessions.get(client);
        if (s != null || sessions.size() >= MAX_SESSIONS) {
            return s;
        }
        DatagramChannel ch = null;
        try {
            ch = DatagramChannel.open();
            ch.connect(upstream);
            s = new UdpSession(client, ch);
            sessions.put(client, s);
            if (closed) { // the relay closed while this one opened: close() may have missed it
                sessions.remove(client);
                s.close();
                return null;
            }
            s.start(this, "chaos-" + proxy.name() + "-" + Addresses.format(client));
            return s;
        } catch (IOException | RuntimeException e) {
            Addresses.closeQuietly(ch);
            return null;
        }
    }

    /** Closes sessions idle for longer than {@link #IDLE_NANOS}, checking a few times per period. */
    private void reap() {
        while (!closed) {
            try {
                TimeUnit.NANOSECONDS.sleep(IDLE_NANOS / 4);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            sessions.values().removeIf(s -> {
                boolean idle = now - s.lastActive() > IDLE_NANOS;
                if (idle) {
                    s.close();
                }
                return idle;
            });
        }
    }
}
