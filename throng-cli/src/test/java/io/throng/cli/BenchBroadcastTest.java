package io.throng.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.http.HttpOptions;
import io.throng.http.HttpServer;
import io.throng.net.ServerOptions;
import io.throng.websocket.WebSocket;
import io.throng.websocket.WebSocketClient;
import io.throng.websocket.WebSocketListener;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** bench-server's {@code /broadcast}: every message from any member reaches every member, and only members. */
class BenchBroadcastTest {
    private HttpServer server;
    private final List<WebSocket> opened = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.start(ServerOptions.of("127.0.0.1", 0), HttpOptions.defaults(), BenchServerCommand.app());
    }

    @AfterEach
    void stop() throws Exception {
        for (WebSocket ws : opened) {
            ws.abort();
        }
        server.shutdown(Duration.ofSeconds(2));
    }

    /** A member that files what it receives: text as is, binary as "bin:" plus its bytes' values. */
    private final class Member implements WebSocketListener {
        final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        final WebSocket ws;

        Member(String path) throws Exception {
            ws = WebSocketClient.connect(URI.create("ws://127.0.0.1:" + server.port() + path),
                    WebSocketClient.Options.DEFAULTS, this);
            opened.add(ws);
        }

        @Override
        public void onText(WebSocket ws, String text) {
            inbox.add(text);
        }

        @Override
        public void onBinary(WebSocket ws, ByteBuffer data) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            inbox.add(b);
        }

        Object next() throws InterruptedException {
            Object m = inbox.poll(10, TimeUnit.SECONDS);
            if (m == null) {
                throw new AssertionError("nothing received within 10 s");
            }
            return m;
        }
    }

    /** Sends a marker from {@code m} until it comes back to {@code m}: then {@code m} is surely a member. */
    private static void awaitMembership(Member m, String marker) throws InterruptedException {
        m.ws.sendText(marker);
        assertEquals(marker, m.next());
    }

    @Test
    void everyMessageReachesEveryMemberTheSenderIncluded() throws Exception {
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Member m = new Member("/broadcast");
            members.add(m);
            awaitMembership(m, "joined " + i);
            for (Member earlier : members.subList(0, i)) {
                assertEquals("joined " + i, earlier.next());
            }
        }
        members.get(1).ws.sendText("hello, room");
        for (Member m : members) {
            assertEquals("hello, room", m.next());
        }
        members.get(2).ws.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3, (byte) 0xff}));
        for (Member m : members) {
            assertArrayEquals(new byte[] {1, 2, 3, (byte) 0xff}, (byte[]) m.next());
        }
    }

    @Test
    void aMemberWhoLeftGetsNothingAndTheOthersCarryOn() throws Exception {
        Member stays = new Member("/broadcast");
        awaitMembership(stays, "stays");
        Member leaves = new Member("/broadcast");
        awaitMembership(leaves, "leaves");
        assertEquals("leaves", stays.next());
        leaves.ws.close(1000, "bye");
        assertTrue(leaves.ws.awaitClosed(Duration.ofSeconds(10)));
        Member echo = new Member("/echo"); // the echo is a different endpoint: no room traffic reaches it
        stays.ws.sendText("after");
        assertEquals("after", stays.next());
        echo.ws.sendText("mine");
        assertEquals("mine", echo.next());
        assertNull(echo.inbox.poll(200, TimeUnit.MILLISECONDS), "echo clients are not room members");
        assertTrue(leaves.inbox.isEmpty(), "left before 'after' was sent: " + leaves.inbox);
    }
}
