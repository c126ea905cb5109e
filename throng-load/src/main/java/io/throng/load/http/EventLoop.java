package io.throng.load.http;

import io.throng.load.ConnectOutcome;
import io.throng.load.Connects;
import io.throng.load.ErrorKind;
import io.throng.load.SourcePorts;
import io.throng.load.TlsFailure;
import io.throng.load.tls.PlainWire;
import io.throng.load.tls.TlsBuffers;
import io.throng.load.tls.TlsWire;
import io.throng.load.tls.Wire;
import io.throng.net.tls.TlsClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One thread, one selector, a share of the connections: the same shape as a wrk thread.
 *
 * <p>Closed model: each connection sends its next request as soon as a response frees a pipeline slot.
 * Open model: request {@code k} of this loop is <em>due</em> at {@code start + offset + k * interval}, whatever
 * the server is doing; due requests go to idle connections in order, and when no connection is free they wait
 * in a backlog. Latency is always measured from the due (intended) time, so a stalled server is charged for
 * every request it delayed, not only for the few that were in flight — the coordinated-omission correction.
 *
 * <p>https://: a connection is up (held, ready for requests) once its TLS handshake, driven by this loop through a
 * {@link TlsWire}, is done; until then it is still connecting, bounded by the same timeout. A failed handshake is a
 * {@link ErrorKind#TLS} error, its reason recorded by {@link TlsFailure}, and the connection retries with the same
 * backoff as a failed TCP connect.
 */
final class EventLoop implements Runnable {
    private static final long SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long RECONNECT_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final int MAX_BACKOFF_SHIFT = 5; // 100 ms doubling up to 3.2 s
    private static final int CONNECTS_PER_SWEEP = 256;

    private final InetSocketAddress target;
    private final TlsClient tls;
    private final String host;
    private TlsBuffers tlsBuffers;
    private final InetAddress source;
    private final SourcePorts ports;
    private final byte[] request;
    private final boolean bodyless;
    private final int pipeline;
    private final long timeoutNanos;
    private final LoopMeter meter;
    private final Phase phase;
    private final List<Connection> connections = new ArrayList<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private Selector selector;

    // Closed model: permits shared by the loops of this process (negative: unlimited).
    private final AtomicLong permits;
    // Open model: this loop's schedule.
    private final boolean open;
    private final double intervalNanos;
    private final double offsetNanos;
    private final long arrivals;
    private long sent;
    private final ArrayDeque<Connection> idle = new ArrayDeque<>();

    private int inFlight;
    private boolean stopping;
    private boolean readyCounted;

    /**
     * @param tls https://: whom to trust; null for plain http://
     * @param host the URL's host: the TLS server name and the name the certificate must carry
     */
    EventLoop(InetSocketAddress target, TlsClient tls, String host, InetAddress source, byte[] request, boolean bodyless, int connections,
            SourcePorts ports, int pipeline, long timeoutNanos, AtomicLong permits, double loopRate, double offsetFraction,
            long arrivals, LoopMeter meter, Phase phase) {
        this.target = target;
        this.tls = tls;
        this.host = host;
        this.source = source;
        this.ports = ports;
        this.request = request.clone();
        this.bodyless = bodyless;
        this.pipeline = pipeline;
        this.timeoutNanos = timeoutNanos;
        this.permits = permits;
        this.open = loopRate > 0;
        this.intervalNanos = open ? 1e9 / loopRate : 0;
        this.offsetNanos = intervalNanos * offsetFraction;
        this.arrivals = arrivals <= 0 ? Long.MAX_VALUE : arrivals;
        this.meter = meter;
        this.phase = phase;
        for (int i = 0; i < connections; i++) {
            this.connections.add(new Connection());
        }
    }

    @Override
    public void run() {
        try (Selector s = Selector.open()) {
            selector = s;
            connectAll();
            readyCounted = true;
            phase.ready.countDown();
            phase.go.await();
            if (!phase.stopped) {
                meter.connects(connects());
                try {
                    measure();
                } finally {
                    long now = System.nanoTime();
                    phase.finished(now);
                    meter.unanswered(inFlight + (open ? Math.max(0, due(phase.startNanos, Math.min(now,
                            phase.endNanos)) - sent) : 0));
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopping = true;
            for (Connection c : connections) {
                c.abort();
            }
            if (!readyCounted) {
                phase.ready.countDown(); // a loop that failed early must not hold the others back
            }
            phase.done.countDown();
        }
    }

    /** Opens every connection and waits until all are up or the timeout passed; failures retry later. */
    private void connectAll() throws IOException {
        long deadline = System.nanoTime() + timeoutNanos;
        for (Connection c : connections) {
            c.connect(System.nanoTime());
        }
        while (System.nanoTime() < deadline && !phase.stopped && pendingConnects() > 0) {
            selector.select(10);
            handleKeys(System.nanoTime());
            retryConnects(System.nanoTime());
        }
    }

    /**
     * Where this loop's connections stand as measuring begins: held, still connecting ({@code pending}), or
     * waiting to retry after a failure (by the failure's kind). Those not held keep trying during the measured
     * phase, every failed attempt a connect error, as a connection lost during the run does.
     */
    private Connects connects() {
        Connects.Counter count = new Connects.Counter();
        for (Connection c : connections) {
            count.add(c.connected ? ConnectOutcome.HELD
                    : c.channel != null || c.lastFailure == null ? ConnectOutcome.PENDING : c.lastFailure);
        }
        return count.of(connections.size());
    }

    private int pendingConnects() {
        int n = 0;
        for (Connection c : connections) {
            if (!c.connected) {
                n++;
            }
        }
        return n;
    }

    private void measure() throws IOException {
        long start = phase.startNanos;
        long end = phase.endNanos;
        long nextSweep = start + SWEEP_NANOS;
        for (Connection c : connections) {
            c.ready(start);
        }
        while (true) {
            long now = System.nanoTime();
            if (now >= end || phase.stopped || finished()) {
                return;
            }
            if (open) {
                dispatchDue(start, now);
            }
            long wait = Math.min(end, nextSweep);
            if (open && sent < arrivals && sent >= due(start, now)) {
                wait = Math.min(wait, intended(start, sent)); // no backlog: sleep until the next request is due
            }
            long waitNanos = wait - now;
            if (waitNanos <= 0) {
                selector.selectNow(this::handle);
            } else {
                selector.select(this::handle, Math.max(1, (waitNanos + 999_999) / 1_000_000));
            }
            now = System.nanoTime();
            if (now >= nextSweep) {
                sweep(now);
                nextSweep = now + SWEEP_NANOS;
            }
        }
    }

    private boolean finished() {
        if (inFlight > 0) {
            return false;
        }
        return open ? sent >= arrivals : permits.get() == 0;
    }

    private long intended(long start, long k) {
        return start + (long) (offsetNanos + k * intervalNanos);
    }

    /** How many of this loop's requests are due by {@code now}. */
    private long due(long start, long now) {
        double elapsed = now - start - offsetNanos;
        if (elapsed < 0) {
            return 0;
        }
        return Math.min(arrivals, (long) (elapsed / intervalNanos) + 1);
    }

    private void dispatchDue(long start, long now) {
        long due = due(start, now);
        while (sent < due) {
            Connection c = idle.peek();
            if (c == null) {
                return; // backlog: these requests keep their intended times and wait
            }
            if (!c.canSend()) {
                idle.poll();
                c.queued = false;
                continue;
            }
            c.enqueue(intended(start, sent), now);
            sent++;
            if (!c.canSend()) {
                idle.poll();
                c.queued = false;
                c.flush();
            } else if (sent == due) {
                c.flush();
            }
        }
    }

    private void handleKeys(long now) {
        for (SelectionKey key : selector.selectedKeys()) {
            handle(key, now);
        }
        selector.selectedKeys().clear();
    }

    /** Selector callback of the measured phase: no selected-key set, no iterator, no garbage per event. */
    private void handle(SelectionKey key) {
        handle(key, System.nanoTime());
    }

    private void handle(SelectionKey key, long now) {
        Connection c = (Connection) key.attachment();
        if (!key.isValid()) {
            return;
        }
        if (key.isConnectable()) {
            c.finishConnect(now);
        } else if (c.handshaking) {
            c.handshake(now);
        } else {
            if (key.isReadable()) {
                c.read(now);
            }
            if (key.isValid() && key.isWritable()) {
                c.flush();
            }
        }
    }

    private void sweep(long now) {
        int connects = 0;
        for (Connection c : connections) {
            if (c.count > 0 && now - c.sentAt[c.head] > timeoutNanos) {
                c.fail(ErrorKind.TIMEOUT, now);
            } else if (!c.connected && c.channel == null && now >= c.reconnectAt) {
                if (connects++ < CONNECTS_PER_SWEEP) { // bounded: a refusing server must not stall the loop
                    c.connect(now);
                }
            } else if (c.channel != null && !c.connected && now - c.connectStarted > timeoutNanos) {
                c.lastFailure = ConnectOutcome.TIMED_OUT;
                if (c.handshaking) {
                    meter.tls().failure(TlsFailure.TIMED_OUT);
                }
                c.fail(c.handshaking ? ErrorKind.TLS : ErrorKind.CONNECT, now);
            }
        }
    }

    private void retryConnects(long now) {
        int connects = 0;
        for (Connection c : connections) {
            if (c.channel == null && now >= c.reconnectAt && connects++ < CONNECTS_PER_SWEEP) {
                c.connect(now);
            }
        }
    }

    /** One TCP connection with its pipeline of outstanding requests. */
    private final class Connection implements ResponseParser.Listener {
        SocketChannel channel;
        /** The channel's bytes as requests and responses: plain, or TLS. */
        Wire wire;
        TlsWire tlsWire;
        SelectionKey key;
        boolean connected;
        /** TCP is up, TLS is not yet: the loop drives the handshake. */
        boolean handshaking;
        long tcpUpAt;
        boolean queued;
        boolean closing;
        long connectStarted;
        long reconnectAt;
        int failures;
        /** Why its latest connect attempt failed (refused, timed out, failed), for {@link #connects()}. */
        ConnectOutcome lastFailure;
        ResponseParser parser = new ResponseParser(bodyless);
        final ByteBuffer out = ByteBuffer.allocate(request.length * pipeline);
        // Ring of outstanding requests: intended and actual send times.
        final long[] intendedAt = new long[pipeline];
        final long[] sentAt = new long[pipeline];
        int head;
        int count;
        long now;

        void connect(long now) {
            connectStarted = now;
            try {
                // An IPv4 socket for an IPv4 target: a dual-stack socket bound to a v4-mapped source address
                // shares one port space across all 127.0.0.x sources here, capping a fleet at ~28k connections.
                channel = SocketChannel.open(target.getAddress() instanceof java.net.Inet4Address
                        ? java.net.StandardProtocolFamily.INET : java.net.StandardProtocolFamily.INET6);
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                if (source != null) {
                    bindSource();
                }
                key = channel.register(selector, 0, this);
                wire = tls == null ? new PlainWire(channel) : (tlsWire = newTlsWire());
                if (channel.connect(target)) {
                    tcpUp(now);
                } else {
                    key.interestOps(SelectionKey.OP_CONNECT);
                }
            } catch (IOException e) {
                connectFailed(e, now);
            }
        }

        private void connectFailed(IOException e, long now) {
            lastFailure = ConnectOutcome.ofFailure(e);
            fail(ErrorKind.CONNECT, now);
        }

        private void bindSource() throws IOException {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ports.bind(channel, source);
        }

        void finishConnect(long now) {
            try {
                if (channel.finishConnect()) {
                    tcpUp(now);
                }
            } catch (IOException e) {
                connectFailed(e, now);
            }
        }

        private TlsWire newTlsWire() {
            javax.net.ssl.SSLEngine engine = tls.newEngine(host, target.getPort());
            if (tlsBuffers == null) {
                tlsBuffers = new TlsBuffers(engine, readBuffer.capacity());
            }
            return new TlsWire(channel, engine, tlsBuffers);
        }

        private void tcpUp(long now) {
            if (tlsWire == null) {
                connected(now);
                return;
            }
            tcpUpAt = now;
            handshaking = true;
            handshake(now);
        }

        /** One step of the TLS handshake, on every readiness event until it is done or failed. */
        void handshake(long now) {
            try {
                int wait = tlsWire.handshake();
                if (wait != 0) {
                    key.interestOps(wait);
                    return;
                }
            } catch (IOException e) {
                meter.tls().failure(TlsFailure.of(e));
                lastFailure = ConnectOutcome.FAILED;
                fail(ErrorKind.TLS, now);
                return;
            }
            long done = System.nanoTime();
            handshaking = false;
            meter.tls().handshake(tcpUpAt - connectStarted, done - tcpUpAt);
            connected(done);
        }

        private void connected(long now) {
            connected = true;
            failures = 0;
            meter.connections(1);
            key.interestOps(SelectionKey.OP_READ);
            if (phase.go.getCount() == 0 && !stopping) {
                ready(now);
            }
        }

        /** The measured phase runs: start working. */
        void ready(long now) {
            if (!connected) {
                return;
            }
            if (open) {
                if (!queued && canSend()) {
                    idle.add(this);
                    queued = true;
                }
            } else {
                fillPipeline(now);
            }
        }

        boolean canSend() {
            return connected && !closing && count < pipeline;
        }

        private void fillPipeline(long now) {
            boolean any = false;
            while (canSend() && take()) {
                enqueue(now, now);
                any = true;
            }
            if (any) {
                flush();
            }
        }

        private boolean take() {
            while (true) {
                long p = permits.get();
                if (p == 0) {
                    return false;
                }
                if (p < 0 || permits.compareAndSet(p, p - 1)) {
                    return true;
                }
            }
        }

        void enqueue(long intended, long sentNanos) {
            int slot = (head + count) % pipeline;
            intendedAt[slot] = intended;
            sentAt[slot] = sentNanos;
            count++;
            inFlight++;
            out.put(request);
        }

        void flush() {
            if (channel == null) {
                return;
            }
            try {
                out.flip();
                boolean pending = !wire.write(out);
                out.compact();
                key.interestOps(pending ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
            } catch (IOException e) {
                fail(ErrorKind.WRITE, System.nanoTime());
            }
        }

        void read(long now) {
            this.now = now;
            try {
                while (true) {
                    readBuffer.clear();
                    int n = wire.read(readBuffer);
                    if (n < 0) {
                        parser.end(this);
                        fail(ErrorKind.CLOSED, now);
                        return;
                    }
                    if (n == 0) {
                        break;
                    }
                    meter.received(n);
                    readBuffer.flip();
                    parser.feed(readBuffer, this);
                    if (closing) {
                        fail(ErrorKind.CLOSED, now);
                        return;
                    }
                    if (n < readBuffer.capacity() && !wire.buffered()) {
                        break;
                    }
                }
            } catch (ResponseParser.ProtocolException e) {
                fail(ErrorKind.PROTOCOL, now);
                return;
            } catch (IOException e) {
                fail(ErrorKind.READ, now);
                return;
            }
            if (!open) {
                fillPipeline(now);
            } else if (!queued && canSend()) {
                idle.add(this);
                queued = true;
            }
        }

        @Override
        public void response(int status, boolean close) {
            if (count == 0) {
                closing = true; // a response nobody asked for: the stream is out of step
                meter.error(ErrorKind.PROTOCOL);
                return;
            }
            meter.response(intendedAt[head], sentAt[head], now, status);
            head = (head + 1) % pipeline;
            count--;
            inFlight--;
            if (close) {
                closing = true;
            }
        }

        /** Drops the connection: outstanding requests count as {@code kind} errors; reconnects unless stopping. */
        void fail(ErrorKind kind, long now) {
            int lost = count;
            boolean connecting = kind == ErrorKind.CONNECT || kind == ErrorKind.TLS;
            if (lost > 0 || connecting) {
                for (int i = 0; i < Math.max(1, lost); i++) {
                    meter.error(kind);
                }
            }
            inFlight -= lost;
            close();
            if (!stopping) {
                reconnectAt = connecting
                        ? now + (RECONNECT_BACKOFF_NANOS << Math.min(failures++, MAX_BACKOFF_SHIFT)) : now;
                if (reconnectAt == now) {
                    connect(now);
                }
            }
        }

        /** Closes with a reset at the end of the run, so thousands of sockets do not linger in TIME_WAIT. */
        void abort() {
            if (channel != null) {
                try {
                    channel.setOption(StandardSocketOptions.SO_LINGER, 0);
                } catch (IOException | RuntimeException ignored) {
                    // already closed
                }
            }
            inFlight -= count;
            connected = false; // the run is over: the last sample still counts this connection as held
            close();
        }

        private void close() {
            if (connected) {
                meter.connections(-1);
            }
            connected = false;
            handshaking = false;
            closing = false;
            queued = false;
            count = 0;
            head = 0;
            out.clear();
            parser = new ResponseParser(bodyless);
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // nothing left to release
                }
                channel = null;
                key = null;
                wire = null;
                tlsWire = null;
            }
        }
    }
}
