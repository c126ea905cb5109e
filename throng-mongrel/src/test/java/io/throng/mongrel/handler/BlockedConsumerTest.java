package io.throng.mongrel.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.mongrel.ports.HandlerPort;
import io.throng.mongrel.wire.Disconnect;
import io.throng.mongrel.wire.HeaderFormat;
import io.throng.mongrel.wire.Headers;
import io.throng.mongrel.wire.Outbound;
import io.throng.mongrel.wire.Reply;
import io.throng.mongrel.wire.Request;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The gateway writes some replies to client sockets on the port's receive thread, and such a write can
 * block on a client that stopped reading. The port's promise: a consumer call that blocks does not hold
 * up the replies behind it — a new receiver takes the socket over.
 */
class BlockedConsumerTest {

    private static final String SENDER = "f400bf85-4538-4f7a-8908-67e313d515c2";

    @Test
    void repliesKeepFlowingWhileOneConsumerCallIsBlocked() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        BlockingQueue<Outbound> others = new LinkedBlockingQueue<>();
        withPort(out -> {
            if (out instanceof Reply r && r.connectionIds().contains(1L)) {
                blocked.countDown();
                try (var w = HandlerPort.writing()) {
                    release.await(); // a write to a client that does not read
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else {
                others.add(out);
            }
        }, port -> {
            port.send(get(1, "/stuck"));
            assertTrue(blocked.await(10, TimeUnit.SECONDS), "the first reply reached the consumer");
            long t0 = System.nanoTime();
            for (long id = 2; id <= 101; id++) {
                port.send(get(id, "/next"));
            }
            for (int i = 0; i < 100; i++) {
                Outbound o = others.poll(10, TimeUnit.SECONDS);
                assertNotNull(o, "reply " + i + " came while the first consumer call was still blocked");
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals(1, release.getCount(), "the blocked call is still blocked");
            assertEquals(1, port.takeovers(), "one new receiver took over (" + millis + " ms)");
            release.countDown();
        });
    }

    /**
     * A consumer call that is slow outside a write (its thread descheduled between taking the reply and
     * writing it, here held up for 20 times the watchdog's limit) is not replaced: a new receiver would
     * hand the replies received after it to the consumer first, and, were they for the same connection,
     * they would swap places on the wire.
     */
    @Test
    void aConsumerCallSlowOutsideAWriteKeepsItsPlaceInTheOrder() throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        BlockingQueue<Long> order = new LinkedBlockingQueue<>();
        withPort(out -> {
            if (out instanceof Reply r && r.connectionIds().size() == 1) {
                long id = r.connectionIds().iterator().next();
                if (id == 1) {
                    blocked.countDown();
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200)); // descheduled, not writing
                }
                order.add(id);
            }
        }, port -> {
            port.send(get(1, "/slow"));
            assertTrue(blocked.await(10, TimeUnit.SECONDS), "the first reply reached the consumer");
            for (long id = 2; id <= 21; id++) {
                port.send(get(id, "/next"));
            }
            assertEquals(1L, order.poll(10, TimeUnit.SECONDS), "the slow call's reply first: it was received first");
            java.util.Set<Long> rest = new java.util.HashSet<>();
            for (int i = 0; i < 20; i++) {
                rest.add(order.poll(10, TimeUnit.SECONDS)); // the handler answers concurrently: any order
            }
            assertEquals(20, rest.size());
            assertEquals(0, port.takeovers(), "nobody replaced a receiver that was not writing");
        });
    }

    private interface PortTest {
        void run(HandlerPort port) throws Exception;
    }

    /** Binds a port with {@code consumer}, starts a handler that answers each request with its path, then runs {@code test}. */
    private static void withPort(java.util.function.Consumer<Outbound> consumer, PortTest test) throws Exception {
        String requests = Ports.endpoint();
        String replies = Ports.endpoint();
        try (HandlerPort port = HandlerPort.bind(requests, replies, SENDER, consumer, HandlerPort.Options.DEFAULTS);
             RunningHandler h = Handlers.start(new Transport.ZeroMq(requests, replies),
                     (req, out) -> out.reply(req, req.path().getBytes()), HandlerOptions.DEFAULTS)) {
            assertTrue(h.awaitReady(Duration.ofSeconds(10)), "handler connected");
            assertTrue(port.awaitHandlers(1, Duration.ofSeconds(10)), "port saw the handler");
            probe(port, h);
            test.run(port);
        }
    }

    /** A fresh JeroMQ link may lose its first message (docs/gateway.md §6): probe until one goes through. */
    private static void probe(HandlerPort port, RunningHandler h) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (h.received() == 0 && System.nanoTime() < deadline) {
            port.send(new Disconnect(SENDER, 999_999, HeaderFormat.JSON));
            Thread.sleep(50); // polling a counter with a deadline
        }
        assertTrue(h.received() > 0, "the link carries messages");
    }

    private static Request get(long id, String path) {
        return new Request(SENDER, id, path, Headers.builder().add("METHOD", "GET").add("PATH", path).build(),
                new byte[0], HeaderFormat.JSON);
    }
}
