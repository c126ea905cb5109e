package io.throng.load.ws;

import io.throng.load.ConnectOutcome;
import io.throng.load.Connects;
import io.throng.load.ErrorKind;
import io.throng.load.LoadEngine;
import io.throng.load.LoadShape;
import io.throng.load.Sample;
import io.throng.load.SourcePorts;
import io.throng.load.TlsFailure;
import io.throng.websocket.OverflowPolicy;
import io.throng.websocket.WebSocket;
import io.throng.websocket.WebSocketClient;
import io.throng.websocket.WebSocketConfig;
import io.throng.websocket.DeflateOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.channels.AsynchronousCloseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Runs one process's share of a WebSocket load. Two steps, so that several processes start measuring together:
 * {@link #connect()} opens every connection (spread over the ramp), then {@link #measure} runs the timed phase
 * and hands the sink one {@link Sample} a second.
 *
 * <p>Connections are {@link WebSocketClient}s: two virtual threads each, which is cheap at the thousands a
 * fan-out needs and keeps the client honest (it is the same engine a user would use). Closed model: each echo
 * connection (or fan-out sender) keeps {@code pipeline} messages in flight and sends the next from the callback
 * that receives one back. Open model: one pacer thread sends message {@code k} at {@code start + k / rate}
 * round-robin over the connections (echo) or senders (fan-out), whatever the server is doing; the stamp carries
 * the due time, so a stall is charged to every message due during it.
 */
final class WsEngine implements LoadEngine<Sample, Void> {
    private static final int CONCURRENT_HANDSHAKES = 128;

    private final WsWorkload workload;
    private final LoadShape shape;
    private final URI uri;
    private final WebSocketClient.Options options;
    private final WsMeter meter = new WsMeter();
    /** wss:// handshakes that failed in TLS: 'tls' errors rather than 'connect' ones. */
    private final java.util.concurrent.atomic.AtomicLong tlsFailed = new java.util.concurrent.atomic.AtomicLong();
    private final List<Peer> receivers = new ArrayList<>();
    private final List<Peer> senders = new ArrayList<>();
    private volatile long startNanos;
    private volatile long endNanos;
    private volatile boolean measuring;
    private volatile boolean stopped;
    private Thread pacer;

    /**
     * @param workload what to send
     * @param shape this process's share: {@code connections} receivers (echo: echo connections), {@code rate} and
     *     {@code pipeline}; its {@code procs} is ignored
     * @param target the resolved, policy-checked target address
     * @param source local address to bind every connection to, or null
     * @param senders fan-out senders in this process
     * @param firstSenderId ids of this process's senders start here (unique over all processes)
     */
    WsEngine(WsWorkload workload, LoadShape shape, InetAddress target, InetAddress source, int senders,
                    int firstSenderId) throws IOException {
        this.workload = workload;
        this.shape = shape;
        try {
            URI u = workload.uri();
            // wss:// checks the certificate against the name asked for, so it connects by that name
            // (the target policy has checked what it resolves to); ws:// to the resolved address.
            String host = workload.secure() ? workload.host() : target.getHostAddress();
            this.uri = new URI(u.getScheme().toLowerCase(java.util.Locale.ROOT), null, host, workload.port(),
                    u.getPath() == null || u.getPath().isEmpty() ? "/" : u.getPath(), u.getQuery(), null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
        WebSocketConfig config = WebSocketConfig.DEFAULTS
                .withMaxMessageSize(Math.max(WebSocketConfig.DEFAULTS.maxMessageSize(), workload.size() + 1024))
                .withQueueBounds(1 << 16, 256L * 1024 * 1024, OverflowPolicy.DROP)
                .withDeflate(workload.deflate() ? DeflateOptions.ENABLED : DeflateOptions.DISABLED);
        this.options = WebSocketClient.Options.DEFAULTS.withConfig(config)
                .withHandshakeTimeout(shape.timeout()).withLocalAddress(source)
                .withLocalPorts(source == null ? null : new SourcePorts()::next)
                .withTls(workload.secure() ? workload.tlsClient() : null);
        for (int i = 0; i < shape.connections(); i++) {
            receivers.add(new Peer(this, meter, 0, false));
        }
        for (int i = 0; i < senders; i++) {
            this.senders.add(new Peer(this, meter, firstSenderId + i, true));
        }
    }

    WsWorkload workload() {
        return workload;
    }

    long startNanos() {
        return startNanos;
    }

    /** True during the measured phase: what arrives now counts. */
    boolean measuring() {
        return measuring;
    }

    /** True while closed-model connections should keep sending. */
    boolean sending() {
        return measuring && !stopped && System.nanoTime() < endNanos;
    }

    boolean closedModel() {
        return !shape.open();
    }

    /**
     * Opens every connection, evenly spread over the ramp, at most {@value #CONCURRENT_HANDSHAKES} handshakes at
     * a time, and returns how many are open. It returns only when every attempt has ended in one bucket of
     * {@link Connects} (the next sample carries the count), so no attempt goes on into the measured phase:
     * <ul>
     *   <li>attempt {@code k} is due at {@code k * ramp / n}; it waits at most {@code --timeout} from then for a
     *       handshake slot, else it is {@code notStarted} (the server was too slow to free one);</li>
     *   <li>TCP connect plus upgrade take at most {@code --timeout}, else {@code timedOut}; a refused connect is
     *       {@code refused}, anything else ({@code reset}, an upgrade answered without 101) {@code failed};</li>
     *   <li>should the phase outlast {@code ramp + 2 * timeout + 5 s} all the same (a stuck thread), every attempt
     *       not ended yet is cancelled: {@code notStarted} if it was queued, {@code timedOut} if in its handshake;
     *       a connection that opens after that is closed at once and stays in its cancelled bucket.</li>
     * </ul>
     * Refused, timed out and failed attempts count as {@code connect} errors, never-started ones as
     * {@code not_started} errors: the run did not get the connections it asked for.
     */
    @Override
    public int connect() throws InterruptedException {
        List<Peer> all = new ArrayList<>(receivers);
        all.addAll(senders);
        CountDownLatch done = new CountDownLatch(all.size());
        Semaphore handshakes = new Semaphore(CONCURRENT_HANDSHAKES);
        long begin = System.nanoTime();
        long spacing = all.isEmpty() ? 0 : workload.ramp().toNanos() / all.size();
        for (int i = 0; i < all.size(); i++) {
            Peer peer = all.get(i);
            long due = begin + i * spacing;
            Thread.ofVirtual().name("throng-load-ws-connect").start(() -> {
                try {
                    attempt(peer, due, handshakes);
                } finally {
                    done.countDown();
                }
            });
        }
        long budget = workload.ramp().toNanos() + shape.timeout().toNanos() * 2 + TimeUnit.SECONDS.toNanos(5);
        if (!done.await(budget, TimeUnit.NANOSECONDS)) {
            all.forEach(Peer::cancel);
        }
        return count(all);
    }

    /** One connection's attempt, on its own virtual thread; see {@link #connect()} for the rule. */
    private void attempt(Peer peer, long due, Semaphore handshakes) {
        long timeout = shape.timeout().toNanos();
        long wait = due - System.nanoTime();
        if (wait > 0) {
            LockSupport.parkNanos(wait); // the ramp's schedule, not synchronisation
        }
        try {
            if (stopped || !handshakes.tryAcquire(due + timeout - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                peer.end(ConnectOutcome.NOT_STARTED);
                return;
            }
        } catch (InterruptedException e) {
            peer.end(ConnectOutcome.NOT_STARTED);
            Thread.currentThread().interrupt();
            return;
        }
        try {
            if (!peer.beginHandshake()) {
                return; // cancelled while it queued
            }
            long started = System.nanoTime();
            try {
                WebSocket ws = WebSocketClient.connect(uri, options, peer);
                peer.handshakeNanos = System.nanoTime() - started;
                if (peer.end(ConnectOutcome.HELD)) {
                    peer.ws = ws;
                    meter.connections(1);
                } else {
                    ws.abort(); // too late: already counted as timed out
                }
            } catch (IOException | RuntimeException e) {
                long elapsed = System.nanoTime() - started;
                ConnectOutcome bucket = failure(e, elapsed, timeout);
                if (bucket != ConnectOutcome.TIMED_OUT) {
                    peer.handshakeNanos = elapsed;
                }
                if (peer.end(bucket) && bucket == ConnectOutcome.FAILED && TlsFailure.isTls(e)) {
                    tlsFailed.incrementAndGet(); // a 'tls' error with its reason, not a bare 'connect' one
                    meter.tls().failure(TlsFailure.of(e));
                }
            }
        } finally {
            handshakes.release();
        }
    }

    /** The bucket of a failed handshake. The client's deadline closes the channel, hence the elapsed time check. */
    private static ConnectOutcome failure(Exception e, long elapsed, long timeout) {
        return elapsed >= timeout || e instanceof AsynchronousCloseException ? ConnectOutcome.TIMED_OUT
                : ConnectOutcome.ofFailure(e);
    }

    /** Counts every attempt's bucket into the meter (connects and errors); returns how many are held. */
    private int count(List<Peer> all) {
        Connects.Counter count = new Connects.Counter();
        for (Peer p : all) {
            count.add(p.attempt());
            if (p.handshakeNanos >= 0) {
                count.handshake(p.handshakeNanos);
            }
        }
        Connects c = count.of(all.size());
        meter.connects(c);
        long tls = tlsFailed.get();
        meter.errors(ErrorKind.CONNECT, c.refused() + c.timedOut() + c.failed() - tls);
        meter.errors(ErrorKind.TLS, tls);
        meter.errors(ErrorKind.NOT_STARTED, c.notStarted());
        return (int) c.held();
    }

    /**
     * Runs the measured phase until the duration passes or {@link #stop()}; calls {@code sink} with one sample at
     * the end of every second (and for the last, partial second).
     *
     * @return the length of the measured phase in nanoseconds
     */
    @Override
    public long measure(Consumer<Sample> sink) throws InterruptedException {
        long start = System.nanoTime();
        startNanos = start;
        endNanos = start + shape.duration().toNanos();
        measuring = true;
        List<Peer> active = workload.mode() == WsWorkload.Mode.ECHO ? receivers : senders;
        active = active.stream().filter(Peer::held).toList();
        if (!active.isEmpty()) {
            if (shape.open()) {
                List<Peer> targets = active;
                pacer = Thread.ofPlatform().name("throng-load-ws-pacer").daemon().start(() -> pace(targets));
            } else {
                for (Peer p : active) {
                    for (int i = 0; i < shape.pipeline(); i++) {
                        p.send(System.nanoTime());
                    }
                }
            }
        }
        int second = 0;
        while (true) {
            long boundary = Math.min(endNanos, start + TimeUnit.SECONDS.toNanos(second + 1));
            long wait;
            while (!stopped && (wait = boundary - System.nanoTime()) > 0) {
                LockSupport.parkNanos(this, wait); // stop() unparks nothing: a sample boundary is at most 1 s away
            }
            long now = System.nanoTime();
            if (stopped || now >= endNanos) {
                measuring = false;
                if (pacer != null) {
                    pacer.join(TimeUnit.SECONDS.toMillis(5));
                }
                if (workload.mode() == WsWorkload.Mode.ECHO) {
                    long outstanding = 0;
                    for (Peer p : receivers) {
                        outstanding += Math.max(0, p.sent.get() - p.answered.get());
                    }
                    meter.unanswered(outstanding);
                }
                sink.accept(meter.sample(second));
                return Math.min(now, endNanos) - start;
            }
            sink.accept(meter.sample(second++));
        }
    }

    /** Open model: message {@code k} is due at {@code start + k / rate}, and goes out then however late it is. */
    private void pace(List<Peer> targets) {
        double nanosPerMessage = 1e9 / shape.rate();
        long start = startNanos;
        long end = endNanos;
        for (long k = 0; !stopped; k++) {
            long due = start + (long) (k * nanosPerMessage);
            if (due >= end) {
                return;
            }
            long wait;
            while ((wait = due - System.nanoTime()) > 0 && !stopped) {
                LockSupport.parkNanos(wait);
            }
            targets.get((int) (k % targets.size())).send(due);
        }
    }

    @Override
    public Void outcome() {
        return null;
    }

    /** Ends the run early (e.g. on Ctrl-C); {@link #measure} returns within a second. */
    @Override
    public void stop() {
        stopped = true;
    }

    /** Closes every connection: a normal close, then TCP regardless after a few seconds. */
    @Override
    public void close() throws InterruptedException {
        stopped = true;
        measuring = false;
        List<WebSocket> open = new ArrayList<>();
        for (Peer p : receivers) {
            if (p.ws != null) {
                open.add(p.ws);
            }
        }
        for (Peer p : senders) {
            if (p.ws != null) {
                open.add(p.ws);
            }
        }
        for (WebSocket ws : open) {
            ws.close(1000, "load done");
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (WebSocket ws : open) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !ws.awaitClosed(Duration.ofNanos(left))) {
                ws.abort();
            }
        }
    }
}
