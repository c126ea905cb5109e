package io.throng.mongrel.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.mongrel.front.Gateway;
import io.throng.mongrel.config.GatewayConfigParser;
import io.throng.mongrel.handler.Handler;
import io.throng.mongrel.handler.HandlerOptions;
import io.throng.mongrel.handler.Handlers;
import io.throng.mongrel.handler.Ports;
import io.throng.mongrel.handler.Responder;
import io.throng.mongrel.handler.RunningHandler;
import io.throng.mongrel.handler.Transport;
import io.throng.mongrel.wire.Credits;
import io.throng.mongrel.wire.HttpResponse;
import io.throng.mongrel.wire.Request;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Mongrel2's download flow control behind Throng's gateway ({@code credits} on the handler): the
 * connection's first request announces {@code DOWNLOAD_CREDITS}, and the gateway gives bytes back in
 * credits notices as they reach the client. A handler that sends only what its credits allow can stream
 * a body 16 times its credits only if those notices come.
 */
class DownloadCreditsTest {

    private static final int CREDITS = 65_536;
    private static final int BODY = 1 << 20;
    private static final int CHUNK = 8192;

    /** Streams {@link #BODY} bytes to each {@code /download} client, never exceeding its credits. */
    static final class CreditStreamer implements Handler {
        private final class Stream {
            final Request req;
            long credits;
            long left = BODY;

            Stream(Request req, long credits) {
                this.req = req;
                this.credits = credits;
            }
        }

        final Queue<String> announced = new ConcurrentLinkedQueue<>();
        final AtomicLong returned = new AtomicLong();
        final AtomicLong sent = new AtomicLong();
        final Queue<Long> greedy = new ConcurrentLinkedQueue<>();
        final java.util.concurrent.BlockingQueue<Long> gone = new java.util.concurrent.LinkedBlockingQueue<>();

        @Override
        public void disconnected(io.throng.mongrel.wire.Disconnect notice, Responder out) {
            gone.add(notice.connectionId());
        }
        private final Map<Long, Stream> streams = new ConcurrentHashMap<>();

        @Override
        public void handle(Request req, Responder out) {
            String credits = req.headers().get("DOWNLOAD_CREDITS", "none");
            announced.add(req.path() + " " + credits);
            if (req.path().startsWith("/download/greedy")) { // ignores its credits
                greedy.add(req.connectionId());
                out.reply(req, ("HTTP/1.1 200 OK\r\nContent-Length: " + (64 << 16) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                for (int i = 0; i < 64; i++) {
                    out.reply(req, new byte[1 << 16]);
                }
                return;
            }
            if (!req.path().startsWith("/download")) {
                out.reply(req, HttpResponse.ok("credits " + credits));
                return;
            }
            byte[] head = ("HTTP/1.1 200 OK\r\nContent-Length: " + BODY + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            Stream s = new Stream(req, Long.parseLong(credits) - head.length);
            streams.put(req.connectionId(), s);
            sent.addAndGet(head.length);
            out.reply(req, head);
            pump(s, out);
        }

        @Override
        public void credits(Credits notice, Responder out) {
            returned.addAndGet(notice.credits());
            Stream s = streams.get(notice.connectionId());
            if (s != null) {
                synchronized (s) {
                    s.credits += notice.credits();
                }
                pump(s, out);
            }
        }

        private void pump(Stream s, Responder out) {
            synchronized (s) {
                while (s.left > 0 && s.credits >= Math.min(CHUNK, s.left)) {
                    int n = (int) Math.min(CHUNK, s.left);
                    byte[] chunk = new byte[n];
                    long offset = BODY - s.left;
                    for (int i = 0; i < n; i++) {
                        chunk[i] = (byte) ((offset + i) % 251);
                    }
                    s.credits -= n;
                    s.left -= n;
                    sent.addAndGet(n);
                    out.reply(s.req, chunk);
                }
            }
        }
    }

    @Test
    void aHandlerThatHonoursCreditsStreamsSixteenTimesItsCredits() throws Exception {
        Mongrel2.Endpoints e = new Mongrel2.Endpoints(Ports.endpoint(), Ports.endpoint());
        String config = """
                listen 127.0.0.1:0
                host 127.0.0.1
                  route /download -> flow
                  route /warm -> flow
                  route / -> plain
                handler flow
                  requests %s
                  replies  %s
                  credits  %d
                handler plain
                  local plain
                """.formatted(e.requests(), e.replies(), CREDITS);
        CreditStreamer streamer = new CreditStreamer();
        try (Gateway g = Gateway.start(GatewayConfigParser.parse(config, "credits.conf"), Path.of("."));
             RunningHandler h = Handlers.start(new Transport.ZeroMq(e.requests(), e.replies()), streamer, HandlerOptions.DEFAULTS);
             RunningHandler plain = Handlers.start(new Transport.InProcess("plain"), streamer, HandlerOptions.DEFAULTS)) {
            assertTrue(h.awaitReady(Duration.ofSeconds(20)), "handler connected");
            assertEquals("credits none", Curl.run("http://127.0.0.1:" + g.port() + "/other"),
                    "a handler without credits hears of none");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!Curl.run("-m", "3", "http://127.0.0.1:" + g.port() + "/warm").startsWith("credits")
                    && System.nanoTime() < deadline) {
                Thread.onSpinWait(); // a fresh JeroMQ link may lose its first message (docs/gateway.md §6)
            }
            byte[] body = Curl.start("-m", "20", "http://127.0.0.1:" + g.port() + "/download").bytes();
            byte[] expected = new byte[BODY];
            for (int i = 0; i < BODY; i++) {
                expected[i] = (byte) (i % 251);
            }
            assertEquals(BODY, body.length, "the whole body came, which needs the credits given back");
            assertTrue(Arrays.equals(expected, body), "and intact");
            assertTrue(streamer.announced.contains("/download " + CREDITS), "announced: " + streamer.announced);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (streamer.returned.get() < streamer.sent.get() && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            assertTrue(streamer.returned.get() >= BODY, "credits returned for every byte written: " + streamer.returned);

            // A handler that ignores its credits, to a client that does not read: past the credits the
            // client is dropped (Mongrel2's "too many outstanding bytes") and the handler told.
            try (java.net.Socket stalled = new java.net.Socket()) {
                stalled.setReceiveBufferSize(4096);
                stalled.connect(new java.net.InetSocketAddress("127.0.0.1", g.port()));
                stalled.getOutputStream().write("GET /download/greedy HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                long stop = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (streamer.greedy.isEmpty() && System.nanoTime() < stop) {
                    Thread.onSpinWait();
                }
                long id = streamer.greedy.peek();
                Long notice;
                do {
                    notice = streamer.gone.poll(Math.max(0, stop - System.nanoTime()), TimeUnit.NANOSECONDS);
                } while (notice != null && notice != id);
                assertEquals(id, notice, "the greedy handler's client was dropped and the handler told");
            }
        }
    }

    @Test
    void thePythonDemoStreamsWithinItsCredits() throws Exception {
        PythonDemo.assumePythonZmq();
        Mongrel2.Endpoints e = new Mongrel2.Endpoints(Ports.endpoint(), Ports.endpoint());
        String config = """
                listen 127.0.0.1:0
                host 127.0.0.1
                  route / -> demo
                handler demo
                  requests %s
                  replies  %s
                  credits  %d
                """.formatted(e.requests(), e.replies(), CREDITS);
        try (Gateway g = Gateway.start(GatewayConfigParser.parse(config, "credits.conf"), Path.of("."));
             PythonDemo demo = PythonDemo.start(e.requests(), e.replies())) {
            String base = "http://127.0.0.1:" + g.port();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!Curl.run("-m", "3", base + "/echo").startsWith("GET") && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            // Two downloads on one connection: the budget is announced once, the notices keep it going.
            byte[] both = Curl.start("-m", "20", base + "/download/" + BODY, base + "/download/" + BODY).bytes();
            byte[] expected = new byte[2 * BODY];
            for (int i = 0; i < 2 * BODY; i++) {
                expected[i] = (byte) ((i % BODY) % 251);
            }
            assertEquals(2 * BODY, both.length, "both bodies came, sixteen times the credits each");
            assertTrue(Arrays.equals(expected, both), "and intact");
        }
    }
}
