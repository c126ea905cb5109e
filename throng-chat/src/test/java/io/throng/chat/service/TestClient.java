package io.throng.chat.service;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import io.throng.channels.Received;
import io.throng.chat.protocol.ClientMessage;
import io.throng.chat.protocol.Codec;
import io.throng.chat.protocol.Frame;
import io.throng.chat.protocol.ServerMessage;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A client as a transport would drive it, in-process: frames are encoded and decoded through the
 * codec as JSON text, exactly as they would cross a socket. Waits are bounded (10 s) and end in a
 * failure, never in a sleep.
 */
final class TestClient {
    static final Duration WAIT = Duration.ofSeconds(10);

    final ChatService service;
    Connection connection;
    String token;
    private final ArrayDeque<ServerMessage> held = new ArrayDeque<>();

    TestClient(ChatService service) {
        this.service = service;
        this.connection = service.connect();
    }

    void send(ClientMessage m) throws InterruptedException {
        connection.receive(Codec.encode(m));
    }

    void sendRaw(String frame) throws InterruptedException {
        connection.receive(frame);
    }

    ServerMessage.Welcome hello(String nick) throws InterruptedException {
        send(new ClientMessage.Hello(Codec.VERSION, nick));
        ServerMessage.Welcome w = expect(ServerMessage.Welcome.class);
        token = w.session();
        return w;
    }

    /** Joins and returns the online list. */
    ServerMessage.Presence join(String room) throws InterruptedException {
        send(new ClientMessage.Join(room, OptionalLong.empty()));
        return (ServerMessage.Presence) await(m -> m instanceof ServerMessage.Presence p && p.room().equals(room)
                && p.event() == ServerMessage.Presence.Event.ONLINE);
    }

    void say(String room, String cid, String text) throws InterruptedException {
        send(new ClientMessage.Say(room, cid, text));
    }

    ServerMessage.Ack ackOf(String cid) throws InterruptedException {
        return (ServerMessage.Ack) await(m -> m instanceof ServerMessage.Ack a && a.cid().equals(cid));
    }

    /** Drops the transport connection (the session stays resumable). */
    void drop() {
        connection.close();
    }

    /** A new connection resuming the session. */
    ServerMessage resume(Map<String, Long> lastSeen) throws InterruptedException {
        connection = service.connect();
        held.clear();
        send(new ClientMessage.Resume(Codec.VERSION, token, lastSeen));
        return next();
    }

    ServerMessage next() throws InterruptedException {
        if (!held.isEmpty()) {
            return held.poll();
        }
        return switch (connection.outbox().receive(WAIT)) {
            case Received.Value<Frame>(Frame f) -> Codec.decodeServer(f.json());
            case Received.Closed<Frame> c -> fail("outbox closed: " + connection.outbox().closeReason());
            case Received.Empty<Frame> e -> fail("no frame within " + WAIT);
        };
    }

    <T extends ServerMessage> T expect(Class<T> type) throws InterruptedException {
        return assertInstanceOf(type, next());
    }

    /** The first frame matching {@code p}; frames before it are kept for {@link #next()}. */
    ServerMessage await(Predicate<ServerMessage> p) throws InterruptedException {
        for (Iterator<ServerMessage> it = held.iterator(); it.hasNext(); ) {
            ServerMessage m = it.next();
            if (p.test(m)) {
                it.remove();
                return m;
            }
        }
        List<ServerMessage> skipped = new ArrayList<>();
        while (true) {
            ServerMessage m = switch (connection.outbox().receive(WAIT)) {
                case Received.Value<Frame>(Frame f) -> Codec.decodeServer(f.json());
                case Received.Closed<Frame> c -> fail("outbox closed: " + connection.outbox().closeReason()
                        + " while awaiting; skipped " + skipped);
                case Received.Empty<Frame> e -> fail("no matching frame within " + WAIT + "; skipped " + skipped);
            };
            if (p.test(m)) {
                held.addAll(skipped);
                return m;
            }
            skipped.add(m);
        }
    }

    /** Everything queued now; call after {@link ChatService#sync()} for a complete picture. */
    List<ServerMessage> drainNow() {
        List<ServerMessage> out = new ArrayList<>(held);
        held.clear();
        for (Frame f : connection.outbox().drain(Integer.MAX_VALUE)) {
            out.add(Codec.decodeServer(f.json()));
        }
        return out;
    }

    /** Counts the wake-ups of this client's outbox from now on (the in-process client reads the outbox itself). */
    AtomicInteger countWakeups() {
        AtomicInteger wakes = new AtomicInteger();
        connection.outbox().onReady(wakes::incrementAndGet);
        return wakes;
    }
}
