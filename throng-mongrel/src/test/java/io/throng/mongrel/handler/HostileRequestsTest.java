package io.throng.mongrel.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.mongrel.wire.HeaderFormat;
import io.throng.mongrel.wire.Headers;
import io.throng.mongrel.wire.HttpResponse;
import io.throng.mongrel.wire.Reply;
import io.throng.mongrel.wire.Request;
import io.throng.mongrel.wire.MessageCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** Garbage on the request socket is skipped; the handler keeps serving the well-formed messages. */
class HostileRequestsTest {

    @Test
    void malformedMessagesAreSkippedAndServiceContinues() throws Exception {
        String requests = Ports.endpoint();
        String replies = Ports.endpoint();
        List<byte[]> garbage = List.of(new byte[0], "x".getBytes(StandardCharsets.US_ASCII),
                "s 1 /p 999999999:{},0:,".getBytes(StandardCharsets.US_ASCII),
                "s 1 /p 2:{},0:".getBytes(StandardCharsets.US_ASCII),
                "s 1 /p 10:1:a,1:b,]}0:,".getBytes(StandardCharsets.US_ASCII),
                new byte[100_000]);
        byte[] good = MessageCodec.encode(new Request("S", 8, "/ok", Headers.builder().add("METHOD", "GET").build(),
                new byte[0], HeaderFormat.JSON));
        try (ZContext ctx = new ZContext(1)) {
            ZMQ.Socket push = ctx.createSocket(SocketType.PUSH);
            push.bind(requests);
            ZMQ.Socket sub = ctx.createSocket(SocketType.SUB);
            sub.subscribe(new byte[0]);
            sub.setReceiveTimeOut(300);
            sub.bind(replies);
            try (RunningHandler h = Handlers.start(requests + " " + replies,
                    (req, out) -> out.reply(req, HttpResponse.ok("fine")))) {
                // The SUB socket sends its subscription only while its owner (this thread) calls into it.
                long ready = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (!h.awaitReady(Duration.ZERO) && System.nanoTime() < ready) {
                    sub.recv();
                }
                assertTrue(h.awaitReady(Duration.ZERO), "handler heard the subscription");
                byte[] reply = null;
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (reply == null && System.nanoTime() < deadline) {
                    for (byte[] g : garbage) {
                        push.send(g, 0);
                    }
                    push.send(good, 0); // resent until heard: JeroMQ may drop a first message (docs/gateway.md §6)
                    reply = sub.recv();
                }
                assertTrue(reply != null, "the well-formed request was served");
                Reply r = (Reply) MessageCodec.decodeOutbound(reply);
                assertEquals(List.of(8L), r.connectionIds());
                assertTrue(h.received() >= 1);
            }
        }
    }
}
