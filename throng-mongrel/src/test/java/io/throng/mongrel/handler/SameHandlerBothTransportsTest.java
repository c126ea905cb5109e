package io.throng.mongrel.handler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.mongrel.ports.HandlerPort;
import io.throng.mongrel.wire.HeaderFormat;
import io.throng.mongrel.wire.Headers;
import io.throng.mongrel.wire.HttpResponse;
import io.throng.mongrel.wire.Outbound;
import io.throng.mongrel.wire.Reply;
import io.throng.mongrel.wire.Request;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One handler object, two transports chosen by a configuration string, identical replies. */
class SameHandlerBothTransportsTest {

    static final String SENDER = "abc-123";
    static final Handler HANDLER = (req, out) ->
            out.reply(req, HttpResponse.ok(req.method() + " " + req.path() + " " + req.bodyText()));

    static final Request REQUEST = new Request(SENDER, 17, "/same",
            Headers.builder().add("METHOD", "PUT").build(), "payload".getBytes(), HeaderFormat.TNETSTRING);

    @Test
    void inProcessAndZeroMqGiveTheSameReply() throws Exception {
        byte[] viaLocal = viaTransport("local:same-handler");
        byte[] viaZmq = viaTransport(Ports.endpoint() + " " + Ports.endpoint());
        assertArrayEquals(HttpResponse.ok("PUT /same payload"), viaLocal);
        assertArrayEquals(viaLocal, viaZmq);
    }

    private static byte[] viaTransport(String spec) throws Exception {
        BlockingQueue<Outbound> replies = new LinkedBlockingQueue<>();
        Transport transport = Transport.parse(spec);
        switch (transport) {
            case Transport.InProcess local -> {
                try (RunningHandler ignored = Handlers.start(spec, HANDLER)) {
                    InProcess.link(local.name(), replies::add).send(REQUEST);
                    return body(replies);
                }
            }
            case Transport.ZeroMq zmq -> {
                try (HandlerPort port = HandlerPort.bind(zmq.requests(), zmq.replies(), SENDER, replies::add,
                        HandlerPort.Options.DEFAULTS);
                     RunningHandler running = Handlers.start(spec, HANDLER)) {
                    assertTrue(running.awaitReady(Duration.ofSeconds(10)));
                    assertTrue(port.awaitHandlers(1, Duration.ofSeconds(10)));
                    // JeroMQ may lose a message arriving with the handshake (docs/gateway.md §6): resend until heard.
                    for (int attempt = 0; attempt < 20; attempt++) {
                        port.send(REQUEST);
                        Outbound o = replies.poll(500, TimeUnit.MILLISECONDS);
                        if (o != null) {
                            return ((Reply) o).body();
                        }
                    }
                    throw new AssertionError("no reply over ZeroMQ");
                }
            }
        }
    }

    private static byte[] body(BlockingQueue<Outbound> replies) throws InterruptedException {
        Outbound o = replies.poll(10, TimeUnit.SECONDS);
        assertTrue(o != null, "a reply");
        return ((Reply) o).body();
    }
}
