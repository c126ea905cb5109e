package io.throng.websocket;

import io.throng.websocket.codec.FrameEncoder;
import io.throng.websocket.codec.Opcode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Sends one message to many connections, encoding its frame once: every server-side connection queues
 * a read-only view of the same bytes, so a broadcast to N costs N queue insertions, not N encodings or
 * copies. Each connection's own bound and overflow policy apply; a full or dead connection costs the
 * broadcaster nothing but its {@link SendResult}. Client connections must mask every frame with their
 * own key, so they are sent to one by one.
 */
public final class Broadcast {
    /** How many connections queued the message, dropped it, or were closed (perhaps by their policy). */
    public record Result(int queued, int dropped, int closed) {}

    private Broadcast() {}

    public static Result text(Iterable<WebSocket> targets, String text) {
        return send(targets, Opcode.TEXT, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    public static Result binary(Iterable<WebSocket> targets, ByteBuffer data) {
        return send(targets, Opcode.BINARY, data.duplicate());
    }

    private static Result send(Iterable<WebSocket> targets, int opcode, ByteBuffer payload) {
        ByteBuffer frame = FrameEncoder.frame(true, 0, opcode, payload, false, 0).asReadOnlyBuffer();
        int queued = 0;
        int dropped = 0;
        int closed = 0;
        for (WebSocket ws : targets) {
            SendResult r = ws.role() == Role.SERVER
                    ? ws.sendEncoded(frame.duplicate())
                    : opcode == Opcode.TEXT ? ws.sendText(StandardCharsets.UTF_8.decode(payload.duplicate())) : ws.sendBinary(payload);
            switch (r) {
                case QUEUED -> queued++;
                case DROPPED -> dropped++;
                case CLOSED -> closed++;
            }
        }
        return new Result(queued, dropped, closed);
    }
}
