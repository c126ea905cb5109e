package io.throng.websocket;

import io.throng.websocket.codec.FrameEncoder;
import io.throng.websocket.codec.Opcode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.concurrent.ThreadFactory;

/**
 * Sends one message to many connections, encoding its frame once: every server-side connection queues
 * a read-only view of the same bytes, so a broadcast to N costs N queue insertions, not N encodings or
 * copies. Each connection's own bound and overflow policy apply; a full or dead connection costs the
 * broadcaster nothing but its {@link SendResult}. Client connections must mask every frame with their
 * own key, so they are sent to one by one.
 *
 * <p>A server connection that is not busy writes its frame on the broadcasting thread, as far as its
 * socket takes it without waiting (see the package documentation, "The drain"): at most one write(2) per
 * member. A room of more than {@link #SLICE} members is different: the broadcaster only queues the frame to
 * every member, then hands the writes to virtual threads, one per slice of {@link #SLICE} members, and
 * returns without waiting for them. Why: in a 10,000-member room the sender's own reader is usually the
 * broadcaster, and 10,000 write(2)s on it held up the next message, while every member got one write(2)
 * per message however far the room was behind. Now the reader is free after 10,000 queue insertions, the
 * slices share the carriers with everything else, and a member that a slice reaches after the next message
 * was queued gets both in one write (see {@code WebSocket.GATHER_NOW}).
 */
public final class Broadcast {
    /** How many connections queued the message, dropped it, or were closed (perhaps by their policy). */
    public record Result(int queued, int dropped, int closed) {}

    /** Members one thread writes to: a room larger than this queues first and writes on slice threads. */
    static final int SLICE = 1024;
    private static final ThreadFactory WRITERS = Thread.ofVirtual().name("ws-broadcast").factory();

    private Broadcast() {}

    public static Result text(Iterable<WebSocket> targets, String text) {
        return send(targets, Opcode.TEXT, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    public static Result binary(Iterable<WebSocket> targets, ByteBuffer data) {
        return send(targets, Opcode.BINARY, data.duplicate());
    }

    private static Result send(Iterable<WebSocket> targets, int opcode, ByteBuffer payload) {
        ByteBuffer frame = FrameEncoder.frame(true, 0, opcode, payload, false, 0).asReadOnlyBuffer();
        int[] counts = new int[3];
        int size = targets instanceof Collection<WebSocket> c ? c.size() : 0;
        if (size <= SLICE) {
            for (WebSocket ws : targets) {
                count(counts, sendOne(ws, opcode, frame, payload));
            }
            return new Result(counts[0], counts[1], counts[2]);
        }
        // Queue to everyone first; only the members that queued it need a write.
        WebSocket[] queued = new WebSocket[size];
        int n = 0;
        for (WebSocket ws : targets) {
            SendResult r = ws.role() == Role.SERVER ? ws.queueEncoded(frame.duplicate()) : sendOne(ws, opcode, frame, payload);
            count(counts, r);
            if (r == SendResult.QUEUED && ws.role() == Role.SERVER) {
                if (n == queued.length) {
                    queued = Arrays.copyOf(queued, n * 2); // the set grew while we went through it
                }
                queued[n++] = ws;
            }
        }
        WebSocket[] all = queued;
        for (int from = 0; from < n; from += SLICE) {
            int start = from;
            int to = Math.min(n, from + SLICE);
            WRITERS.newThread(() -> {
                for (int i = start; i < to; i++) {
                    all[i].flushQueued();
                }
            }).start();
        }
        return new Result(counts[0], counts[1], counts[2]);
    }

    private static SendResult sendOne(WebSocket ws, int opcode, ByteBuffer frame, ByteBuffer payload) {
        return ws.role() == Role.SERVER
                ? ws.sendEncoded(frame.duplicate())
                : opcode == Opcode.TEXT ? ws.sendText(StandardCharsets.UTF_8.decode(payload.duplicate()))
                : ws.sendBinary(payload);
    }

    private static void count(int[] counts, SendResult r) {
        switch (r) {
            case QUEUED -> counts[0]++;
            case DROPPED -> counts[1]++;
            case CLOSED -> counts[2]++;
        }
    }
}
