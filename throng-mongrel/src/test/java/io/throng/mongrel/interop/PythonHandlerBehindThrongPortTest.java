package io.throng.mongrel.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.mongrel.ports.HandlerPort;
import io.throng.mongrel.handler.Ports;
import io.throng.mongrel.wire.HeaderFormat;
import io.throng.mongrel.wire.Headers;
import io.throng.mongrel.wire.Outbound;
import io.throng.mongrel.wire.Reply;
import io.throng.mongrel.wire.Request;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Python handler behind Throng's own server side of the protocol ({@link HandlerPort}): the same
 * handler that runs behind Mongrel2 runs unchanged behind Throng, and a burst loses no reply (Mongrel2's
 * default high-water marks lost 12% of 100,000 in the research run).
 */
class PythonHandlerBehindThrongPortTest {

    static final String SENDER = "34f9ceee-cd52-4b7f-b197-88bf2f0ec378";

    @Test
    void echoAndABurstOf100000WithEveryReplyDelivered() throws Exception {
        PythonDemo.assumePythonZmq();
        BlockingQueue<Outbound> replies = new LinkedBlockingQueue<>();
        String requests = Ports.endpoint();
        String replyEndpoint = Ports.endpoint();
        try (HandlerPort port = HandlerPort.bind(requests, replyEndpoint, SENDER, replies::add, HandlerPort.Options.DEFAULTS);
             PythonDemo ignored = PythonDemo.start(requests, replyEndpoint)) {
            assertTrue(port.awaitHandlers(1, Duration.ofSeconds(10)));
            port.send(request(1, "/echo/one", HeaderFormat.JSON, "body"));
            Reply first = (Reply) replies.poll(10, TimeUnit.SECONDS);
            assertTrue(new String(first.body(), StandardCharsets.UTF_8).endsWith("POST /echo/one 4\nbody"));

            int n = 100_000;
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                port.send(request(i, "/echo", HeaderFormat.TNETSTRING, ""));
            }
            BitSet seen = new BitSet(n);
            for (int i = 0; i < n; i++) {
                Outbound o = replies.poll(30, TimeUnit.SECONDS);
                assertTrue(o != null, "only " + seen.cardinality() + " of " + n + " replies arrived");
                seen.set(o.connectionIds().getFirst().intValue());
            }
            assertEquals(n, seen.cardinality());
            System.out.printf("python handler behind HandlerPort: %d round trips in %d ms%n", n,
                    (System.nanoTime() - start) / 1_000_000);
        }
    }

    @Test
    void twoHandlersServeAndTheSurvivorTakesOverWhenOneIsKilled() throws Exception {
        PythonDemo.assumePythonZmq();
        BlockingQueue<Outbound> replies = new LinkedBlockingQueue<>();
        String requests = Ports.endpoint();
        String replyEndpoint = Ports.endpoint();
        try (HandlerPort port = HandlerPort.bind(requests, replyEndpoint, SENDER, replies::add, HandlerPort.Options.DEFAULTS);
             PythonDemo first = PythonDemo.start(requests, replyEndpoint);
             PythonDemo second = PythonDemo.start(requests, replyEndpoint)) {
            assertTrue(port.awaitHandlers(2, Duration.ofSeconds(10)));
            for (int i = 0; i < 1000; i++) {
                port.send(request(i, "/echo", HeaderFormat.JSON, ""));
            }
            for (int i = 0; i < 1000; i++) {
                assertTrue(replies.poll(30, TimeUnit.SECONDS) != null, "reply " + i + " with two handlers");
            }
            first.kill();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (port.connectedHandlers() != 1 && System.nanoTime() < deadline) {
                Thread.sleep(10); // polling the handler count with a deadline
            }
            assertEquals(1, port.connectedHandlers(), "the port noticed the dead handler");
            BitSet seen = new BitSet();
            for (int i = 0; i < 1000; i++) {
                port.send(request(10_000 + i, "/echo", HeaderFormat.JSON, ""));
            }
            for (int i = 0; i < 1000; i++) {
                Outbound o = replies.poll(30, TimeUnit.SECONDS);
                assertTrue(o != null, "only " + seen.cardinality() + " of 1000 answered by the survivor");
                seen.set(o.connectionIds().getFirst().intValue() - 10_000);
            }
            assertEquals(1000, seen.cardinality());
        }
    }

    private static Request request(long id, String path, HeaderFormat format, String body) {
        return new Request(SENDER, id, path, Headers.builder().add("METHOD", "POST").add("PATH", path).build(),
                body.getBytes(StandardCharsets.UTF_8), format);
    }
}
