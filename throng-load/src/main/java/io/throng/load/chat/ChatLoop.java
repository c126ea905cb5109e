package io.throng.load.chat;

import io.throng.load.ConnectOutcome;
import io.throng.load.Connects;
import io.throng.load.SourcePorts;
import io.throng.load.TlsFailure;
import io.throng.load.TlsRecorder;
import io.throng.load.tls.PlainWire;
import io.throng.load.tls.TlsBuffers;
import io.throng.load.tls.TlsWire;
import io.throng.load.tls.Wire;
import io.throng.net.tls.TlsClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One thread, one selector, a share of the simulated users. Each user is a small state machine
 * (connect, upgrade, hello, join, then say on its schedule and read everything its room says) driven by
 * socket readiness and by one timer queue; nothing blocks, so a loop holds thousands of users in a few
 * hundred bytes each plus the kernel's socket.
 *
 * <p>Open model: a user's message {@code k} is due at its first slot plus {@code k * every} whatever the server
 * is doing; its text carries that intended time and the actual send time (wall-clock microseconds), so every
 * member can charge the delivery to the schedule, not to a loader that fell behind.
 *
 * <p>Reconnection (unless the scenario turns it off) does what the real chat client does: a user whose connection
 * drops (the server closed it as a slow consumer, a worker died, a reset) waits a jittered, exponentially growing
 * delay (bounded in length and in attempts), connects again and sends {@code resume} with its session and the last
 * sequence it saw, so the server replays what it missed or sends an explicit {@code gap}. If the session is gone
 * ({@code unknown_session}) it says {@code hello} and {@code join}s with {@code after}. Its unacknowledged
 * {@code say}s are sent again with the same {@code cid} (the server stores each once), and the slots of its
 * schedule that fell due while it was away are sent then, charged from their intended times.
 *
 * <p>wss://: between the TCP connect and the upgrade a user is in state {@code TLS}, its handshake driven by this
 * loop through a {@link TlsWire} within the same connect timeout. A failed handshake counts as the error {@code tls}
 * (not {@code connect}), its reason kept by a {@link TlsRecorder}; TCP connect and handshake times are recorded
 * apart for every connection, first connects and reconnects alike.
 *
 * <p>Accounts (protocol version 2): a user with a token says {@code hello} and {@code resume} with {@code "v":2} and
 * its token, and its {@code welcome} must name its own account. A token the server refuses ({@code auth_required})
 * is the error {@code auth}: the attempt ends at once and is not retried with the same token, which would be refused
 * again (a reconnecting user is dropped). A login revoked during the run ({@code revoked}, the connection's last
 * frame) is the error {@code revoked}, and the user is dropped rather than resumed: its token is dead, and a real
 * client would have to log in again, which the load tool does not do in the measured phase.
 */
final class ChatLoop implements Runnable {
    private static final int MAX_FRAME = 1 << 20;
    private static final int MAX_CONNECT_ATTEMPTS = 3;
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int MAX_RECONNECT_ATTEMPTS = 10;
    private static final long BACKOFF_BASE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long BACKOFF_MAX_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private static final boolean DEBUG = Boolean.getBoolean("throng.load.debug");

    private enum State { WAITING, CONNECTING, TLS, UPGRADING, HELLO, RESUMING, JOINING, ACTIVE, CLOSED }

    /** A say not acknowledged yet: enough to send it again with the same cid. */
    private record Pending(int cid, long intendedMicros) {}

    private static final class User {
        final int g;
        final String nick;
        final String room;
        final int roomIndex;
        final MemberLedger ledger = new MemberLedger();
        /** Login token (protocol version 2), or null for version 1's claimed nickname. */
        final String token;
        /** Its login is dead (refused with {@code auth_required}, or {@code revoked}): it does not come back. */
        boolean revoked;
        State state = State.WAITING;
        SocketChannel channel;
        /** The channel's bytes as frames: plain, or TLS. */
        Wire wire;
        TlsWire tlsWire;
        long connectStartedAt;
        long tcpUpAt;
        SelectionKey key;
        String wsKey;
        ByteBuffer head;
        ByteBuffer carry;
        ArrayDeque<ByteBuffer> out;
        long timerAt = -1;
        int attempts;
        int bindRetries;
        int nextCid;
        /** Says sent (or due while away) and not yet acknowledged nor refused, oldest first; null when none. */
        ArrayDeque<Pending> pending;
        /** The session token from {@code welcome}, for {@code resume}. */
        String session;
        /** Between a dropped connection and the resumed session. */
        boolean reconnecting;
        /** When the next say of the schedule is due (nanoTime), -1 before the first join. */
        long nextSayAt = -1;
        /** Joined its room at least once. */
        boolean joined;
        /** Its latest attempt failed in the TLS handshake: an error {@code tls}, not {@code connect}. */
        boolean tlsFailed;
        /** Why its latest attempt failed (refused, timed out, failed), for {@link #users()}. */
        ConnectOutcome lastFailure;

        User(int g, String nick, String room, int roomIndex, String token) {
            this.g = g;
            this.token = token;
            this.nick = nick;
            this.room = room;
            this.roomIndex = roomIndex;
        }
    }

    private record Timer(long at, User user) {}

    private final ChatScenario scenario;
    private final InetSocketAddress target;
    private final TlsClient tls;
    private final TlsRecorder tlsTimes = new TlsRecorder();
    private TlsBuffers tlsBuffers;
    private final InetAddress source;
    private final SourcePorts ports;
    private final ChatMeter meter;
    private final ChatPhase phase;
    private final AtomicLongArray roomHigh;
    private final List<User> users = new ArrayList<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>((a, b) -> Long.compare(a.at, b.at));
    private final ByteBuffer readBuffer = ByteBuffer.allocate(256 * 1024);
    private final ServerFrame frame = new ServerFrame();
    private final byte[] padding;
    private final String hostHeader;
    private Selector selector;
    private volatile boolean settled;
    private volatile long lastDeliveryNanos;

    /**
     * @param userIndices global indices of this loop's users
     * @param tokens the users' login tokens (protocol version 2), or null (version 1)
     * @param roomHigh highest sequence seen or acknowledged per room in this process, shared by its loops
     */
    ChatLoop(ChatScenario scenario, InetSocketAddress target, TlsClient tls, InetAddress source, SourcePorts ports,
            List<Integer> userIndices, AccountTokens tokens, ChatMeter meter, ChatPhase phase,
            AtomicLongArray roomHigh) {
        this.scenario = scenario;
        this.target = target;
        this.tls = tls;
        this.source = source;
        this.ports = ports;
        this.meter = meter;
        this.phase = phase;
        this.roomHigh = roomHigh;
        for (int g : userIndices) {
            users.add(new User(g, AccountTokens.nick(g), scenario.roomOf(g), g % scenario.rooms(),
                    tokens == null ? null : tokens.tokenOf(g)));
        }
        this.padding = " ".concat("x".repeat(scenario.textBytes())).getBytes(StandardCharsets.US_ASCII);
        this.hostHeader = scenario.host().contains(":") ? "[" + scenario.host() + "]:" + scenario.port()
                : scenario.host() + ":" + scenario.port();
    }

    /** True once, after sending ended, every user of this loop has its acks and has caught up with its room. */
    boolean settled() {
        return settled;
    }

    /** When this loop last received a message (nanoTime), 0 if never. */
    long lastDeliveryNanos() {
        return lastDeliveryNanos;
    }

    @Override
    public void run() {
        try (Selector s = Selector.open()) {
            selector = s;
            phase.go.await();
            if (phase.stopped) {
                return;
            }
            for (User u : users) {
                schedule(u, phase.startNanos + scenario.connectAtNanos(u.g));
            }
            loop();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            for (User u : users) {
                if (u.state == State.ACTIVE) {
                    meter.connected(-1);
                }
                closeQuietly(u);
            }
            phase.done.countDown();
        }
    }

    /**
     * Where this loop's users ended up (after {@link #run} ended): joined at least once ({@code held}); never
     * tried ({@code notStarted}: the run ended or sending stopped before its turn came); still connecting when the
     * run ended ({@code pending}); or never joined, by why its latest attempt failed.
     */
    Connects users() {
        Connects.Counter count = new Connects.Counter();
        for (User u : users) {
            count.add(u.joined ? ConnectOutcome.HELD
                    : u.attempts == 0 ? ConnectOutcome.NOT_STARTED
                    : u.state != State.WAITING && u.state != State.CLOSED ? ConnectOutcome.PENDING
                    : u.lastFailure == null ? ConnectOutcome.FAILED : u.lastFailure);
        }
        return count.of(users.size()).withTls(tlsTimes.take());
    }

    /** Adds each user's evidence to its room's builder (after {@link #run} ended). */
    void tally(RoomTally.Builder[] rooms) {
        for (User u : users) {
            u.ledger.addTo(rooms[u.roomIndex]);
        }
    }

    private void loop() throws IOException {
        while (!phase.stopped) {
            long now = System.nanoTime();
            if (now >= phase.drainEndNanos) {
                return;
            }
            fireTimers(now);
            if (now >= phase.sendEndNanos) {
                settled = computeSettled();
            }
            long wait = timers.isEmpty() ? 10_000_000 : Math.min(10_000_000, timers.peek().at - now);
            if (wait >= 1_000_000) {
                selector.select(wait / 1_000_000);
            } else {
                selector.selectNow();
            }
            now = System.nanoTime();
            for (SelectionKey k : selector.selectedKeys()) {
                User u = (User) k.attachment();
                try {
                    if (!k.isValid()) {
                        continue;
                    }
                    if (k.isConnectable()) {
                        connected(u, now);
                    } else if (u.state == State.TLS) {
                        handshake(u, now);
                    } else {
                        if (k.isWritable()) {
                            flush(u);
                        }
                        if (k.isValid() && k.isReadable()) {
                            read(u, now);
                            while (u.wire != null && u.wire.buffered()) { // TLS: plaintext left that no event announces
                                read(u, now);
                            }
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    fail(u, now, e);
                }
            }
            selector.selectedKeys().clear();
        }
    }

    private boolean computeSettled() {
        for (User u : users) {
            if (u.reconnecting && u.state != State.CLOSED) {
                return false;
            }
            if (u.state == State.ACTIVE && (pending(u) > 0 || u.ledger.last() < roomHigh.get(u.roomIndex))) {
                return false;
            }
        }
        return true;
    }

    private void schedule(User u, long at) {
        u.timerAt = at;
        timers.add(new Timer(at, u));
    }

    private void fireTimers(long now) {
        while (!timers.isEmpty() && timers.peek().at <= now) {
            Timer t = timers.poll();
            User u = t.user;
            if (u.timerAt != t.at) {
                continue; // superseded
            }
            u.timerAt = -1;
            try {
                switch (u.state) {
                    case WAITING -> {
                        if (now < phase.sendEndNanos || u.reconnecting) {
                            open(u, now);
                        }
                    }
                    case CONNECTING, TLS, UPGRADING, HELLO, RESUMING, JOINING ->
                            fail(u, now, new SocketTimeoutException("timed out"));
                    case ACTIVE -> say(u, t.at, now);
                    case CLOSED -> { }
                }
            } catch (IOException | RuntimeException e) {
                fail(u, now, e);
            }
        }
    }

    private void open(User u, long now) throws IOException {
        u.attempts++;
        u.state = State.CONNECTING;
        schedule(u, now + scenario.connectTimeout().toNanos());
        SocketChannel ch = SocketChannel.open();
        u.channel = ch;
        u.connectStartedAt = now;
        u.wire = tls == null ? new PlainWire(ch) : (u.tlsWire = newTlsWire(ch));
        ch.configureBlocking(false);
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        if (source != null) {
            ports.bind(ch, source);
        }
        u.key = ch.register(selector, 0, u);
        if (ch.connect(target)) {
            connected(u, now);
        } else {
            u.key.interestOps(SelectionKey.OP_CONNECT);
        }
    }

    private TlsWire newTlsWire(SocketChannel ch) {
        javax.net.ssl.SSLEngine engine = tls.newEngine(scenario.host(), scenario.port());
        if (tlsBuffers == null) {
            tlsBuffers = new TlsBuffers(engine, 64 * 1024);
        }
        return new TlsWire(ch, engine, tlsBuffers);
    }

    private void connected(User u, long now) throws IOException {
        if (!u.channel.finishConnect()) {
            return;
        }
        if (u.tlsWire != null) {
            u.state = State.TLS;
            u.tcpUpAt = now;
            handshake(u, now);
            return;
        }
        upgrade(u);
    }

    /** One step of the TLS handshake; failures go to the loop's {@link #fail}, which names them. */
    private void handshake(User u, long now) throws IOException {
        int wait = u.tlsWire.handshake();
        if (wait != 0) {
            u.key.interestOps(wait);
            return;
        }
        tlsTimes.handshake(u.tcpUpAt - u.connectStartedAt, System.nanoTime() - u.tcpUpAt);
        upgrade(u);
    }

    private void upgrade(User u) throws IOException {
        u.state = State.UPGRADING;
        u.wsKey = WsClientCodec.newKey();
        u.head = ByteBuffer.allocate(1024);
        u.key.interestOps(SelectionKey.OP_READ);
        send(u, ByteBuffer.wrap(WsClientCodec.upgrade(hostHeader, scenario.path(), u.wsKey)));
    }

    private void read(User u, long now) throws IOException {
        if (u.state == State.UPGRADING) {
            readHead(u, now);
            return;
        }
        ByteBuffer b = readBuffer;
        b.clear();
        if (u.carry != null) {
            b.put(u.carry);
            u.carry = null;
        }
        int n = u.wire.read(b);
        if (n < 0) {
            fail(u, now, new IOException("closed by the server"));
            return;
        }
        b.flip();
        frames(u, b, now);
    }

    private void readHead(User u, long now) throws IOException {
        int n = u.wire.read(u.head);
        if (n < 0) {
            fail(u, now, new IOException("closed during the upgrade"));
            return;
        }
        byte[] a = u.head.array();
        int end = -1;
        for (int i = 3; i < u.head.position(); i++) {
            if (a[i] == '\n' && a[i - 1] == '\r' && a[i - 2] == '\n' && a[i - 3] == '\r') {
                end = i + 1;
                break;
            }
        }
        if (end < 0) {
            if (!u.head.hasRemaining()) {
                protocolError(u, now, "response head too long");
            }
            return;
        }
        String why = WsClientCodec.checkHead(new String(a, 0, end, StandardCharsets.ISO_8859_1), u.wsKey);
        if (why != null) {
            protocolError(u, now, why);
            return;
        }
        ByteBuffer rest = ByteBuffer.wrap(a, end, u.head.position() - end).slice();
        u.head = null;
        if (u.reconnecting && u.session != null) {
            u.state = State.RESUMING;
            sendText(u, "{\"type\":\"resume\"," + version(u) + ",\"session\":\"" + u.session + "\",\"last\":{\""
                    + u.room + "\":" + u.ledger.last() + "}}");
        } else {
            hello(u);
        }
        if (rest.hasRemaining()) {
            frames(u, rest, now);
        }
    }

    private void frames(User u, ByteBuffer b, long now) throws IOException {
        boolean ok = WsClientCodec.parse(b, MAX_FRAME, (fin, opcode, buf, off, len) -> {
            if (u.channel == null) {
                return; // ended by an earlier frame of this read
            }
            try {
                switch (opcode) {
                    case WsClientCodec.OP_TEXT -> {
                        if (!fin) {
                            protocolError(u, now, "fragmented frame");
                        } else {
                            onFrame(u, buf, off, len, now);
                        }
                    }
                    case WsClientCodec.OP_PING -> send(u, WsClientCodec.clientFrame(WsClientCodec.OP_PONG,
                            java.util.Arrays.copyOfRange(buf, off, off + len)));
                    case WsClientCodec.OP_PONG -> { }
                    case WsClientCodec.OP_CLOSE -> fail(u, now, new IOException("close frame from the server"));
                    default -> protocolError(u, now, "unexpected opcode " + opcode);
                }
            } catch (IOException e) {
                fail(u, now, e);
            }
        });
        if (!ok) {
            protocolError(u, now, "invalid WebSocket frame");
            return;
        }
        if (b.hasRemaining() && u.channel != null) {
            if (b.remaining() >= readBuffer.capacity()) {
                protocolError(u, now, "frame larger than the read buffer");
                return;
            }
            u.carry = ByteBuffer.allocate(b.remaining()).put(b).flip();
        }
    }

    private void onFrame(User u, byte[] buf, int off, int len, long now) throws IOException {
        if (!frame.decode(buf, off, len)) {
            protocolError(u, now, "server frame is not a JSON object with a type");
            return;
        }
        switch (frame.type) {
            case "welcome" -> {
                if (u.token != null && !u.nick.equals(frame.nick)) {
                    protocolError(u, now, "welcome for another account: " + frame.nick);
                    return;
                }
                if (frame.session != null) {
                    u.session = frame.session;
                }
                if (u.state == State.HELLO) {
                    u.state = State.JOINING;
                    // a user whose session was lost catches up from the last message it saw
                    String after = u.reconnecting && u.ledger.last() > 0 ? ",\"after\":" + u.ledger.last() : "";
                    sendText(u, "{\"type\":\"join\",\"room\":\"" + u.room + "\"" + after + "}");
                } else if (u.state == State.RESUMING) {
                    active(u, now);
                }
            }
            case "presence" -> {
                if (u.state == State.JOINING && u.room.equals(frame.room) && "online".equals(frame.event)) {
                    active(u, now);
                }
            }
            case "message" -> {
                if (u.room.equals(frame.room) && frame.seq > 0) {
                    delivered(u, now);
                }
            }
            case "ack" -> {
                if (u.room.equals(frame.room) && frame.seq > 0) {
                    if (settle(u, frame.cid)) {
                        meter.acked(); // once per say, however often it was sent
                    }
                    u.ledger.ownAck(frame.seq);
                    raise(u.roomIndex, frame.seq);
                }
            }
            case "error" -> {
                if ("auth_required".equals(frame.code) || "revoked".equals(frame.code)) {
                    loginEnded(u, now);
                    return;
                }
                meter.error("server:" + frame.code);
                if (frame.cid != null) {
                    settle(u, frame.cid); // that say will not be acknowledged
                }
                if (u.state == State.RESUMING && "unknown_session".equals(frame.code)) {
                    u.session = null; // expired: a new session, then join with after
                    hello(u);
                }
            }
            case "gap" -> {
                if (u.room.equals(frame.room) && frame.upto >= 0) {
                    u.ledger.gap(Math.max(0, frame.after), frame.upto);
                    raise(u.roomIndex, frame.upto);
                }
            }
            default -> { }
        }
    }

    private void hello(User u) throws IOException {
        u.state = State.HELLO;
        sendText(u, "{\"type\":\"hello\"," + version(u) + (u.token == null ? ",\"nick\":\"" + u.nick + "\"" : "") + "}");
    }

    /** The version fields of {@code hello} and {@code resume}: the claimed nickname's 1, or 2 with the token. */
    private static String version(User u) {
        return u.token == null ? "\"v\":1" : "\"v\":2,\"token\":\"" + u.token + "\"";
    }

    /**
     * The server refused the user's login ({@code auth_required}: unknown, expired, revoked, disabled) or ended it
     * ({@code revoked}, followed by the close). Either way the token is dead: counted apart from {@code server:}
     * refusals of says (which {@link ChatReport#unacked()} subtracts), and the user does not try it again.
     */
    private void loginEnded(User u, long now) {
        boolean revokedLive = "revoked".equals(frame.code);
        meter.error(revokedLive ? "revoked" : "auth");
        u.revoked = true;
        u.lastFailure = ConnectOutcome.FAILED;
        end(u, now, false);
    }

    /**
     * The user is joined: the first time, its schedule starts at a random point of its first period; after a
     * reconnect, its unacknowledged says go out again and the slots that fell due while it was away are sent now.
     */
    private void active(User u, long now) throws IOException {
        u.state = State.ACTIVE;
        u.joined = true;
        u.attempts = 0;
        meter.connected(1);
        if (!u.reconnecting) {
            u.nextSayAt = now + (long) (ThreadLocalRandom.current().nextDouble() * scenario.every().toNanos());
            schedule(u, u.nextSayAt);
            return;
        }
        u.reconnecting = false;
        u.ledger.resumed();
        if (u.pending != null) {
            long sent = phase.epochMicros(now);
            for (Pending p : u.pending) {
                send(u, sayFrame(u, p.cid, p.intendedMicros, sent));
            }
        }
        while (u.state == State.ACTIVE && u.nextSayAt >= 0 && u.nextSayAt <= now && u.nextSayAt < phase.sendEndNanos) {
            say(u, u.nextSayAt, now);
        }
        if (u.state == State.ACTIVE && u.nextSayAt > now) {
            schedule(u, u.nextSayAt);
        }
    }

    /** Removes the pending say with this cid; false if it was not pending (a second ack for a resent say). */
    private boolean settle(User u, String cid) {
        if (u.pending == null || cid == null) {
            return false;
        }
        int dash = cid.lastIndexOf('-');
        int n;
        try {
            n = Integer.parseInt(cid, dash + 1, cid.length(), 10);
        } catch (NumberFormatException e) {
            return false;
        }
        for (java.util.Iterator<Pending> it = u.pending.iterator(); it.hasNext(); ) {
            if (it.next().cid == n) {
                it.remove();
                return true;
            }
        }
        return false;
    }

    private static int pending(User u) {
        return u.pending == null ? 0 : u.pending.size();
    }

    private void delivered(User u, long now) {
        MemberLedger.Receipt r = u.ledger.received(frame.seq);
        raise(u.roomIndex, frame.seq);
        lastDeliveryNanos = now;
        if (r == MemberLedger.Receipt.DUPLICATE) {
            return;
        }
        String text = frame.text;
        int a = text == null ? -1 : text.indexOf(' ');
        int b = a < 0 ? -1 : text.indexOf(' ', a + 1);
        if (b < 0) {
            meter.deliveredUntimed();
            return;
        }
        try {
            long intended = Long.parseLong(text, 0, a, 10);
            long sent = Long.parseLong(text, a + 1, b, 10);
            meter.delivered(intended, sent, phase.epochMicros(now));
        } catch (NumberFormatException e) {
            meter.deliveredUntimed();
        }
    }

    private void raise(int room, long seq) {
        long h = roomHigh.get(room);
        while (seq > h && !roomHigh.compareAndSet(room, h, seq)) {
            h = roomHigh.get(room);
        }
    }

    private void say(User u, long due, long now) throws IOException {
        if (due >= phase.sendEndNanos) {
            return;
        }
        int cid = u.nextCid++;
        long intended = phase.epochMicros(due);
        if (u.pending == null) {
            u.pending = new ArrayDeque<>(2);
        }
        u.pending.add(new Pending(cid, intended));
        meter.said();
        u.nextSayAt = due + scenario.every().toNanos();
        schedule(u, u.nextSayAt);
        send(u, sayFrame(u, cid, intended, phase.epochMicros(now)));
    }

    /** A say frame; a resent one has the same cid (and intended time), only its send time is new. */
    private ByteBuffer sayFrame(User u, int cidNumber, long intended, long sent) {
        String cid = scenario.runTag() + "-" + cidNumber;
        StringBuilder sb = new StringBuilder(80 + padding.length);
        sb.append("{\"type\":\"say\",\"room\":\"").append(u.room).append("\",\"cid\":\"").append(cid)
                .append("\",\"text\":\"").append(intended).append(' ').append(sent).append(' ').append(u.nick);
        byte[] head = sb.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\"}".getBytes(StandardCharsets.US_ASCII);
        byte[] payload = new byte[head.length + padding.length + tail.length];
        System.arraycopy(head, 0, payload, 0, head.length);
        System.arraycopy(padding, 0, payload, head.length, padding.length);
        System.arraycopy(tail, 0, payload, head.length + padding.length, tail.length);
        return WsClientCodec.clientFrame(WsClientCodec.OP_TEXT, payload);
    }

    private void sendText(User u, String json) throws IOException {
        send(u, WsClientCodec.clientFrame(WsClientCodec.OP_TEXT, json.getBytes(StandardCharsets.UTF_8)));
    }

    private void send(User u, ByteBuffer b) throws IOException {
        if (u.out == null || u.out.isEmpty()) {
            boolean all = u.wire.write(b);
            if (!b.hasRemaining()) {
                if (!all) { // TLS: the record is made, the socket has not taken all of it
                    u.key.interestOps(u.key.interestOps() | SelectionKey.OP_WRITE);
                }
                return;
            }
            if (u.out == null) {
                u.out = new ArrayDeque<>(2);
            }
            u.key.interestOps(u.key.interestOps() | SelectionKey.OP_WRITE);
        }
        u.out.add(b);
    }

    private void flush(User u) throws IOException {
        while (u.out != null && !u.out.isEmpty()) {
            ByteBuffer b = u.out.peek();
            u.wire.write(b);
            if (b.hasRemaining()) {
                return;
            }
            u.out.poll();
        }
        if (u.tlsWire == null || u.tlsWire.write(EMPTY)) { // TLS: and the ciphertext the socket did not take
            u.key.interestOps(u.key.interestOps() & ~SelectionKey.OP_WRITE);
        }
    }

    private void protocolError(User u, long now, String why) {
        meter.error("protocol");
        u.lastFailure = ConnectOutcome.FAILED;
        end(u, now, false);
    }

    private void fail(User u, long now, Exception e) {
        if (u.state == State.CLOSED || u.state == State.WAITING) {
            return;
        }
        if (e instanceof java.net.BindException && u.state == State.CONNECTING && source != null
                && u.bindRetries++ < SourcePorts.BIND_ATTEMPTS) {
            // the 4-tuple is still in TIME_WAIT from an earlier run: another port, at once and not an error
            closeQuietly(u);
            u.attempts--;
            try {
                open(u, now);
                return;
            } catch (IOException | RuntimeException again) {
                e = again;
            }
        }
        if (DEBUG) {
            System.err.println("throng load chat: " + u.nick + " in " + u.state + ": " + e);
        }
        u.lastFailure = ConnectOutcome.ofFailure(e);
        if (u.state == State.TLS) {
            tlsTimes.failure(TlsFailure.of(e));
            u.tlsFailed = true;
        }
        end(u, now, true);
    }

    /**
     * Ends a user's connection. An active user whose connection failed reconnects (if the scenario says so) or is
     * dropped for good; a reconnecting one tries again after a longer delay, up to its bounds; a user connecting
     * for the first time tries a few times at a fixed interval.
     */
    private void end(User u, long now, boolean count) {
        State was = u.state;
        boolean tlsFailed = u.tlsFailed;
        u.tlsFailed = false;
        closeQuietly(u);
        if (u.revoked) { // its login is over: neither a retry nor a resume could succeed
            if (was == State.ACTIVE) {
                meter.connected(-1);
            }
            if (!u.joined) {
                u.state = State.CLOSED;
                return;
            }
            if (!phase.stopped) {
                meter.error("dropped");
            }
            drop(u);
            return;
        }
        if (was == State.ACTIVE) {
            meter.connected(-1);
            if (count && scenario.reconnect() && u.session != null && !phase.stopped) {
                u.reconnecting = true;
                u.attempts = 0;
                retry(u, now);
                return;
            }
            if (count && !phase.stopped) {
                meter.error("dropped");
            }
            drop(u);
            return;
        }
        if (u.reconnecting) {
            retry(u, now);
            return;
        }
        if (count) {
            meter.error(tlsFailed ? "tls" : "connect");
        }
        if (u.attempts < MAX_CONNECT_ATTEMPTS && now + RETRY_NANOS < phase.sendEndNanos) {
            u.state = State.WAITING;
            schedule(u, now + RETRY_NANOS);
        } else {
            u.state = State.CLOSED;
        }
    }

    /** Schedules the next reconnect attempt with full-jitter exponential backoff, or gives up. */
    private void retry(User u, long now) {
        long ceiling = Math.min(BACKOFF_MAX_NANOS, BACKOFF_BASE_NANOS << Math.min(u.attempts, 16));
        long at = now + ceiling / 2 + (long) (ThreadLocalRandom.current().nextDouble() * (ceiling / 2));
        if (u.attempts >= MAX_RECONNECT_ATTEMPTS || at >= phase.drainEndNanos) {
            meter.error("dropped");
            drop(u);
            return;
        }
        u.state = State.WAITING;
        schedule(u, at);
    }

    /** The user is gone for the rest of the run: its window closes at the last message it saw. */
    private void drop(User u) {
        u.ledger.drop();
        u.state = State.CLOSED;
        u.reconnecting = false;
        u.pending = null;
    }

    private static void closeQuietly(User u) {
        u.timerAt = -1;
        u.carry = null;
        u.out = null;
        u.head = null;
        if (u.channel != null) {
            try {
                u.channel.close();
            } catch (IOException ignored) {
                // nothing to do: the socket is gone either way
            }
            u.channel = null;
        }
        u.wire = null;
        u.tlsWire = null;
    }
}
