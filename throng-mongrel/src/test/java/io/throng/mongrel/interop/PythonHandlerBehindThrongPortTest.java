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
            assertTrue(deadPipeLeftTheRoundRobin(port, replies), "the dead handler's pipe was torn down");
            BitSet seen = new BitSet();
            for (int i = 0; i < 1000; i++) {
                port.send(request(10_000 + i, "/echo", HeaderFormat.JSON, ""));
            }
            while (seen.cardinality() < 1000) {
                Outbound o = replies.poll(30, TimeUnit.SECONDS);
                assertTrue(o != null, "only " + seen.cardinality() + " of 1000 answered by the survivor");
                int id = o.connectionIds().getFirst().intValue();
                if (id >= 10_000 && id < 11_000) { // not a late answer to a probe
                    seen.set(id - 10_000);
                }
            }
        }
    }

    /**
     * ZeroMQ reports a disconnect before it tears down the dead peer's pipe: the monitor event comes
     * first, and the pipe leaves PUSH's round-robin only after the I/O thread has passed the teardown
     * to the socket, which on a loaded machine can be tens of milliseconds later (the I/O thread waits
     * for a core). Requests pushed in between go into the dead pipe and are lost, behind Mongrel2 as
     * here; docs/gateway.md §5 says so. The test waits for the teardown instead of racing it: with two
     * pipes, round-robin alternates, so two probes answered in a row show that the dead one is gone.
     */
    private static boolean deadPipeLeftTheRoundRobin(HandlerPort port, BlockingQueue<Outbound> replies)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int inARow = 0;
        int lost = 0;
        for (long probe = 20_000; inARow < 2; probe++) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            port.send(request(probe, "/echo", HeaderFormat.JSON, ""));
            long wait = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            boolean answered = false;
            while (!answered && System.nanoTime() < wait) {
                Outbound o = replies.poll(wait - System.nanoTime(), TimeUnit.NANOSECONDS);
                answered = o != null && o.connectionIds().getFirst() == probe; // else a late earlier probe
            }
            inARow = answered ? inARow + 1 : 0;
            lost += answered ? 0 : 1;
        }
        System.out.printf("probes lost to the dead handler's pipe before its teardown: %d%n", lost);
        return true;
    }

    private static Request request(long id, String path, HeaderFormat format, String body) {
        return new Request(SENDER, id, path, Headers.builder().add("METHOD", "POST").add("PATH", path).build(),
                body.getBytes(StandardCharsets.UTF_8), format);
    }
}
