package io.throng.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.throng.net.MemoryStream;
import io.throng.net.testing.CountingStream;
import java.io.DataInputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link WebSocket#queueText} writes nothing until {@link WebSocket#flush}, which then writes every text
 * message queued in one write without waiting, in order (a chat member's frames of one room pass).
 */
class QueueTextTest {
    @Test
    void queuedTextsGoOutInOneWriteAtFlushInOrder() throws Exception {
        try (MemoryStream.Pair p = MemoryStream.pair(1 << 20)) {
            CountingStream stream = new CountingStream(p.server());
            WebSocket ws = WebSocket.start(stream, Role.SERVER, Negotiated.NONE, WebSocketConfig.DEFAULTS, null,
                    new WebSocketListener() {});
            List<String> texts = List.of("{\"seq\":1}", "{\"seq\":2}", "{\"seq\":3}");
            for (String t : texts) {
                assertEquals(SendResult.QUEUED, ws.queueText(t));
            }
            assertEquals(List.of(), stream.offeredNow, "nothing written before the flush");
            assertEquals(3, ws.queuedMessages());
            ws.flush();
            DataInputStream in = new DataInputStream(Channels.newInputStream(p.client()));
            for (String t : texts) {
                assertEquals(0x81, in.readUnsignedByte(), "a final text frame");
                byte[] body = new byte[in.readUnsignedByte()];
                in.readFully(body);
                assertEquals(t, new String(body, StandardCharsets.UTF_8));
            }
            assertEquals(List.of(3 * (2 + 9)), stream.offeredNow, "the three frames in one write");
            assertEquals(0, ws.queuedMessages());
            ws.flush(); // nothing queued: writes nothing
            assertEquals(1, stream.offeredNow.size());
        }
    }
}
