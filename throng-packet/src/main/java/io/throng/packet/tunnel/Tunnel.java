package io.throng.packet.tunnel;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.security.InvalidKeyException;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.crypto.AEADBadTagException;

/**
 * A running point-to-point tunnel: a TUN device and a UDP socket, with three threads between them.
 * The device thread reads packets, seals them under the current session and sends them to the peer's
 * endpoint; the socket thread authenticates what arrives and writes it to the device (or answers a
 * handshake); the timer thread starts and retries handshakes, rekeys, sends keepalives and declares a
 * silent peer dead. {@link #close} stops them in that order's reverse and removes the device.
 */
public final class Tunnel implements AutoCloseable {
    static final long REKEY_AFTER = TimeUnit.SECONDS.toNanos(120);
    /** The responder rekeys later than the initiator, so both do not start handshakes at once. */
    static final long RESPONDER_REKEY_AFTER = TimeUnit.SECONDS.toNanos(150);
    static final long REJECT_AFTER = TimeUnit.SECONDS.toNanos(180);
    static final long HANDSHAKE_RETRY = TimeUnit.SECONDS.toNanos(5);
    /**
     * A keepalive is answered when this side sent nothing for this long, so that a side with keepalives
     * hears from an idle peer without them and does not declare it dead; both sides sending within it
     * answer nothing, so keepalives never bounce back and forth unless the round trip exceeds it.
     */
    static final long KEEPALIVE_ANSWER_AFTER = TimeUnit.SECONDS.toNanos(5);
    private static final int POLL_MILLIS = 200, TICK_MILLIS = 200;

    private final TunnelConfig config;
    private final TunDevice tun;
    private final DatagramChannel channel;
    private final Handshake handshake;
    private final Consumer<String> events;
    private final Counters counters = new Counters();
    private final long deadAfterNanos;
    private final Thread deviceThread, socketThread, timerThread;

    private volatile boolean running = true;
    private volatile InetSocketAddress endpoint;
    private volatile Sessions sessions = Sessions.NONE;
    private volatile Handshake.Pending pending;
    private volatile boolean wantSession;
    private volatile long lastSentNanos, lastAuthenticatedNanos;
    private volatile TunnelCipher lastMismatch;

    private Tunnel(TunnelConfig config, TunDevice tun, DatagramChannel channel, Handshake handshake, Consumer<String> events) {
        this.config = config;
        this.tun = tun;
        this.channel = channel;
        this.handshake = handshake;
        this.events = events;
        this.endpoint = config.endpoint();
        long keepalive = config.keepalive().toNanos();
        this.deadAfterNanos = keepalive > 0 ? Math.max(3 * keepalive, TimeUnit.SECONDS.toNanos(10)) : REJECT_AFTER;
        this.deviceThread = Thread.ofPlatform().daemon().name("tunnel-" + config.device() + "-device").unstarted(this::deviceLoop);
        this.socketThread = Thread.ofPlatform().daemon().name("tunnel-" + config.device() + "-socket").unstarted(this::socketLoop);
        this.timerThread = Thread.ofPlatform().daemon().name("tunnel-" + config.device() + "-timer").unstarted(this::timerLoop);
    }

    /**
     * Binds the UDP port, creates and configures the device (MTU, address, up) and starts the tunnel.
     * Throws {@link io.throng.packet.capture.PrivilegeException} without CAP_NET_ADMIN; {@code events}
     * gets one line for each handshake, endpoint change and dead peer.
     */
    public static Tunnel open(TunnelConfig config, Consumer<String> events) throws IOException {
        Handshake handshake;
        try {
            handshake = new Handshake(config.privateKey(), config.peerKey(), config.cipher());
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("the peer's public key is unusable (low order): " + e.getMessage(), e);
        }
        DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
        TunDevice tun = null;
        try {
            // room for bursts while a thread is descheduled: a full queue drops datagrams, and TCP inside backs off
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
            channel.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
            channel.bind(new InetSocketAddress(config.listenPort()));
            tun = TunDevice.open(config.device());
            tun.mtu(config.mtu());
            tun.address(config.address(), config.prefixLength());
            tun.up();
        } catch (IOException | RuntimeException e) {
            channel.close();
            if (tun != null) {
                tun.close();
            }
            throw e;
        }
        Tunnel t = new Tunnel(config, tun, channel, handshake, events);
        t.socketThread.start();
        t.deviceThread.start();
        t.timerThread.start();
        return t;
    }

    /** The counters at this moment. */
    public TunnelCounters counters() {
        return counters.snapshot();
    }

    /** Where the peer is sent to now: configured, or learned from its last authenticated datagram. */
    public Optional<InetSocketAddress> endpoint() {
        return Optional.ofNullable(endpoint);
    }

    /** The UDP port datagrams arrive on. */
    public int port() {
        try {
            return ((InetSocketAddress) channel.getLocalAddress()).getPort();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Whether a session is up (a handshake completed and has not expired). */
    public boolean connected() {
        return sessions.current() != null;
    }

    private void deviceLoop() {
        try (Arena arena = Arena.ofConfined()) {
            // one byte more than the largest packet accepted, so a truncated read shows as too big
            MemorySegment packet = arena.allocate(Wire.MAX_PACKET + 1);
            byte[] plain = new byte[Wire.MAX_PACKET + 1];
            byte[] datagram = new byte[Wire.MAX_PACKET + Wire.OVERHEAD];
            byte[] icmp = new byte[TooBig.MAX_ANSWER];
            MemorySegment icmpSegment = arena.allocate(Math.max(TooBig.MAX_ANSWER, TooBig6.MIN_MTU));
            Aead aead = new Aead(config.cipher());
            while (running) {
                int n = tun.read(packet, POLL_MILLIS);
                if (n == 0) {
                    continue;
                }
                MemorySegment.copy(packet, ValueLayout.JAVA_BYTE, 0, plain, 0, Math.min(n, config.mtu()));
                if (n > config.mtu()) {
                    counters.tooBig.increment();
                    answerTooBig(plain, Math.min(n, config.mtu()), icmp, icmpSegment);
                    continue;
                }
                if (send(aead, plain, n, datagram)) {
                    counters.packetsOut.increment();
                    counters.bytesOut.add(n);
                } else {
                    counters.noSession.increment();
                    wantSession = true;
                }
            }
        } catch (IOException | RuntimeException e) {
            if (running) {
                events.accept("tunnel " + config.device() + ": the device failed: " + e.getMessage());
            }
        }
    }

    /**
     * Tells the sender of an oversize packet the tunnel's MTU through the device, as a router would:
     * ICMP "fragmentation needed" for IPv4, ICMPv6 "Packet Too Big" for IPv6 (each only where its RFC
     * allows an error). Rare, so the IPv6 answer may allocate.
     */
    private void answerTooBig(byte[] plain, int length, byte[] icmp, MemorySegment icmpSegment) throws IOException {
        int version = (plain[0] & 0xf0) >>> 4;
        if (version == 4) {
            int answer = TooBig.answer(plain, length, config.mtu(), icmp);
            if (answer > 0) {
                MemorySegment.copy(icmp, 0, icmpSegment, ValueLayout.JAVA_BYTE, 0, answer);
                if (tun.writeFromReader(icmpSegment, answer)) {
                    counters.fragmentationNeeded.increment();
                }
            }
        } else if (version == 6) {
            byte[] answer = TooBig6.answer(plain, length, config.mtu());
            if (answer != null) {
                MemorySegment.copy(answer, 0, icmpSegment, ValueLayout.JAVA_BYTE, 0, answer.length);
                if (tun.writeFromReader(icmpSegment, answer.length)) {
                    counters.packetTooBig.increment();
                }
            }
        }
    }

    /** Seals {@code length} bytes of {@code plain} under the current session and sends them; false when there is none. */
    private boolean send(Aead aead, byte[] plain, int length, byte[] datagram) throws IOException {
        Session s = sessions.current();
        InetSocketAddress to = endpoint;
        if (s == null || to == null || s.ageNanos(System.nanoTime()) > REJECT_AFTER) {
            return false;
        }
        long counter = s.nextCounter();
        if (counter < 0) {
            return false;
        }
        Wire.header(datagram, Wire.TRANSPORT);
        Wire.putInt(datagram, 4, s.remoteIndex);
        Wire.putLong(datagram, 8, counter);
        int sealed = aead.seal(s.sendKey, counter, datagram, 0, Wire.TRANSPORT_HEADER, plain, 0, length, datagram, Wire.TRANSPORT_HEADER);
        transmit(ByteBuffer.wrap(datagram, 0, Wire.TRANSPORT_HEADER + sealed), to);
        return true;
    }

    private void transmit(ByteBuffer datagram, InetSocketAddress to) throws IOException {
        try {
            channel.send(datagram, to);
            lastSentNanos = System.nanoTime();
        } catch (ClosedChannelException e) {
            throw e;
        } catch (IOException e) {
            // an unreachable endpoint (ICMP error) must not stop the tunnel: the peer may roam back
        }
    }

    private void socketLoop() {
        byte[] datagram = new byte[Wire.MAX_PACKET + Wire.OVERHEAD + 1];
        byte[] plain = new byte[Wire.MAX_PACKET];
        ByteBuffer buffer = ByteBuffer.wrap(datagram);
        Aead aead = new Aead(config.cipher()), keepalives = new Aead(config.cipher());
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment packet = arena.allocate(Wire.MAX_PACKET);
            while (running) {
                buffer.clear();
                SocketAddress from = channel.receive(buffer);
                int length = buffer.position();
                switch (Wire.type(datagram, length)) {
                    case Wire.TRANSPORT -> receiveTransport(aead, keepalives, datagram, length, (InetSocketAddress) from, plain, packet);
                    case Wire.INITIATION -> receiveInitiation(Arrays.copyOf(datagram, length), (InetSocketAddress) from);
                    case Wire.RESPONSE -> receiveResponse(keepalives, Arrays.copyOf(datagram, length), (InetSocketAddress) from);
                    default -> counters.corrupted.increment();
                }
            }
        } catch (ClosedChannelException e) {
            // closed: the tunnel is stopping
        } catch (IOException | RuntimeException e) {
            if (running) {
                events.accept("tunnel " + config.device() + ": the socket failed: " + e.getMessage());
            }
        }
    }

    private void receiveTransport(Aead aead, Aead keepalives, byte[] datagram, int length, InetSocketAddress from, byte[] plain, MemorySegment packet)
            throws IOException {
        Session s = sessions.find(Wire.getInt(datagram, 4));
        if (s == null) {
            counters.unknownSession.increment();
            return;
        }
        long counter = Wire.getLong(datagram, 8);
        // the window is checked before the (costlier) authentication and marked only after it
        if (!s.window.fresh(counter) || counter >= Session.REJECT_AFTER_MESSAGES) {
            counters.replayed.increment();
            return;
        }
        int n;
        try {
            n = aead.open(s.receiveKey, counter, datagram, 0, Wire.TRANSPORT_HEADER,
                    datagram, Wire.TRANSPORT_HEADER, length - Wire.TRANSPORT_HEADER, plain, 0);
        } catch (AEADBadTagException e) {
            counters.forged.increment();
            return;
        }
        s.window.mark(counter);
        authenticated(from);
        if (s == sessions.next()) {
            promote(s);
        }
        if (n == 0) {
            counters.keepalivesIn.increment();
            if (System.nanoTime() - lastSentNanos >= KEEPALIVE_ANSWER_AFTER) {
                sendKeepalive(keepalives);
            }
            return;
        }
        MemorySegment.copy(plain, 0, packet, ValueLayout.JAVA_BYTE, 0, n);
        if (tun.write(packet, n)) {
            counters.packetsIn.increment();
            counters.bytesIn.add(n);
        }
    }

    private void receiveInitiation(byte[] init, InetSocketAddress from) throws IOException {
        Handshake.Accepted accepted;
        try {
            accepted = handshake.respond(init, System.nanoTime());
        } catch (AEADBadTagException e) {
            counters.forged.increment();
            return;
        }
        if (accepted == null) {
            counters.replayed.increment();
            return;
        }
        if (accepted.session() == null) { // authentic, but another cipher: say so, and answer so the initiator knows too
            counters.cipherMismatches.increment();
            mismatch(from, accepted.proposed());
            transmit(ByteBuffer.wrap(accepted.response()), from);
            return;
        }
        synchronized (this) {
            sessions = sessions.offer(accepted.session());
        }
        authenticated(from);
        counters.handshakes.increment();
        events.accept("tunnel " + config.device() + ": handshake answered for " + from);
        transmit(ByteBuffer.wrap(accepted.response()), from);
    }

    private void receiveResponse(Aead aead, byte[] response, InetSocketAddress from) throws IOException {
        Handshake.Pending p = pending;
        if (p == null || Wire.getInt(response, 8) != p.localIndex()) {
            counters.unknownSession.increment();
            return;
        }
        Session s;
        try {
            s = handshake.complete(p, response, System.nanoTime());
        } catch (AEADBadTagException e) {
            counters.forged.increment();
            return;
        } catch (Handshake.CipherMismatch e) {
            // pending stays: the timer retries after HANDSHAKE_RETRY (not at its next tick), so a fixed peer is picked up
            counters.cipherMismatches.increment();
            mismatch(from, e.peers);
            return;
        }
        pending = null; // the ephemeral key goes with it
        promote(s);
        authenticated(from);
        counters.handshakes.increment();
        events.accept("tunnel " + config.device() + ": handshake completed with " + from);
        // confirm the session to the responder at once, so it may send with it
        sendKeepalive(aead);
    }

    /** One line per change of what the peer proposes (not one per retry every 5 s). */
    private void mismatch(InetSocketAddress from, TunnelCipher peers) {
        if (peers != lastMismatch) {
            lastMismatch = peers;
            events.accept("tunnel " + config.device() + ": cipher mismatch: the peer at " + from + " uses " + peers
                    + ", this side " + config.cipher() + "; refused (both sides need the same --cipher)");
        }
    }

    private synchronized void promote(Session s) {
        sessions = sessions.promote(s);
        wantSession = false;
    }

    /** The peer's address follows the source of the last authenticated datagram, never of any other. */
    private void authenticated(InetSocketAddress from) {
        lastAuthenticatedNanos = System.nanoTime();
        InetSocketAddress was = endpoint;
        if (!from.equals(was)) {
            endpoint = from;
            if (was != null) {
                counters.endpointChanges.increment();
            }
            events.accept("tunnel " + config.device() + ": peer endpoint " + (was == null ? "" : was + " -> ") + from);
        }
    }

    private void sendKeepalive(Aead aead) throws IOException {
        byte[] datagram = new byte[Wire.OVERHEAD];
        if (send(aead, new byte[0], 0, datagram)) {
            counters.keepalivesOut.increment();
        }
    }

    private void timerLoop() {
        Aead aead = new Aead(config.cipher());
        long keepalive = config.keepalive().toNanos();
        try {
            while (running) {
                Thread.sleep(TICK_MILLIS);
                long now = System.nanoTime();
                expire(now);
                Session current = sessions.current();
                if (endpoint != null && needsHandshake(current, now, keepalive)) {
                    Handshake.Pending p = pending;
                    if (p == null || now - p.sentNanos() > HANDSHAKE_RETRY) {
                        p = handshake.initiate(now);
                        pending = p;
                        transmit(ByteBuffer.wrap(p.message()), endpoint);
                    }
                }
                if (keepalive > 0 && current != null && now - lastSentNanos >= keepalive) {
                    sendKeepalive(aead);
                }
            }
        } catch (InterruptedException | ClosedChannelException e) {
            // stopping
        } catch (IOException | RuntimeException e) {
            if (running) {
                events.accept("tunnel " + config.device() + ": the timer failed: " + e.getMessage());
            }
        }
    }

    private boolean needsHandshake(Session current, long now, long keepalive) {
        if (current == null) {
            // having just answered the peer's initiation, wait for it to use that session rather than cross handshakes
            Session answered = sessions.next();
            return (wantSession || keepalive > 0) && (answered == null || answered.ageNanos(now) > HANDSHAKE_RETRY);
        }
        return current.ageNanos(now) > (current.initiator ? REKEY_AFTER : RESPONDER_REKEY_AFTER);
    }

    private synchronized void expire(long now) {
        Sessions live = sessions.expire(now, REJECT_AFTER);
        if (!live.isEmpty() && lastAuthenticatedNanos != 0 && now - lastAuthenticatedNanos > deadAfterNanos) {
            live = Sessions.NONE;
            counters.deadPeers.increment();
            events.accept("tunnel " + config.device() + ": peer dead (nothing authenticated for "
                    + TimeUnit.NANOSECONDS.toSeconds(now - lastAuthenticatedNanos) + " s)");
        }
        sessions = live;
    }

    /** Stops the threads (timer, socket, device), then closes the socket and removes the device. */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        timerThread.interrupt();
        try {
            channel.close(); // wakes the socket thread
        } catch (IOException ignored) {
            // closing anyway
        }
        join(timerThread);
        join(socketThread);
        join(deviceThread); // within one poll timeout
        tun.close();
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
