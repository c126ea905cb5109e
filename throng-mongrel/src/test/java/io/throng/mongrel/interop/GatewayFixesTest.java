package io.throng.mongrel.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.mongrel.front.Gateway;
import io.throng.mongrel.config.GatewayConfigParser;
import io.throng.mongrel.handler.HandlerOptions;
import io.throng.mongrel.handler.Handlers;
import io.throng.mongrel.handler.Ports;
import io.throng.mongrel.handler.RunningHandler;
import io.throng.mongrel.handler.Transport;
import io.throng.mongrel.wire.Request;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Throng's gateway does better than Mongrel2 (docs/gateway.md §5), each against real handlers:
 * no handler → 503 at once, a silent handler → 504, a request whose client left is withdrawn, a killed
 * handler costs only its own in-flight requests, and a 100,000-request pipelined burst loses nothing.
 */
class GatewayFixesTest {

    private static final String IDENT = "34f9ceee-cd52-4b7f-b197-88bf2f0ec378";

    private record Started(Gateway gateway, Mongrel2.Endpoints endpoints) implements AutoCloseable {
        String url(String path) {
            return "http://127.0.0.1:" + gateway.port() + path;
        }

        @Override
        public void close() {
            gateway.close();
        }
    }

    private static Started start(String handlerOptions) throws Exception {
        return start(handlerOptions, "  route / -> app");
    }

    private static Started start(String handlerOptions, String routes) throws Exception {
        Mongrel2.Endpoints e = new Mongrel2.Endpoints(Ports.endpoint(), Ports.endpoint());
        String config = """
                listen 127.0.0.1:0
                host 127.0.0.1
                %s
                handler app
                  requests %s
                  replies  %s
                  ident    %s
                %s
                """.formatted(routes, e.requests(), e.replies(), IDENT, handlerOptions);
        return new Started(Gateway.start(GatewayConfigParser.parse(config, "test.conf"), Path.of(".")), e);
    }

    private static RunningHandler javaHandler(Mongrel2.Endpoints e, DemoHandler demo) throws InterruptedException {
        RunningHandler h = Handlers.start(new Transport.ZeroMq(e.requests(), e.replies()), demo, HandlerOptions.DEFAULTS);
        if (!h.awaitReady(Duration.ofSeconds(20))) {
            h.close();
            throw new AssertionError("the handler never heard the gateway's subscription");
        }
        return h;
    }

    @Test
    void noHandlerAnswers503AtOnce() throws Exception {
        try (Started g = start("  no-handler 503")) {
            long t0 = System.nanoTime();
            String out = Curl.run("-i", g.url("/x"));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(out.startsWith("HTTP/1.1 503 "), out);
            assertTrue(millis < 5000, "503 took " + millis + " ms");
        }
    }

    @Test
    void aRequestNoHandlerTookInTimeIsWithdrawnAndAnswered503() throws Exception {
        try (Started g = start("  stale 300ms")) {
            long t0 = System.nanoTime();
            String out = Curl.run("-i", g.url("/echo/late"));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(out.startsWith("HTTP/1.1 503 "), out);
            assertTrue(millis >= 300 && millis < 10_000, "503 after " + millis + " ms");
            assertEquals(1, g.gateway().withdrawn("app"));
        }
    }

    @Test
    void aSilentHandlerEarns504AndHearsTheConnectionIsGone() throws Exception {
        DemoHandler demo = new DemoHandler();
        try (Started g = start("  timeout 300ms");
             RunningHandler h = javaHandler(g.endpoints(), demo)) {
            warmUp(g);
            demo.seen.clear();
            long t0 = System.nanoTime();
            String out = Curl.run("-i", g.url("/wait/forever")); // the demo holds /wait until a release
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(out.startsWith("HTTP/1.1 504 "), out);
            assertTrue(millis >= 300 && millis < 10_000, "504 after " + millis + " ms");
            Request held = demo.seen.poll(5, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            Long gone;
            do { // the warm-up client's notice may come first
                gone = demo.disconnected.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } while (gone != null && gone != held.connectionId());
            assertEquals(held.connectionId(), gone, "the handler is told to forget the timed-out request");
        }
    }

    @Test
    void aRelayedConnectionWithNoTrafficIsClosedAfterTheIdleLimit() throws Exception {
        DemoHandler demo = new DemoHandler();
        try (Started g = start("  idle 400ms");
             RunningHandler h = javaHandler(g.endpoints(), demo)) {
            warmUp(g);
            demo.seen.clear();
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder("curl", "-s", "-m", "20", g.url("/wait/idle")).redirectErrorStream(true).start();
            try {
                assertTrue(p.waitFor(25, TimeUnit.SECONDS));
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                assertEquals(52, p.exitValue(), "curl: empty reply from server");
                assertTrue(millis >= 400 && millis < 15_000, "closed after " + millis + " ms");
            } finally {
                p.destroyForcibly();
            }
            Request held = demo.seen.poll(5, TimeUnit.SECONDS);
            assertTrue(held != null && held.path().equals("/wait/idle"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            Long gone;
            do {
                gone = demo.disconnected.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } while (gone != null && gone != held.connectionId());
            assertEquals(held.connectionId(), gone, "the handler hears the idle connection is gone");
        }
    }

    @Test
    void aRequestWhoseClientLeftIsNeverDeliveredToALateHandler() throws Exception {
        DemoHandler demo = new DemoHandler();
        try (Started g = start("")) {
            try (Curl gaveUp = Curl.start("-m", "1", g.url("/gone"))) {
                gaveUp.bytes(); // curl gives up after a second: nobody is there to answer
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (g.gateway().relayedConnections() > 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(0, g.gateway().relayedConnections(), "the gateway noticed the client left");
            try (RunningHandler h = javaHandler(g.endpoints(), demo)) {
                warmUp(g);
                assertTrue(demo.seen.stream().noneMatch(r -> r.path().equals("/gone")),
                        "the request of the client that left was withdrawn: " + demo.seen);
                assertEquals(1, g.gateway().withdrawn("app"));
            }
        }
    }

    @Test
    void staticDirectoriesAreServedByThrongAndUnknownPathsAre404(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("hello.txt"), "static hello\n");
        try (Started g = start("", "  route /static/ -> dir " + tmp + "\n  route /app/ -> app")) {
            assertEquals("static hello\n", Curl.run(g.url("/static/hello.txt")));
            assertTrue(Curl.run("-i", g.url("/nowhere")).startsWith("HTTP/1.1 404 "));
        }
    }

    @Test
    void aBurstOf100000PipelinedRequestsGetsEveryReply() throws Exception {
        DemoHandler demo = new DemoHandler();
        try (Started g = start("");
             RunningHandler h = javaHandler(g.endpoints(), demo)) {
            warmUp(g);
            int connections = 8;
            int each = 12_500;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
            List<Thread> clients = new ArrayList<>();
            AtomicInteger answered = new AtomicInteger();
            long t0 = System.nanoTime();
            for (int c = 0; c < connections; c++) {
                clients.add(Thread.ofVirtual().start(() -> {
                    try {
                        answered.addAndGet(PipelinedClient.run(g.gateway().port(), "/echo/b", each, deadline));
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }));
            }
            for (Thread t : clients) {
                t.join(TimeUnit.NANOSECONDS.toMillis(Math.max(1, deadline - System.nanoTime())) + 5000);
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            System.out.println("gateway + Java handler: 100000 pipelined requests in " + millis + " ms");
            assertEquals(connections * each, answered.get());
        }
    }

    @Test
    void aResponseStreamedInSeveralRepliesArrivesWholeAndTheConnectionIsKept() throws Exception {
        io.throng.mongrel.handler.Handler streamer = (req, out) -> {
            out.reply(req, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n");
            for (int i = 0; i < 3; i++) {
                String part = "part" + i + "\n";
                out.reply(req, Integer.toHexString(part.length()) + "\r\n" + part + "\r\n");
            }
            out.reply(req, "0\r\n\r\n");
        };
        try (Started g = start("  timeout 5s");
             RunningHandler h = Handlers.start(new Transport.ZeroMq(g.endpoints().requests(), g.endpoints().replies()),
                     streamer, HandlerOptions.DEFAULTS)) {
            assertTrue(h.awaitReady(Duration.ofSeconds(20)));
            for (int i = 0; i < 5 && !Curl.run("-m", "3", g.url("/warm")).startsWith("part0"); i++) {
                // JeroMQ may lose the first message of a fresh link (docs/gateway.md §6)
            }
            // Two URLs in one curl: the second reuses the connection (0 new connects) once the first ended.
            String out = Curl.run("-w", "[%{num_connects}]", g.url("/s1"), g.url("/s2"));
            assertEquals("part0\npart1\npart2\n[1]part0\npart1\npart2\n[0]", out);
        }
    }

    @Test
    void anInProcessHandlerServesThroughTheGatewayWithNoSockets() throws Exception {
        DemoHandler demo = new DemoHandler();
        String config = """
                listen 127.0.0.1:0
                host 127.0.0.1
                  route / -> app
                handler app
                  local gateway-test-app
                  no-handler 503
                """;
        try (Gateway g = Gateway.start(GatewayConfigParser.parse(config, "test.conf"), Path.of("."))) {
            String url = "http://127.0.0.1:" + g.port();
            assertTrue(Curl.run("-i", url + "/echo/x").startsWith("HTTP/1.1 503 "), "not registered yet");
            try (RunningHandler h = Handlers.start("local:gateway-test-app", demo)) {
                assertEquals("GET /echo/in-process 0\n", Curl.run(url + "/echo/in-process"));
                assertEquals("POST /echo/p 3\nabc", Curl.run("--data-binary", "abc", url + "/echo/p"));
            }
        }
    }

    /** JeroMQ may lose the very first message of a fresh link (docs/gateway.md §6): prime it. */
    private static void warmUp(Started g) throws Exception {
        // Bounded by time, not attempts: on a route with a short idle limit each attempt ends within
        // that limit, and a new JeroMQ link may take seconds to carry its first message (docs/gateway.md §6).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (Curl.run("-m", "3", g.url("/echo/warm")).startsWith("GET")) {
                return;
            }
        }
        throw new AssertionError("the handler never answered");
    }

    @Test
    void killingOneOfTwoHandlersCostsOnlyItsOwnInFlightRequests() throws Exception {
        PythonDemo.assumePythonZmq();
        try (Started g = start("  timeout 2s\n  no-handler 503");
             PythonDemo survivor = PythonDemo.start(g.endpoints().requests(), g.endpoints().replies());
             PythonDemo victim = PythonDemo.start(g.endpoints().requests(), g.endpoints().replies());
             HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (g.gateway().connectedHandlers("app") < 2 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(2, g.gateway().connectedHandlers("app"));
            Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
            List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            AtomicInteger done = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            int threads = 8;
            List<Thread> clients = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                clients.add(Thread.ofVirtual().start(() -> {
                    while (!stop.get()) {
                        try {
                            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(g.url("/echo/k")))
                                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                            statuses.computeIfAbsent(r.statusCode(), k -> new AtomicInteger()).incrementAndGet();
                            done.incrementAndGet();
                        } catch (Exception e) {
                            failures.add(e);
                            return;
                        }
                    }
                }));
            }
            while (done.get() < 500 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            victim.kill();
            int atKill = done.get();
            while (done.get() < atKill + 2000 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            stop.set(true);
            for (Thread t : clients) {
                t.join(15_000);
            }
            assertTrue(failures.isEmpty(), "no client saw an error or a hang: " + failures);
            int failed = statuses.entrySet().stream().filter(e -> e.getKey() != 200)
                    .mapToInt(e -> e.getValue().get()).sum();
            assertTrue(statuses.keySet().stream().allMatch(s -> s == 200 || s == 502 || s == 504), statuses.toString());
            assertTrue(failed <= threads, "only requests in flight at the kill may fail: " + statuses);
            assertTrue(done.get() >= atKill + 2000, "the survivor kept serving: " + statuses);
        }
    }
}
