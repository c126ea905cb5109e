package io.throng.chat.cluster;

import static org.junit.jupiter.api.Assertions.*;

import io.throng.chat.service.ChatConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A room service made of bare JeroMQ sockets, speaking exactly docs/chat-protocol.md §8.2, in front of a
 * real {@link ServiceLink}: the test writes the messages a worker gets (any sequence number, any
 * frames message) and reads what the worker sends up.
 */
final class FakeService implements AutoCloseable {
    private final ZContext context = new ZContext(1);
    private final ZMQ.Socket pull;
    private final ZMQ.Socket pub;
    final ServiceLink link;
    final String worker;
    /** The sequence number of the last message published to the worker. */
    long seq = 100;

    FakeService(String worker, ChatConfig config) throws Exception {
        this.worker = worker;
        context.setLinger(0);
        pull = context.createSocket(SocketType.PULL);
        pull.setReceiveTimeOut(LinkProtocol.POLL_MILLIS);
        pub = context.createSocket(SocketType.PUB);
        String requests = "tcp://127.0.0.1:" + pull.bindToRandomPort("tcp://127.0.0.1");
        String events = "tcp://127.0.0.1:" + pub.bindToRandomPort("tcp://127.0.0.1");
        CompletableFuture<ServiceLink> connecting = CompletableFuture.supplyAsync(() -> {
            try {
                return ServiceLink.connect(requests, events, worker, config, Duration.ofSeconds(20));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        // Every hello is answered (the first ones may reach a subscription not yet made) until the link is up.
        while (!connecting.isDone()) {
            List<String> m = LinkProtocol.receive(pull);
            if (m != null && m.getFirst().equals(LinkProtocol.HELLO)) {
                publish(LinkProtocol.WELCOME, "epoch");
            }
        }
        link = connecting.get(1, TimeUnit.SECONDS);
    }

    /** Publishes {@code verb parts...} to the worker under the next sequence number. */
    void publish(String verb, String... parts) {
        publishAs(++seq, verb, parts);
    }

    void publishAs(long seq, String verb, String... parts) {
        publishAs(Long.toString(seq), verb, parts);
    }

    /** Publishes with {@code seq} as the SEQ part, as it is (hostile tests: one that is not a number). */
    void publishAs(String seq, String verb, String... parts) {
        List<String> m = new ArrayList<>(List.of(worker, verb, seq));
        m.addAll(List.of(parts));
        assertTrue(LinkProtocol.send(pub, m));
    }

    /** The next message from the worker that is not a hello or ping; fails after 10 s. */
    List<String> next() {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            List<String> m = LinkProtocol.receive(pull);
            if (m != null && !m.getFirst().equals(LinkProtocol.HELLO) && !m.getFirst().equals(LinkProtocol.PING)) {
                return m;
            }
        }
        throw new AssertionError("nothing from the worker within 10 s");
    }

    /** The next message from the worker, pings included, or null if none came within a poll. */
    List<String> receive() {
        return LinkProtocol.receive(pull);
    }

    /** Opens a client connection on the worker; returns it with the id the worker gave it ({@code open W C}). */
    Opened open() {
        io.throng.chat.service.Connection c = link.connect(null);
        List<String> m = next();
        assertEquals(List.of(LinkProtocol.OPEN, worker), m.subList(0, 2));
        return new Opened(m.get(2), c);
    }

    record Opened(String id, io.throng.chat.service.Connection conn) {}

    @Override
    public void close() throws Exception {
        link.close();
        context.close();
    }
}
