package io.throng.mongrel.front;

import io.throng.mongrel.config.GatewayConfig;
import io.throng.mongrel.ports.HandlerPort;
import io.throng.mongrel.handler.InProcess;
import io.throng.mongrel.handler.Transport;
import io.throng.mongrel.wire.Credits;
import io.throng.mongrel.wire.Disconnect;
import io.throng.mongrel.wire.Inbound;
import io.throng.mongrel.wire.Outbound;
import io.throng.mongrel.zmq.ZmqContext;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One configured handler as the gateway sees it: a {@link HandlerPort} (handlers anywhere, over ZeroMQ)
 * or an in-process link ({@code local NAME}), with the handler's options.
 */
final class Backend implements AutoCloseable {

    final GatewayConfig.HandlerSpec spec;
    /** This handler's request counters (throng_gateway_requests_total), resolved once. */
    final RequestEvents.Counts counts;
    private final Consumer<Outbound> replies;
    private volatile HandlerPort port; // set once in open(), before any request can be sent
    private volatile InProcess.Link local;

    private Backend(GatewayConfig.HandlerSpec spec, BiConsumer<Outbound, Backend> replies) {
        this.spec = spec;
        this.counts = RequestEvents.counts(spec.name());
        this.replies = out -> replies.accept(out, this);
    }

    /**
     * Binds the handler's sockets (or prepares its in-process link); each reply goes to {@code replies}
     * with the backend it came from.
     */
    static Backend open(GatewayConfig.HandlerSpec spec, ZmqContext.Engine engine,
                        BiConsumer<Outbound, Backend> replies) throws InterruptedException {
        Backend b = new Backend(spec, replies);
        if (spec.transport() instanceof Transport.ZeroMq z) {
            b.port = HandlerPort.bind(z.requests(), z.replies(), "", b.replies,
                    HandlerPort.Options.DEFAULTS.withEngine(engine));
        }
        return b;
    }

    boolean isLocal() {
        return spec.transport() instanceof Transport.InProcess;
    }

    /** Handlers able to take a request now. */
    int connectedHandlers() {
        if (!isLocal()) {
            return port.connectedHandlers();
        }
        return InProcess.isRegistered(localName()) ? 1 : 0;
    }

    /** The port's ZeroMQ engine, or {@code in-process}. */
    String engine() {
        return isLocal() ? "in-process" : port.engine();
    }

    /** Requests withdrawn before a handler took them (their client left, or they went stale). */
    long withdrawn() {
        HandlerPort p = port;
        return p == null ? 0 : p.withdrawn();
    }

    /** Reply receivers replaced because a client write held one up. */
    long takeovers() {
        HandlerPort p = port;
        return p == null ? 0 : p.takeovers();
    }

    /** Forwards a message; withdrawn if {@code wanted} turns false before a handler takes it. */
    void send(Inbound message, BooleanSupplier wanted) throws InterruptedException {
        if (!isLocal()) {
            port.send(message, wanted);
            return;
        }
        if (wanted.getAsBoolean()) {
            link().send(message);
        }
    }

    /** Forwards a message encoded by the caller; for ZeroMQ handlers only ({@link #isLocal()} false). */
    void send(byte[] encoded, BooleanSupplier wanted) throws InterruptedException {
        port.send(encoded, wanted);
    }

    /**
     * Gives the handler back {@code bytes} download credits for a connection (they reached the client).
     * Never blocks the caller, which may be a port's receive thread; unlike a disconnect notice it is not
     * dropped when the queue is full, since a handler waiting for credits would wait forever.
     */
    void credits(long connectionId, long bytes) {
        Credits notice = new Credits(spec.ident(), connectionId, bytes, spec.protocol());
        if (!isLocal()) {
            HandlerPort p = port;
            if (p != null && !p.trySend(notice)) {
                Thread.ofVirtual().start(() -> {
                    try {
                        p.send(notice);
                    } catch (InterruptedException | IllegalStateException ignored) {
                        // the port is closing
                    }
                });
            }
        } else if (InProcess.isRegistered(localName())) {
            Thread.ofVirtual().start(() -> {
                try {
                    link().send(notice);
                } catch (InterruptedException | RuntimeException ignored) {
                    // the handler is going away
                }
            });
        }
    }

    /** Tells the handler a connection is gone; best effort, never blocks (notices are idempotent hints). */
    void disconnected(long connectionId) {
        Disconnect notice = new Disconnect(spec.ident(), connectionId, spec.protocol());
        if (!isLocal()) {
            HandlerPort p = port;
            if (p != null) {
                p.trySend(notice);
            }
        } else if (InProcess.isRegistered(localName())) {
            Thread.ofVirtual().start(() -> {
                try {
                    link().send(notice);
                } catch (InterruptedException | RuntimeException ignored) {
                    // the handler is going away; nobody is left to tell
                }
            });
        }
    }

    private InProcess.Link link() {
        InProcess.Link l = local;
        if (l == null) {
            synchronized (this) {
                if (local == null) {
                    local = InProcess.link(localName(), replies);
                }
                l = local;
            }
        }
        return l;
    }

    private String localName() {
        return ((Transport.InProcess) spec.transport()).name();
    }

    @Override
    public void close() {
        if (port != null) {
            port.close();
        }
    }
}
