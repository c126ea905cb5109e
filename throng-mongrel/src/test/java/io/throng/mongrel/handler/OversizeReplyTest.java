package io.throng.mongrel.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.mongrel.ports.HandlerPort;
import io.throng.mongrel.wire.MessageCodec;
import io.throng.mongrel.wire.Outbound;
import io.throng.mongrel.wire.Reply;
import io.throng.mongrel.zmq.ZmqContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import io.throng.mongrel.zmq.SocketKind;
import io.throng.mongrel.zmq.ZmqSocket;
import org.junit.jupiter.api.Test;

/**
 * A handler that sends a reply over the port's size limit loses its connection (ZeroMQ's
 * ZMQ_MAXMSGSIZE) instead of making the gateway buffer it; once it reconnects, its replies flow again.
 * Runs on both engines (the build's throng.zeromq). The hostile handler is a libzmq PUB, as pyzmq's
 * would be: a JeroMQ one against a JeroMQ port can lose its subscription in the handshake (gateway.md §6).
 */
class OversizeReplyTest {

    private static final int LIMIT = 1024;

    @Test
    void aReplyOverTheLimitIsRefusedAndTheHandlersLaterRepliesArrive() throws Exception {
        BlockingQueue<Outbound> replies = new LinkedBlockingQueue<>();
        String requests = Ports.endpoint();
        String replyEndpoint = Ports.endpoint();
        HandlerPort.Options options = new HandlerPort.Options(1_000, 0, 100, LIMIT, ZmqContext.Engine.configured());
        try (HandlerPort port = HandlerPort.bind(requests, replyEndpoint, "", replies::add, options);
             ZmqContext handler = ZmqContext.open(ZmqContext.Engine.LIBZMQ, 1);
             ZmqSocket hostile = handler.socket(SocketKind.PUB)) {
            hostile.lingerMillis(0);
            hostile.connect(replyEndpoint);
            List<Long> seen = new ArrayList<>();
            // First make sure the link is up (subscription heard), so that the big reply really travels.
            awaitOne(hostile, 1, replies, seen);
            hostile.send(MessageCodec.encode(new Reply("S", List.of(2L), new byte[LIMIT * 2])), 0);
            // Sent after the big one on the same connection: had the big one been taken, it came first.
            awaitOne(hostile, 3, replies, seen);
            assertTrue(!seen.contains(2L), "the oversize reply was refused; seen " + seen);
            assertEquals(3L, seen.getLast());
        }
    }

    /** Sends small replies for connection {@code id} until one arrives (the PUB drops them while unlinked). */
    private static void awaitOne(ZmqSocket pub, long id, BlockingQueue<Outbound> replies, List<Long> seen)
            throws InterruptedException {
        byte[] small = MessageCodec.encode(new Reply("S", List.of(id), "ok".getBytes()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            pub.send(small, 0);
            Outbound o = replies.poll(50, TimeUnit.MILLISECONDS);
            while (o != null) {
                seen.add(o.connectionIds().getFirst());
                if (seen.getLast() == id) {
                    return;
                }
                o = replies.poll();
            }
        }
        throw new AssertionError("no reply for connection " + id + " within 10 s; seen " + seen);
    }
}
