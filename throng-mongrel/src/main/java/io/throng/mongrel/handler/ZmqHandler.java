package io.throng.mongrel.handler;

import io.throng.mongrel.wire.Inbound;
import io.throng.mongrel.wire.Outbound;
import io.throng.mongrel.wire.MessageCodec;
import io.throng.net.codec.MalformedFrameException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import io.throng.mongrel.zmq.SocketKind;
import io.throng.mongrel.zmq.ZmqContext;
import io.throng.mongrel.zmq.ZmqFailure;
import io.throng.mongrel.zmq.ZmqSocket;

/**
 * A handler connected to a Mongrel2-style server over ZeroMQ: PULL for requests, PUB for replies.
 *
 * <p>ZeroMQ sockets are used by one thread at a time. The receive thread owns the PULL socket and hands
 * decoded messages to the {@link Dispatcher}. The reply socket is guarded by {@code pubLock}: a handler
 * thread that replies while nothing is queued sends it itself (the fast path: no wake-up of another
 * thread per reply, which the profile showed as the handler's largest cost after the kernel's), and
 * otherwise queues it for the send thread, which also owns the socket's life. Replies keep their order:
 * the fast path is open only while the queue is empty.
 *
 * <p>The reply socket is an XPUB (on the wire it is a PUB) so that this handler sees the server's
 * subscription arrive: requests are only pulled once replies can be heard, which closes ZeroMQ's
 * slow-joiner gap where the first replies vanish. It never drops: past the high-water mark a send blocks.
 *
 * <p>ZeroMQ engine: the gateway's seam ({@link io.throng.mongrel.zmq}), libzmq through FFM when it loads,
 * else JeroMQ, per {@link HandlerOptions#engine()}. The handler usually shares the machine with the
 * server, so its CPU per message is the server's too: libzmq's I/O thread sleeps in epoll when idle,
 * where JeroMQ's polls.
 */
final class ZmqHandler implements RunningHandler {

    private static final System.Logger LOG = System.getLogger(ZmqHandler.class.getName());
    private static final byte[] STOP = new byte[0];
    private static final int POLL_MILLIS = 100;
    /** JeroMQ 0.6.0 occasionally stalls a handshake; a short limit makes it reconnect instead of waiting 30 s. */
    private static final int HANDSHAKE_MILLIS = 2000;

    private final Transport.ZeroMq endpoints;
    private final HandlerOptions options;
    private final ZmqContext context;
    private final BlockingQueue<byte[]> outbox;
    /** Guards the reply socket; see the class doc. */
    private final ReentrantLock pubLock = new ReentrantLock();
    /** Replies queued or in the send thread's hands; the fast path is open only at zero, to keep order. */
    private final AtomicInteger unsent = new AtomicInteger();
    /**
     * libzmq only: a JeroMQ socket signals its I/O thread through NIO channels, which an interrupt of
     * the calling handler thread would close, breaking the socket for every reply after it.
     */
    private final boolean fastPath;
    /** The reply socket once the server subscribed, until the send thread closes it; guarded by pubLock. */
    private ZmqSocket pubSocket;
    private final CountDownLatch replyPathLive = new CountDownLatch(1);
    private final CountDownLatch receiving = new CountDownLatch(1);
    private final Dispatcher dispatcher;
    private final Thread receiver;
    private final Thread sender;
    private volatile boolean stopping;
    private volatile boolean closed;

    ZmqHandler(Transport.ZeroMq endpoints, Handler handler, HandlerOptions options) {
        this.endpoints = endpoints;
        this.options = options;
        this.context = ZmqContext.open(options.engine(), 1);
        this.fastPath = context.engine().startsWith("libzmq");
        this.outbox = new ArrayBlockingQueue<>(options.outboxCapacity());
        this.dispatcher = new Dispatcher(handler, this::enqueue, options.maxInFlight());
        this.sender = Thread.ofPlatform().name("mongrel-pub " + endpoints.replies()).daemon().unstarted(this::sendLoop);
        this.receiver = Thread.ofPlatform().name("mongrel-pull " + endpoints.requests()).daemon().unstarted(this::receiveLoop);
        sender.start();
        receiver.start();
    }

    private void enqueue(Outbound message) {
        if (closed) {
            throw new IllegalStateException("handler is closed; reply dropped: " + message);
        }
        byte[] bytes = MessageCodec.encode(message);
        if (fastPath && unsent.get() == 0 && pubLock.tryLock()) {
            try {
                if (unsent.get() == 0 && pubSocket != null && pubSocket.send(bytes, ZmqSocket.DONTWAIT)) {
                    return;
                }
            } finally {
                pubLock.unlock();
            }
        }
        unsent.incrementAndGet();
        try {
            outbox.put(bytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the reply path was full", e);
        }
    }

    private void sendLoop() {
        ZmqSocket pub = context.socket(SocketKind.XPUB);
        try {
            pub.sendHighWater(options.sendHighWater());
            pub.xpubNoDrop(true);
            pub.handshakeMillis(HANDSHAKE_MILLIS);
            pub.receiveTimeoutMillis(POLL_MILLIS);
            pub.lingerMillis(Math.toIntExact(options.drainTimeout().toMillis()));
            pub.connect(endpoints.replies());
            while (!stopping && pub.receive(0) == null) {
                // waiting for the server's subscription
            }
            pubLock.lock();
            try {
                pubSocket = pub;
            } finally {
                pubLock.unlock();
            }
            replyPathLive.countDown();
            List<byte[]> batch = new ArrayList<>();
            while (true) {
                byte[] first = outbox.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                pubLock.lock();
                try {
                    if (first == null) {
                        // Idle: read later subscriptions (a server restarted) so they do not pile up.
                        while (pub.receive(ZmqSocket.DONTWAIT) != null) {
                            // nothing to do with them
                        }
                        continue;
                    }
                    batch.add(first);
                    outbox.drainTo(batch, 1024);
                    for (byte[] message : batch) {
                        if (message == STOP) {
                            return;
                        }
                        if (!pub.send(message, 0)) {
                            LOG.log(System.Logger.Level.WARNING, "reply not sent: ZeroMQ would not queue it");
                        }
                        // Counted down only once sent: a fast-path sender that sees zero finds every
                        // earlier reply already in ZeroMQ's hands.
                        unsent.decrementAndGet();
                    }
                    batch.clear();
                } finally {
                    pubLock.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ZmqFailure e) {
            socketFailed("reply", e);
        } finally {
            pubLock.lock();
            try {
                pubSocket = null;
                pub.close();
            } finally {
                pubLock.unlock();
            }
        }
    }

    private void receiveLoop() {
        try {
            while (!replyPathLive.await(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                if (stopping) {
                    return;
                }
            }
            try (ZmqSocket pull = context.socket(SocketKind.PULL)) {
                pull.receiveHighWater(options.receiveHighWater());
                pull.maxMessageBytes(options.maxMessageBytes());
                pull.receiveTimeoutMillis(POLL_MILLIS);
                pull.handshakeMillis(HANDSHAKE_MILLIS);
                pull.lingerMillis(0);
                pull.connect(endpoints.requests());
                receiving.countDown();
                while (!stopping) {
                    byte[] raw = pull.receive(0);
                    if (raw == null) {
                        continue;
                    }
                    Inbound message;
                    try {
                        message = MessageCodec.decodeInbound(raw);
                    } catch (MalformedFrameException e) {
                        LOG.log(System.Logger.Level.WARNING, "dropped malformed request: " + e.getMessage());
                        continue;
                    }
                    dispatcher.dispatch(message);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ZmqFailure e) {
            socketFailed("request", e);
        }
    }

    @Override
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return receiving.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The ZeroMQ engine in use, e.g. {@code libzmq 4.3.4} or {@code jeromq}. */
    String engine() {
        return context.engine();
    }

    @Override
    public long received() {
        return dispatcher.received();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        stopping = true;
        try {
            receiver.join(options.drainTimeout().toMillis() + 1000);
            if (!dispatcher.awaitIdle(options.drainTimeout())) {
                LOG.log(System.Logger.Level.WARNING, "closing with handlers still running");
            }
            closed = true;
            outbox.put(STOP);
            sender.join(options.drainTimeout().toMillis() + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closed = true;
            context.close();
        }
    }

    /** A socket thread's failure: expected while stopping (the socket was closed under it), else logged. */
    private void socketFailed(String socket, ZmqFailure e) {
        if (!stopping) {
            LOG.log(System.Logger.Level.ERROR, socket + " socket failed", e);
        }
    }
}
