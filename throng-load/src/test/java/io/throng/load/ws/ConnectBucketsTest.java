package io.throng.load.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.load.Connects;
import io.throng.load.LoadReport;
import io.throng.load.LoadShape;
import io.throng.load.LoadRunner;
import io.throng.load.TargetPolicy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every connection a WebSocket run asks for ends in exactly one bucket before measuring begins: held, refused,
 * timed out, failed or not started, adding up to the number asked. The server decides the buckets here.
 */
class ConnectBucketsTest {
    private static final Duration TIMEOUT = Duration.ofMillis(500);

    private static LoadReport run(int port, int connections) throws InterruptedException {
        WsWorkload w = new WsWorkload(URI.create("ws://127.0.0.1:" + port + "/echo"), WsWorkload.Mode.ECHO, 64, false,
                0, false, Duration.ZERO);
        LoadShape shape = new LoadShape(connections, 1, Duration.ofSeconds(1), 0, 0, 1, TIMEOUT, 1);
        return new LoadRunner(new TargetPolicy(Set.of())).run(new WsLoad(w, shape, null));
    }

    /**
     * 50 handshakes answered, 2,500 never: 128 of those hold every handshake slot for a whole timeout, so the
     * attempts queued behind them (all due at once, no ramp) give up on a slot when their own timeout passes. The
     * old engine let them queue on past its connect budget (ramp + 2 x timeout + 5 s) and counted them nowhere.
     */
    @Test
    void unansweredHandshakesAreTimedOutOrNotStartedAndTheBucketsAddUp() throws Exception {
        int answered = 50;
        int unanswered = 2_500;
        try (GatedEchoServer server = new GatedEchoServer(answered)) {
            LoadReport r = run(server.port(), answered + unanswered);
            Connects c = r.connects();
            String figures = c + " errors " + r.errorsByKind();
            assertEquals(answered + unanswered, c.asked(), figures);
            assertEquals(answered, c.held(), figures);
            assertEquals(unanswered, c.timedOut() + c.notStarted(), figures);
            assertTrue(c.timedOut() > 0, "some handshakes started and ran out of time: " + figures);
            assertTrue(c.notStarted() > unanswered / 2, "most never got a handshake slot: " + figures);
            assertEquals(0, c.refused() + c.failed() + c.pending(), figures);
            assertTrue(c.balanced(), figures);
            assertEquals(answered, c.handshakes().total(), "only answered handshakes are timed: " + figures);
            assertEquals(c.timedOut(), r.errorsByKind().get("connect"), figures);
            assertEquals(c.notStarted(), r.errorsByKind().get("not_started"), figures);
            assertTrue(r.completed() > 0, "the held connections were measured: " + figures);
            assertEquals(answered, r.timeline().getFirst().connections(), figures);
        }
    }

    @Test
    void aPortNobodyListensOnRefusesEveryConnection() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            port = s.getLocalPort(); // closed again: connecting to it is refused
        }
        LoadReport r = run(port, 20);
        assertEquals(new Connects(20, 0, 20, 0, 0, 0, 0), untimed(r.connects()));
        assertEquals(20, r.connects().handshakes().total(), "a refusal is an answer: timed");
        assertEquals(Map.of("connect", 20L), r.errorsByKind());
    }

    @Test
    void anUpgradeAnsweredWithoutA101Failed() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 64, java.net.InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                while (!s.isClosed()) {
                    try (var ch = s.accept()) {
                        ch.getInputStream().read(new byte[4096]);
                        ch.getOutputStream().write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
                                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            LoadReport r = run(s.getLocalPort(), 5);
            assertEquals(new Connects(5, 0, 0, 0, 5, 0, 0), untimed(r.connects()));
            assertEquals(5, r.connects().handshakes().total(), "a rejected upgrade is an answer: timed");
        }
    }

    private static Connects untimed(Connects c) {
        return new Connects(c.asked(), c.held(), c.refused(), c.timedOut(), c.failed(), c.notStarted(), c.pending());
    }
}
