package io.throng.chat.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.throng.chat.metrics.LatencyHistogram;
import io.throng.chat.protocol.Frame;
import io.throng.chat.service.ChatBackend;
import io.throng.chat.service.ChatStats;
import io.throng.chat.service.Connection;
import io.throng.chat.service.Outbox;
import io.throng.net.MemoryStream;
import io.throng.net.testing.CountingStream;
import io.throng.websocket.Negotiated;
import io.throng.websocket.Role;
import io.throng.websocket.WebSocket;
import io.throng.websocket.WebSocketConfig;
import java.io.DataInputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * The chat socket moves every frame its outbox holds when woken, and the socket writes them in one
 * write, not one per frame (a room wakes a member once per pass, with that pass's frames queued). The
 * frames are queued before the socket opens, so its first wake-up finds all three.
 */
class ChatSocketWritesTest {
    @Test
    void framesQueuedTogetherLeaveInOneWrite() throws Exception {
        Outbox outbox = new Outbox(64, 1 << 20, new ChatStats());
        List<String> texts = List.of("{\"seq\":1}", "{\"seq\":2}", "{\"seq\":3}");
        for (String t : texts) {
            outbox.offer(new Frame(t, false, 0));
        }
        Connection conn = new Connection() {
            @Override
            public void receive(String frame) {
            }

            @Override
            public Outbox outbox() {
                return outbox;
            }

            @Override
            public void close() {
            }
        };
        ChatBackend backend = new ChatBackend() {
            @Override
            public Connection connect(String credential) {
                return conn;
            }

            @Override
            public List<String> publicRooms() {
                return List.of();
            }

            @Override
            public void appendMetrics(StringBuilder b) {
            }
        };
        try (MemoryStream.Pair p = MemoryStream.pair(1 << 20)) {
            CountingStream stream = new CountingStream(p.server());
            ChatSocket socket = new ChatSocket(backend, null, new AtomicInteger(), new LongAdder(), new LatencyHistogram());
            WebSocket.start(stream, Role.SERVER, Negotiated.NONE, WebSocketConfig.DEFAULTS, null, socket);
            DataInputStream in = new DataInputStream(Channels.newInputStream(p.client()));
            for (String t : texts) {
                assertEquals(0x81, in.readUnsignedByte(), "a final text frame");
                byte[] body = new byte[in.readUnsignedByte()];
                in.readFully(body);
                assertEquals(t, new String(body, StandardCharsets.UTF_8));
            }
            // The write is recorded just after the bytes go: wait (bounded) for its record.
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (stream.written() < 3L * (2 + 9) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(List.of(3L * (2 + 9)), stream.writes, "the three frames in one write");
        }
    }
}
