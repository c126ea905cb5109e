package io.throng.mongrel.ports;

import io.throng.channels.Channel;
import io.throng.channels.Received;
import io.throng.mongrel.wire.Inbound;
import io.throng.mongrel.wire.MessageCodec;
import io.throng.mongrel.wire.Outbound;
import io.throng.mongrel.zmtp.PushSocket;
import io.throng.mongrel.zmtp.SubSocket;
import io.throng.net.codec.MalformedFrameException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * {@link HandlerPort} speaking ZMTP itself ({@code zeromq zmtp}): a {@link PushSocket} and a {@link
 * SubSocket} on throng-net, no ZeroMQ library and no I/O thread. A request is written by the thread that
 * sends it straight to the next handler's connection (one write that never waits); it waits in the
 * port's queue (a buffered {@link Channel}: senders wait while it is full, and the taker, a virtual thread
 * like them, waits its turn on no lock a parked thread holds) only while no handler can take it (none
 * connected, or every one at its high-water mark), and then the drain thread sends it, in order, when one
 * can, testing {@code wanted} first. Replies are read and given to the consumer on a virtual thread per
 * handler connection.
 *
 * <p>Threads: the drain thread is virtual: it only parks (for a request, or for room at a handler), and
 * it works only when handlers are behind, when a carrier's latency is not what limits the gateway. The
 * handler connections' readers and writers are virtual too. The port's platform threads are its two
 * throng-net listeners' (each: the accept thread in {@code accept4}, the epoll master in {@code
 * epoll_wait}, the deadline sweeper), which block in system calls and so must not hold a carrier; sharing
 * them between the two listeners would need a throng-net server with two ports, not worth it for threads
 * that wake only on a handler's connect, a deadline tick, and a parked sub-poller.
 *
 * <p>Order: a sender sends directly only while nothing is queued, and the drain thread counts a message
 * sent only once it is in a handler's queue, so one thread's messages keep their order (as in {@link
 * ZeroMqPort}).
 *
 * <p>A consumer that may block calls {@link HandlerPort#writing()}: the handler connection's reading
 * passes at once to a new virtual thread ({@link SubSocket#handOver()}), and the blocked thread ends after
 * its call. There is no watchdog: a section costs a thread start, and only writes that cannot be made
 * without waiting (TLS, the NIO engine) open one.
 */
final class ZmtpPort implements HandlerPort {

    private static final System.Logger LOG = System.getLogger(HandlerPort.class.getName());
    /** A message on its way to the drain thread, with the test it must still pass when its turn comes. */
    private record Outgoing(byte[] bytes, BooleanSupplier wanted) {}

    private static final BooleanSupplier ALWAYS = () -> true;
    private static final long WAIT_MILLIS = 100;
    private static final Duration WAIT = Duration.ofMillis(WAIT_MILLIS);

    private final Channel<Outgoing> queue;
    /** Messages queued or in the drain thread's hands; senders send directly only at zero, to keep order. */
    private final AtomicInteger unsent = new AtomicInteger();
    private final AtomicLong withdrawn = new AtomicLong();
    private final Object room = new Object();
    private final PushSocket push;
    private final SubSocket sub;
    private final Thread drain;
    private final Consumer<Outbound> onReply;
    private volatile boolean stopping;

    private ZmtpPort(String requests, String replies, String subscription, Consumer<Outbound> onReply, Options options)
            throws IOException {
        this.onReply = onReply;
        this.queue = Channel.buffered(options.queueCapacity());
        this.push = PushSocket.bind(requests, options.sendHighWater(), this::roomMayBeThere);
        try {
            this.sub = SubSocket.bind(replies, subscription.getBytes(StandardCharsets.UTF_8), options.maxReplyBytes(),
                    this::received);
        } catch (IOException | RuntimeException e) {
            push.close();
            throw e;
        }
        this.drain = Thread.ofVirtual().name("mongrel-zmtp-drain " + requests).start(this::drainLoop);
    }

    static ZmtpPort bind(String requests, String replies, String subscription, Consumer<Outbound> onReply,
                         Options options) {
        try {
            return new ZmtpPort(requests, replies, subscription, onReply, options);
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind " + requests + " / " + replies + ": " + e.getMessage(), e);
        }
    }

    /** {@link HandlerPort#writing()}: if this thread reads a handler connection, another one takes over. */
    static void handOver() {
        SubSocket.handOver();
    }

    private void received(byte[] frame) {
        try {
            onReply.accept(MessageCodec.decodeOutboundInPlace(frame)); // the frame is ours alone
        } catch (MalformedFrameException e) {
            LOG.log(System.Logger.Level.WARNING, "skipped invalid message from handler: " + e.getMessage());
        }
    }

    @Override
    public String engine() {
        return "zmtp";
    }

    @Override
    public int connectedHandlers() {
        return push.peers();
    }

    @Override
    public void send(Inbound message, BooleanSupplier wanted) throws InterruptedException {
        send(MessageCodec.encode(message), wanted);
    }

    @Override
    public void send(byte[] bytes, BooleanSupplier wanted) throws InterruptedException {
        if (stopping) {
            throw new IllegalStateException("port is closed");
        }
        send(bytes, wanted, true);
    }

    @Override
    public boolean trySend(Inbound message) {
        if (stopping) {
            return false;
        }
        try {
            return send(MessageCodec.encode(message), ALWAYS, false);
        } catch (InterruptedException e) {
            throw new AssertionError("a send that does not wait was interrupted", e); // never: it does not wait
        }
    }

    /**
     * The one path of a request: straight to a handler if nothing is queued before it and one takes it,
     * else into the queue, waiting for a place if {@code wait}; false if it may not wait and the queue is full.
     */
    private boolean send(byte[] bytes, BooleanSupplier wanted, boolean wait) throws InterruptedException {
        if (unsent.get() == 0 && push.offer(bytes)) {
            return true;
        }
        unsent.incrementAndGet(); // from here on, later sends queue behind this one
        boolean queued = false;
        try {
            Outgoing o = new Outgoing(bytes, wanted);
            if (wait) {
                queue.send(o);
                queued = true;
            } else {
                queued = queue.trySend(o);
            }
            return queued;
        } finally {
            if (!queued) {
                unsent.decrementAndGet();
            }
        }
    }

    /** Sends what waits, in order, as handlers can take it. */
    private void drainLoop() {
        try {
            while (!stopping) {
                if (!(queue.receive(WAIT) instanceof Received.Value<Outgoing>(Outgoing next))) {
                    continue; // nothing within WAIT: test stopping again (the queue is never closed)
                }
                for (;;) {
                    if (!next.wanted().getAsBoolean()) {
                        withdrawn.incrementAndGet();
                        break;
                    }
                    long seen = push.roomEvents();
                    if (push.offer(next.bytes())) {
                        break;
                    }
                    synchronized (room) {
                        if (push.roomEvents() == seen && !stopping) {
                            room.wait(WAIT_MILLIS); // until a handler arrives or drains (or to test wanted again)
                        }
                    }
                    if (stopping) {
                        return;
                    }
                }
                unsent.decrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void roomMayBeThere() {
        synchronized (room) {
            room.notifyAll();
        }
    }

    @Override
    public long withdrawn() {
        return withdrawn.get();
    }

    @Override
    public long takeovers() {
        return sub.handOvers();
    }

    @Override
    public void close() {
        stopping = true;
        roomMayBeThere();
        try {
            drain.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            push.close();
            sub.close();
        }
    }
}
