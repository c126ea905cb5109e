package io.throng.mongrel.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.mongrel.ports.HandlerPort;
import io.throng.mongrel.zmq.ZmqContext;
import io.throng.mongrel.wire.Disconnect;
import io.throng.mongrel.wire.HeaderFormat;
import io.throng.mongrel.wire.Headers;
import io.throng.mongrel.wire.HttpResponse;
import io.throng.mongrel.wire.Outbound;
import io.throng.mongrel.wire.Reply;
import io.throng.mongrel.wire.Request;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Java SDK over real ZeroMQ sockets, against Throng's own server side ({@link HandlerPort}). */
class ZmqHandlerTest {

    private static final String SENDER = "f400bf85-4538-4f7a-8908-67e313d515c2";

    private final BlockingQueue<Outbound> replies = new LinkedBlockingQueue<>();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    private HandlerPort start(Handler handler, HandlerOptions options) throws Exception {
        String requests = Ports.endpoint();
        String replyEndpoint = Ports.endpoint();
        HandlerPort port = HandlerPort.bind(requests, replyEndpoint, SENDER, replies::add, HandlerPort.Options.DEFAULTS);
        open.add(port);
        RunningHandler running = Handlers.start(new Transport.ZeroMq(requests, replyEndpoint), handler, options);
        open.add(running);
        assertTrue(running.awaitReady(Duration.ofSeconds(10)), "handler connected");
        assertTrue(port.awaitHandlers(1, Duration.ofSeconds(10)), "port saw the handler");
        assertTrue(linkCarries(port, running), "a probe went through");
        return port;
    }

    /**
     * JeroMQ 0.6.0 sometimes loses the first message on a fresh TCP connection when it arrives together
     * with the handshake (about 1 connection in 100 on a busy machine; see docs/gateway.md). Disconnect
     * notices for an unused id are harmless, so they probe the link until one arrives.
     */
    private static boolean linkCarries(HandlerPort port, RunningHandler running) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            port.send(new Disconnect(SENDER, 999_999, HeaderFormat.JSON));
            long wait = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
            while (System.nanoTime() < wait) {
                if (running.received() > 0) {
                    return true;
                }
                Thread.onSpinWait();
                Thread.sleep(5); // polling a counter with a deadline
            }
        }
        return false;
    }

    private static Request get(long id, String path) {
        return new Request(SENDER, id, path, Headers.builder().add("METHOD", "GET").add("PATH", path).build(),
                new byte[0], HeaderFormat.JSON);
    }

    private Outbound next() throws InterruptedException {
        Outbound o = replies.poll(10, TimeUnit.SECONDS);
        assertTrue(o != null, "a reply within 10 s");
        return o;
    }

    @Test
    void requestIsAnsweredThroughTheSockets() throws Exception {
        HandlerPort port = start((req, out) -> out.reply(req, HttpResponse.ok("hello " + req.path())),
                HandlerOptions.DEFAULTS);
        port.send(get(42, "/hi"));
        Reply r = (Reply) next();
        assertEquals(List.of(42L), r.connectionIds());
        assertTrue(new String(r.body(), StandardCharsets.UTF_8).endsWith("\r\n\r\nhello /hi"));
    }

    /**
     * The SDK runs on the engine its options name, and talks to a server of the other engine: a libzmq
     * handler behind a JeroMQ port and the reverse, with a reply far larger than the libzmq socket's
     * first send buffer, which must arrive whole.
     */
    @Test
    void theHandlerRunsOnTheEngineItIsGivenAndTalksToTheOther() throws Exception {
        byte[] big = new byte[300_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ('a' + i % 26);
        }
        for (ZmqContext.Engine engine : List.of(ZmqContext.Engine.LIBZMQ, ZmqContext.Engine.JEROMQ)) {
            ZmqContext.Engine other = engine == ZmqContext.Engine.LIBZMQ ? ZmqContext.Engine.JEROMQ : ZmqContext.Engine.LIBZMQ;
            String requests = Ports.endpoint();
            String replyEndpoint = Ports.endpoint();
            try (HandlerPort port = HandlerPort.bind(requests, replyEndpoint, SENDER, replies::add,
                         HandlerPort.Options.DEFAULTS.withEngine(other));
                 RunningHandler running = Handlers.start(new Transport.ZeroMq(requests, replyEndpoint),
                         (req, out) -> out.reply(req, HttpResponse.of(200, "OK", java.util.Map.of(), big)),
                         HandlerOptions.DEFAULTS.withEngine(engine))) {
                String used = ((ZmqHandler) running).engine();
                assertTrue(engine == ZmqContext.Engine.LIBZMQ ? used.startsWith("libzmq ") : used.equals("jeromq"),
                        engine + " asked, " + used + " runs");
                assertTrue(running.awaitReady(Duration.ofSeconds(10)), "handler connected");
                assertTrue(port.awaitHandlers(1, Duration.ofSeconds(10)), "port saw the handler");
                assertTrue(linkCarries(port, running), "a probe went through");
                port.send(get(5, "/big"));
                Reply r = (Reply) next();
                assertEquals(List.of(5L), r.connectionIds());
                byte[] body = r.body();
                byte[] tail = java.util.Arrays.copyOfRange(body, body.length - big.length, body.length);
                assertTrue(java.util.Arrays.equals(big, tail), engine + " handler: the large reply arrived whole");
            }
        }
    }

    /**
     * The gateway's own ZMTP port with the SDK on each ZeroMQ library (JeroMQ announces ZMTP 3.0, libzmq
     * 3.1): the handler hears the subscription, a burst of requests is answered in full, a large reply
     * arrives whole, and the port stops counting a handler that left.
     */
    @Test
    void theZmtpPortServesHandlersOnEitherLibrary() throws Exception {
        byte[] big = new byte[300_000];
        java.util.Arrays.fill(big, (byte) 'z');
        for (ZmqContext.Engine engine : List.of(ZmqContext.Engine.LIBZMQ, ZmqContext.Engine.JEROMQ)) {
            String requests = Ports.endpoint();
            String replyEndpoint = Ports.endpoint();
            try (HandlerPort port = HandlerPort.bind(requests, replyEndpoint, SENDER, replies::add,
                    HandlerPort.Options.DEFAULTS.withEngine(ZmqContext.Engine.ZMTP))) {
                assertEquals("zmtp", port.engine());
                try (RunningHandler running = Handlers.start(new Transport.ZeroMq(requests, replyEndpoint),
                        (req, out) -> out.reply(req, req.path().equals("/big")
                                ? HttpResponse.of(200, "OK", java.util.Map.of(), big) : HttpResponse.ok(req.path())),
                        HandlerOptions.DEFAULTS.withEngine(engine))) {
                    assertTrue(running.awaitReady(Duration.ofSeconds(10)), engine + " handler heard the subscription");
                    assertTrue(port.awaitHandlers(1, Duration.ofSeconds(10)), "port saw the handler");
                    assertTrue(linkCarries(port, running), "a probe went through");
                    for (long id = 100; id < 300; id++) {
                        port.send(get(id, "/n"));
                    }
                    java.util.Set<Long> answered = new java.util.HashSet<>();
                    while (answered.size() < 200) {
                        Outbound o = next();
                        if (o instanceof Reply r) {
                            answered.addAll(r.connectionIds());
                        }
                    }
                    port.send(get(5, "/big"));
                    Reply r;
                    do {
                        r = (Reply) next();
                    } while (!r.connectionIds().equals(List.of(5L)));
                    byte[] body = r.body();
                    assertTrue(java.util.Arrays.equals(big, java.util.Arrays.copyOfRange(body, body.length - big.length,
                            body.length)), engine + " handler: the large reply arrived whole");
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (port.connectedHandlers() > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(10); // polling a counter with a deadline
                }
                assertEquals(0, port.connectedHandlers(), engine + " handler left and is not counted");
            }
        }
    }

    @Test
    void broadcastIsSplitIntoMessagesOfAtMost128Ids() throws Exception {
        List<Long> everyone = LongStream.rangeClosed(1, 300).boxed().toList();
        HandlerPort port = start((req, out) -> out.deliver(req.sender(), everyone, "tick".getBytes(StandardCharsets.UTF_8)),
                HandlerOptions.DEFAULTS);
        port.send(get(1, "/broadcast"));
        List<Long> reached = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        while (reached.size() < 300) {
            Outbound o = next();
            reached.addAll(o.connectionIds());
            sizes.add(o.connectionIds().size());
        }
        assertEquals(everyone, reached);
        assertEquals(List.of(128, 128, 44), sizes);
    }

    @Test
    void disconnectNoticeReachesTheHandlerEvenWhileItsConnectionIsBusy() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch gone = new CountDownLatch(1);
        HandlerPort port = start(new Handler() {
            @Override
            public void handle(Request request, Responder out) throws Exception {
                release.await(10, TimeUnit.SECONDS); // a long-poll holding the connection's lane
                out.close(request);
            }

            @Override
            public void disconnected(Disconnect notice, Responder out) {
                if (notice.connectionId() == 7) {
                    gone.countDown();
                }
            }
        }, HandlerOptions.DEFAULTS);
        port.send(get(7, "/poll"));
        port.send(new Disconnect(SENDER, 7, HeaderFormat.JSON));
        assertTrue(gone.await(10, TimeUnit.SECONDS), "notice not stuck behind the held request");
        release.countDown();
        assertTrue(((Reply) next()).isClose());
    }

    @Test
    void framesOfOneConnectionStayInOrder() throws Exception {
        HandlerPort port = start((req, out) -> {
            Thread.sleep(req.bodyLength() % 3); // uneven work would reorder unserialised frames
            out.reply(req, req.body());
        }, HandlerOptions.DEFAULTS);
        for (int i = 0; i < 200; i++) {
            byte[] body = Integer.toString(i).getBytes(StandardCharsets.US_ASCII);
            port.send(new Request(SENDER, 5, "/ws", Headers.builder().add("METHOD", "WEBSOCKET").add("FLAGS", "0x81").build(),
                    body, HeaderFormat.JSON));
        }
        for (int i = 0; i < 200; i++) {
            assertEquals(Integer.toString(i), new String(((Reply) next()).body(), StandardCharsets.US_ASCII));
        }
    }

    /**
     * Replies sent by handler threads themselves and replies queued for the send thread (a tiny
     * high-water mark makes the queue busy) still reach each connection in the order they were sent.
     */
    @Test
    void repliesKeepTheirOrderPerConnectionWhenSomeAreQueuedAndSomeSentDirectly() throws Exception {
        int connections = 40;
        int requests = 5000;
        int perRequest = 8;
        HandlerPort port = start((req, out) -> {
            for (int k = 0; k < perRequest; k++) {
                out.reply(req, (req.bodyText() + ":" + k).getBytes(StandardCharsets.US_ASCII));
            }
        }, HandlerOptions.DEFAULTS.withSendHighWater(5));
        for (int i = 0; i < requests; i++) {
            port.send(new Request(SENDER, i % connections, "/ws", Headers.builder().add("METHOD", "WEBSOCKET")
                    .add("FLAGS", "0x81").build(), Integer.toString(i).getBytes(StandardCharsets.US_ASCII), HeaderFormat.JSON));
        }
        List<List<String>> seen = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            seen.add(new ArrayList<>());
        }
        for (int n = 0; n < requests * perRequest; n++) {
            Reply r = (Reply) next();
            seen.get(r.connectionIds().getFirst().intValue()).add(new String(r.body(), StandardCharsets.US_ASCII));
        }
        for (int c = 0; c < connections; c++) {
            List<String> expected = new ArrayList<>();
            for (int i = c; i < requests; i += connections) {
                for (int k = 0; k < perRequest; k++) {
                    expected.add(i + ":" + k);
                }
            }
            List<String> got = seen.get(c);
            int at = 0;
            while (at < expected.size() && expected.get(at).equals(got.get(at))) {
                at++;
            }
            assertEquals(expected.size(), at, "connection " + c + ": reply " + at + " out of order, "
                    + got.subList(Math.max(0, at - 2), Math.min(got.size(), at + 3)));
        }
    }

    @Test
    void aFailingHandlerStillAnswers500() throws Exception {
        HandlerPort port = start((req, out) -> {
            throw new IllegalStateException("boom");
        }, HandlerOptions.DEFAULTS);
        port.send(get(3, "/fail"));
        String body = new String(((Reply) next()).body(), StandardCharsets.UTF_8);
        assertTrue(body.startsWith("HTTP/1.1 500 "), body);
    }

    @Test
    void aBurstLosesNoReplyEvenWithSmallHighWaterMarks() throws Exception {
        int n = 50_000;
        AtomicInteger handled = new AtomicInteger();
        HandlerPort port = start((req, out) -> {
            handled.incrementAndGet();
            out.reply(req, "ok");
        }, HandlerOptions.DEFAULTS.withSendHighWater(100));
        for (int i = 0; i < n; i++) {
            port.send(get(i, "/burst"));
        }
        boolean[] seen = new boolean[n];
        for (int i = 0; i < n; i++) {
            Outbound o = replies.poll(30, TimeUnit.SECONDS);
            assertTrue(o != null, "reply " + i + " of " + n + " arrived; handled " + handled.get());
            seen[o.connectionIds().getFirst().intValue()] = true;
        }
        for (int i = 0; i < n; i++) {
            assertTrue(seen[i], "reply for " + i);
        }
    }

    @Test
    void noHandlerIsVisibleAtOnce() throws Exception {
        HandlerPort port = HandlerPort.bind(Ports.endpoint(), Ports.endpoint(), SENDER, replies::add, HandlerPort.Options.DEFAULTS);
        open.add(port);
        assertEquals(0, port.connectedHandlers());
    }
}
