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
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every plain {@code listen} line is served, all on one router and one connection-id space: clients on
 * two ports reach the same handler, and one broadcast reply releases clients held on both.
 */
class TwoListenersTest {

    @Test
    void bothPortsServeAndOneBroadcastReachesClientsOfEach() throws Exception {
        Mongrel2.Endpoints e = new Mongrel2.Endpoints(Ports.endpoint(), Ports.endpoint());
        String config = """
                listen 127.0.0.1:0
                listen 127.0.0.1:0
                host 127.0.0.1
                  route / -> app
                handler app
                  requests %s
                  replies  %s
                """.formatted(e.requests(), e.replies());
        DemoHandler demo = new DemoHandler();
        try (Gateway g = Gateway.start(GatewayConfigParser.parse(config, "two.conf"), Path.of("."));
             RunningHandler h = Handlers.start(new Transport.ZeroMq(e.requests(), e.replies()), demo, HandlerOptions.DEFAULTS)) {
            assertTrue(h.awaitReady(Duration.ofSeconds(20)), "the handler never heard the gateway's subscription");
            List<Integer> ports = g.ports();
            assertEquals(2, ports.size(), ports.toString());
            assertTrue(!ports.get(0).equals(ports.get(1)), ports.toString());
            for (int port : ports) {
                assertTrue(warm("http://127.0.0.1:" + port + "/echo/hi").startsWith("GET /echo/hi 0"), "port " + port);
            }
            try (Curl a = Curl.start("http://127.0.0.1:" + ports.get(0) + "/wait/a");
                 Curl b = Curl.start("http://127.0.0.1:" + ports.get(1) + "/wait/b")) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (demo.waiting.size() < 2 && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                assertEquals(2, demo.waiting.size(), "both held requests reached the handler");
                assertEquals("released 2", Curl.run("http://127.0.0.1:" + ports.get(1) + "/release"));
                assertEquals("released", a.text());
                assertEquals("released", b.text());
            }
        }
    }

    /** The first message over a fresh JeroMQ link may take a while (docs/gateway.md §6). */
    private static String warm(String url) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String out = "";
        while (System.nanoTime() < deadline && !out.startsWith("GET")) {
            out = Curl.run("-m", "3", url);
        }
        return out;
    }
}
