package io.throng.mongrel.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.mongrel.wire.HeaderFormat;
import io.throng.mongrel.wire.Headers;
import io.throng.mongrel.wire.HttpResponse;
import io.throng.mongrel.wire.Outbound;
import io.throng.mongrel.wire.Reply;
import io.throng.mongrel.wire.Request;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The same handler as over ZeroMQ, called directly: only the transport string differs. */
class InProcessTest {

    static final Handler GREETER = (req, out) -> out.reply(req, HttpResponse.ok("hello " + req.path()));

    @Test
    void handlerIsCalledDirectlyAndItsReplyReachesTheSink() throws Exception {
        BlockingQueue<Outbound> sink = new LinkedBlockingQueue<>();
        try (RunningHandler ignored = Handlers.start("local:greeter", GREETER)) {
            assertTrue(InProcess.isRegistered("greeter"));
            InProcess.Link link = InProcess.link("greeter", sink::add);
            Request req = new Request("s", 9, "/x", Headers.builder().add("METHOD", "GET").build(), new byte[0], HeaderFormat.JSON);
            link.send(req);
            Reply r = (Reply) sink.poll(10, TimeUnit.SECONDS);
            assertEquals(List.of(9L), r.connectionIds());
            assertTrue(new String(r.body(), StandardCharsets.UTF_8).endsWith("hello /x"));
        }
        assertFalse(InProcess.isRegistered("greeter"), "close unregisters");
        assertThrows(IllegalStateException.class, () -> InProcess.link("greeter", sink::add));
    }

    @Test
    void aDisconnectDropsTheConnectionsRequestsThatHaveNotStarted() throws Exception {
        java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        BlockingQueue<String> handled = new LinkedBlockingQueue<>();
        BlockingQueue<Outbound> sink = new LinkedBlockingQueue<>();
        Handler h = (req, out) -> {
            handled.add(req.path());
            if (req.path().equals("/held")) {
                holding.countDown();
                release.await(10, TimeUnit.SECONDS);
            }
        };
        try (RunningHandler ignored = Handlers.start("local:dropper", h)) {
            InProcess.Link link = InProcess.link("dropper", sink::add);
            link.send(get(4, "/held"));
            assertTrue(holding.await(10, TimeUnit.SECONDS));
            link.send(get(4, "/queued-1"));
            link.send(get(4, "/queued-2"));
            link.send(new io.throng.mongrel.wire.Disconnect("s", 4, HeaderFormat.JSON));
            release.countDown();
            link.send(get(4, "/after")); // a request after the notice is a new client on a reused id
            assertEquals("/held", handled.poll(10, TimeUnit.SECONDS));
            assertEquals("/after", handled.poll(10, TimeUnit.SECONDS), "queued requests of the gone client skipped");
        }
    }

    private static Request get(long id, String path) {
        return new Request("s", id, path, Headers.builder().add("METHOD", "GET").build(), new byte[0], HeaderFormat.JSON);
    }

    @Test
    void oneNameOneHandler() {
        try (RunningHandler ignored = Handlers.start("local:twice", GREETER)) {
            assertThrows(IllegalStateException.class, () -> Handlers.start("local:twice", GREETER));
        }
    }

    @Test
    void transportSpecsParse() {
        assertEquals(new Transport.InProcess("chat"), Transport.parse("local:chat"));
        assertEquals(new Transport.ZeroMq("tcp://127.0.0.1:9997", "tcp://127.0.0.1:9996"),
                Transport.parse(" tcp://127.0.0.1:9997   tcp://127.0.0.1:9996 "));
        assertThrows(IllegalArgumentException.class, () -> Transport.parse("tcp://127.0.0.1:9997"));
        assertThrows(IllegalArgumentException.class, () -> Transport.parse("local:"));
    }
}
