package io.throng.mongrel.handler;

import io.throng.mongrel.wire.Inbound;
import io.throng.mongrel.wire.Outbound;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The in-process transport: a gateway in the same JVM calls the handler directly, with the same
 * records, ordering and virtual threads as over ZeroMQ but no encoding and no sockets.
 *
 * <p>Handlers started with {@code local:NAME} are registered here under NAME; the gateway finds them by
 * that name with {@link #link}.
 */
public final class InProcess {

    private static final Map<String, Registration> REGISTRY = new ConcurrentHashMap<>();

    private record Registration(Handler handler, HandlerOptions options, AtomicLong received) {}

    private InProcess() {}

    /** The gateway's side of an in-process handler: requests in, replies out to a sink. */
    public interface Link {
        /** Delivers one message; blocks while the handler already runs {@code maxInFlight} messages. */
        void send(Inbound message) throws InterruptedException;
    }

    /** Connects to the handler registered as {@code name}; replies go to {@code replies}. */
    public static Link link(String name, Consumer<Outbound> replies) {
        Registration r = REGISTRY.get(name);
        if (r == null) {
            throw new IllegalStateException("no in-process handler named '" + name + "'");
        }
        Dispatcher d = new Dispatcher(r.handler(), replies::accept, r.options().maxInFlight());
        return message -> {
            r.received().incrementAndGet();
            d.dispatch(message);
        };
    }

    /** True if a handler is registered as {@code name}: the gateway's fast 503 test. */
    public static boolean isRegistered(String name) {
        return REGISTRY.containsKey(name);
    }

    static RunningHandler register(String name, Handler handler, HandlerOptions options) {
        Registration registration = new Registration(handler, options, new AtomicLong());
        if (REGISTRY.putIfAbsent(name, registration) != null) {
            throw new IllegalStateException("an in-process handler named '" + name + "' is already running");
        }
        return new RunningHandler() {
            @Override
            public boolean awaitReady(Duration timeout) {
                return true;
            }

            @Override
            public long received() {
                return registration.received().get();
            }

            @Override
            public void close() {
                REGISTRY.remove(name, registration);
            }
        };
    }
}
