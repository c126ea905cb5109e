package io.throng.mongrel.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.mongrel.front.Gateway;
import io.throng.mongrel.config.GatewayConfigParser;
import io.throng.mongrel.handler.Handler;
import io.throng.mongrel.handler.HandlerOptions;
import io.throng.mongrel.handler.Handlers;
import io.throng.mongrel.handler.Ports;
import io.throng.mongrel.handler.RunningHandler;
import io.throng.mongrel.handler.Transport;
import io.throng.mongrel.wire.HttpResponse;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A client that asks for a big streamed answer and never reads it fills its socket's buffers; the
 * replies the gateway writes on its receive thread must not make the other clients wait for it.
 */
class SlowClientTest {

    @Test
    void aClientThatStopsReadingDoesNotHoldUpTheOthers() throws Exception {
        Mongrel2.Endpoints e = new Mongrel2.Endpoints(Ports.endpoint(), Ports.endpoint());
        String config = """
                listen 127.0.0.1:0
                host 127.0.0.1
                  route / -> app
                handler app
                  requests %s
                  replies  %s
                """.formatted(e.requests(), e.replies());
        byte[] chunk = new byte[64 * 1024];
        CountDownLatch flooded = new CountDownLatch(1);
        Handler handler = (req, out) -> {
            if (req.path().startsWith("/flood")) {
                out.reply(req, "HTTP/1.1 200 OK\r\nContent-Length: 8388608\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                for (int i = 0; i < 128; i++) { // 8 MiB, one reply to this connection at a time
                    out.reply(req, chunk);
                }
                flooded.countDown();
            } else {
                out.reply(req, HttpResponse.ok("fine"));
            }
        };
        try (Gateway g = Gateway.start(GatewayConfigParser.parse(config, "slow.conf"), Path.of("."));
             RunningHandler h = Handlers.start(new Transport.ZeroMq(e.requests(), e.replies()), handler, HandlerOptions.DEFAULTS);
             Socket stalled = new Socket()) {
            assertTrue(h.awaitReady(Duration.ofSeconds(20)), "handler connected");
            String url = "http://127.0.0.1:" + g.port() + "/ok";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!Curl.run("-m", "3", url).equals("fine") && System.nanoTime() < deadline) {
                Thread.onSpinWait(); // the first message on a fresh JeroMQ link may be lost (docs/gateway.md §6)
            }
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress("127.0.0.1", g.port()));
            OutputStream o = stalled.getOutputStream();
            o.write("GET /flood HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            o.flush(); // and never read
            assertTrue(flooded.await(20, TimeUnit.SECONDS), "the handler sent its flood");
            long t0 = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                assertEquals("fine", Curl.run("-m", "5", url), "request " + i + " while the flood sits unread");
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(millis < 20_000, "20 requests took " + millis + " ms");
            assertTrue(g.relayedConnections() >= 1, "the stalled client is still relayed, not blocking anyone");
            // The receive thread never waited on the stalled client (its writes take what fits and hand
            // the rest to the connection's writer), so the port never needed a new receiver.
            assertEquals(0, g.receiverTakeovers("app"), "receivers replaced");
        }
    }
}
