package io.throng.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Graceful shutdown at the HTTP level: the request in flight completes, marked Connection: close. */
class ShutdownTest {
    @Test
    void inFlightRequestFinishesWithConnectionCloseAndIdleKeepAliveIsClosed() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Router r = new Router()
                .get("/fast", (req, res) -> res.send("fast"))
                .get("/slow", (req, res) -> {
                    entered.countDown();
                    release.await(10, TimeUnit.SECONDS);
                    res.send("slow done");
                });
        HttpServer server = HttpServer.start("127.0.0.1", 0, r);
        try (Raw busy = new Raw(server.port()); Raw idle = new Raw(server.port())) {
            idle.send("GET /fast HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(idle.readResponse().endsWith("fast"));
            busy.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(entered.await(5, TimeUnit.SECONDS));
            Thread stopper = Thread.ofVirtual().start(() -> server.shutdown(Duration.ofSeconds(5)));
            assertTrue(idle.closedByServer(), "idle keep-alive connection closed at once");
            release.countDown();
            String response = busy.readToClose();
            assertTrue(response.startsWith("HTTP/1.1 200 OK") && response.endsWith("slow done"), response);
            assertTrue(response.contains("Connection: close"), response);
            assertTrue(stopper.join(Duration.ofSeconds(5)));
            assertEquals(0, server.connectionCount());
        }
        try (Socket late = new Socket("127.0.0.1", server.port())) {
            throw new AssertionError("still accepting after shutdown: " + late);
        } catch (IOException expected) {
            // refused
        }
    }
}
