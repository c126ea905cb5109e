package io.throng.packet.tunnel;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import io.throng.packet.sys.Errno;
import io.throng.packet.sys.MessageBatch;
import io.throng.packet.sys.Sockets;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.security.InvalidKeyException;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.crypto.AEADBadTagException;

/**
 * A running point-to-point tunnel: a TUN device and a UDP socket, with three threads between them.
 * The device thread reads every packet queued on the device (up to {@code BATCH} (32)), seals each under
 * the current session and sends them all to the peer's endpoint with one sendmmsg(2); the socket thread
 * takes up to {@code BATCH} (32) datagrams with one recvmmsg(2), authenticates each in arrival order and
 * writes it to the device (or answers a handshake); the timer thread starts and retries handshakes,
 * rekeys, sends keepalives and declares a silent peer dead. {@link #close} stops them and removes the device.
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
    /**
     * Datagrams per sendmmsg/recvmmsg at most. A batch is sent as soon as the device has nothing more
     * queued, so a lone packet waits for no other; the cap only bounds the native buffers (the receive
     * side's slots take the largest datagram, 64 KiB each).
     */
    static final int BATCH = 32;
    /** A receive slot: more than the largest UDP payload (65,527 bytes over IPv6), so nothing is truncated. */
    private static final int RECEIVE_SLOT = 1 << 16;
    /** Handshake messages and keepalives: the largest is an initiation. */
    private static final int CONTROL_SLOT = Wire.INITIATION_SIZE;

    private final TunnelConfig config;
    private final TunDevice tun;
    private final UdpSocket socket;
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

    private Tunnel(TunnelConfig config, TunDevice tun, UdpSocket socket, Handshake handshake, Consumer<String> events) {
        this.config = config;
        this.tun = tun;
        this.socket = socket;
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
        UdpSocket socket = UdpSocket.open(config.listenPort(), 4 << 20);
        TunDevice tun = null;
        try {
            if (config.endpoint() != null && config.endpoint().getAddress() instanceof Inet6Address && socket.family() != Sockets.AF_INET6) {
                throw new IllegalArgumentException("the endpoint " + config.endpoint() + " is IPv6, and this kernel has no IPv6 sockets");
            }
            tun = TunDevice.open(config.device());
            tun.mtu(config.mtu());
            tun.address(config.address(), config.prefixLength());
            tun.up();
        } catch (IOException | RuntimeException e) {
            socket.close();
            if (tun != null) {
                tun.close();
            }
            throw e;
        }
        Tunnel t = new Tunnel(config, tun, socket, handshake, events);
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
        return socket.port();
    }

    /** Whether a session is up (a handshake completed and has not expired). */
    public boolean connected() {
        return sessions.current() != null;
    }

    /**
     * Drains the device into the outbox and sends the batch when the device has nothing more queued (or
     * the batch is full); only then waits in poll. Each packet is read into the datagram's payload
     * position and sealed in place, so it is copied only from the device's buffer and into the batch.
     */
    private void deviceLoop() {
        try (Arena arena = Arena.ofConfined()) {
            // one byte more than the largest packet accepted, so a truncated read shows as too big
            MemorySegment packet = arena.allocate(Wire.MAX_PACKET + 1);
            byte[] datagram = new byte[Wire.OVERHEAD + config.mtu()];
            byte[] icmp = new byte[TooBig.MAX_ANSWER];
            MemorySegment icmpSegment = arena.allocate(Math.max(TooBig.MAX_ANSWER, TooBig6.MIN_MTU));
            Aead aead = new Aead(config.cipher());
            Outbox out = new Outbox(socket, arena, BATCH, Wire.OVERHEAD + config.mtu());
            while (running) {
                int n = tun.readNow(packet);
                if (n < 0) {
                    flush(out);
                    tun.await(POLL_MILLIS);
                    continue;
                }
                int kept = Math.min(n, config.mtu());
                MemorySegment.copy(packet, ValueLayout.JAVA_BYTE, 0, datagram, Wire.TRANSPORT_HEADER, kept);
                if (n > config.mtu()) {
                    counters.tooBig.increment();
                    answerTooBig(datagram, kept, icmp, icmpSegment);
                    continue;
                }
                int sealed = seal(aead, datagram, n);
                if (sealed < 0) {
                    counters.noSession.increment();
                    wantSession = true;
                    continue;
                }
                out.add(datagram, sealed);
                counters.packetsOut.increment();
                counters.bytesOut.add(n);
                if (out.isFull()) {
                    flush(out);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (running) {
                events.accept("tunnel " + config.device() + ": the device failed: " + e.getMessage());
            }
        }
    }

    /** Sends the batch to the endpoint as it is now (a roam during the batch redirects all of it, as it should). */
    private void flush(Outbox out) throws IOException {
        if (!out.isEmpty() && out.flush(endpoint) > 0) {
            lastSentNanos = System.nanoTime();
        }
    }

    /**
     * Tells the sender of an oversize packet the tunnel's MTU through the device, as a router would:
     * ICMP "fragmentation needed" for IPv4, ICMPv6 "Packet Too Big" for IPv6 (each only where its RFC
     * allows an error). Rare, so it may allocate.
     */
    private void answerTooBig(byte[] datagram, int length, byte[] icmp, MemorySegment icmpSegment) throws IOException {
        byte[] plain = Arrays.copyOfRange(datagram, Wire.TRANSPORT_HEADER, Wire.TRANSPORT_HEADER + length);
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

    /**
     * Seals the {@code length}-byte packet at {@code datagram[TRANSPORT_HEADER..]} in place under the current
     * session and writes the header before it: the datagram's length, or -1 when there is no session or no endpoint.
     */
    private int seal(Aead aead, byte[] datagram, int length) {
        Session s = sessions.current();
        if (s == null || endpoint == null || s.ageNanos(System.nanoTime()) > REJECT_AFTER) {
            return -1;
        }
        long counter = s.nextCounter();
        if (counter < 0) {
            return -1;
        }
        Wire.header(datagram, Wire.TRANSPORT);
        Wire.putInt(datagram, 4, s.remoteIndex);
        Wire.putLong(datagram, 8, counter);
        return Wire.TRANSPORT_HEADER + aead.seal(s.sendKey, counter, datagram, 0, Wire.TRANSPORT_HEADER,
                datagram, Wire.TRANSPORT_HEADER, length, datagram, Wire.TRANSPORT_HEADER);
    }

    /** One control message (handshake, keepalive) to {@code to} now, through the calling thread's outbox. */
    private void transmit(Outbox out, byte[] message, int length, InetSocketAddress to) throws IOException {
        if (out.sendNow(message, length, to) > 0) {
            lastSentNanos = System.nanoTime();
        }
    }

    /**
     * Takes the datagrams queued on the socket, up to {@code BATCH} (32) per recvmmsg, and handles each whole
     * and in arrival order, exactly as if it had come alone: every one is checked against the replay window,
     * authenticated and only then marked, so a forged or replayed datagram inside a batch is dropped alone.
     */
    private void socketLoop() {
        byte[] datagram = new byte[RECEIVE_SLOT];
        byte[] plain = new byte[Wire.MAX_PACKET];
        Aead aead = new Aead(config.cipher()), keepalives = new Aead(config.cipher());
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment packet = arena.allocate(Wire.MAX_PACKET);
            MemorySegment errno = Errno.segment(arena);
            MessageBatch in = new MessageBatch(arena, BATCH, RECEIVE_SLOT);
            Outbox out = new Outbox(socket, arena, 1, CONTROL_SLOT);
            SocketAddresses.Decoder sources = new SocketAddresses.Decoder(arena);
            while (running) {
                int count = socket.receive(in, errno);
                for (int i = 0; i < count && running; i++) {
                    int length = in.length(i);
                    if ((in.flags(i) & Sockets.MSG_TRUNC) != 0) {
                        counters.corrupted.increment(); // larger than any message (cannot happen with 64 KiB slots)
                        continue;
                    }
                    MemorySegment.copy(in.slot(i), ValueLayout.JAVA_BYTE, 0, datagram, 0, length);
                    InetSocketAddress from = sources.decode(in.address(i));
                    switch (Wire.type(datagram, length)) {
                        case Wire.TRANSPORT -> receiveTransport(aead, keepalives, out, datagram, length, from, plain, packet);
                        case Wire.INITIATION -> receiveInitiation(out, Arrays.copyOf(datagram, length), from);
                        case Wire.RESPONSE -> receiveResponse(keepalives, out, Arrays.copyOf(datagram, length), from);
                        default -> counters.corrupted.increment();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            if (running) {
                events.accept("tunnel " + config.device() + ": the socket failed: " + e.getMessage());
            }
        }
    }

    private void receiveTransport(Aead aead, Aead keepalives, Outbox out, byte[] datagram, int length, InetSocketAddress from, byte[] plain, MemorySegment packet)
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
                sendKeepalive(keepalives, out);
            }
            return;
        }
        MemorySegment.copy(plain, 0, packet, ValueLayout.JAVA_BYTE, 0, n);
        if (tun.write(packet, n)) {
            counters.packetsIn.increment();
            counters.bytesIn.add(n);
        }
    }

    private void receiveInitiation(Outbox out, byte[] init, InetSocketAddress from) throws IOException {
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
            transmit(out, accepted.response(), accepted.response().length, from);
            return;
        }
        synchronized (this) {
            sessions = sessions.offer(accepted.session());
        }
        authenticated(from);
        counters.handshakes.increment();
        events.accept("tunnel " + config.device() + ": handshake answered for " + from);
        transmit(out, accepted.response(), accepted.response().length, from);
    }

    private void receiveResponse(Aead aead, Outbox out, byte[] response, InetSocketAddress from) throws IOException {
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
        sendKeepalive(aead, out);
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

    private void sendKeepalive(Aead aead, Outbox out) throws IOException {
        byte[] datagram = new byte[Wire.OVERHEAD];
        int sealed = seal(aead, datagram, 0);
        InetSocketAddress to = endpoint;
        if (sealed > 0 && to != null) {
            transmit(out, datagram, sealed, to);
            counters.keepalivesOut.increment();
        }
    }

    private void timerLoop() {
        Aead aead = new Aead(config.cipher());
        long keepalive = config.keepalive().toNanos();
        try (Arena arena = Arena.ofConfined()) {
            Outbox out = new Outbox(socket, arena, 1, CONTROL_SLOT);
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
                        transmit(out, p.message(), p.message().length, endpoint);
                    }
                }
                if (keepalive > 0 && current != null && now - lastSentNanos >= keepalive) {
                    sendKeepalive(aead, out);
                }
            }
        } catch (InterruptedException e) {
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

    /** Stops the threads (timer, socket, device: each within 200 ms), then closes the socket and removes the device. */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        timerThread.interrupt();
        socket.stop(); // a receive or a send into a full buffer returns within its timeout
        join(timerThread);
        join(socketThread);
        join(deviceThread); // within one poll timeout
        socket.close();
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
