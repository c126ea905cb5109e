package io.throng.websocket;

import io.throng.websocket.codec.FrameEncoder;
import io.throng.websocket.codec.Opcode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Sends one message to many connections, encoding its frame once: every server-side connection queues
 * a read-only view of the same bytes, so a broadcast to N costs N queue insertions, not N encodings or
 * copies. Each connection's own bound and overflow policy apply; a full or dead connection costs the
 * broadcaster nothing but its {@link SendResult}. Client connections must mask every frame with their
 * own key, so they are sent to one by one.
 *
 * <p>A server connection that is not busy writes its frame on the broadcasting thread, as far as its
 * socket takes it without waiting (see the package documentation, "The drain"): one write(2) per member.
 * So that one thread does not do all of a large room's writes in a row, a room of more than
 * {@link #SLICE} members is cut into one slice per carrier thread, all but the first sent by a virtual
 * thread of their own, and the call returns when every slice is done.
 */
public final class Broadcast {
    /** How many connections queued the message, dropped it, or were closed (perhaps by their policy). */
    public record Result(int queued, int dropped, int closed) {}

    /** Members one thread sends to before another one is worth its start. */
    static final int SLICE = 1024;
    /** The virtual threads' carriers: more slices than this would only wait for a carrier. */
    private static final int CARRIERS = Integer.getInteger("jdk.virtualThreadScheduler.parallelism",
            Runtime.getRuntime().availableProcessors());

    private Broadcast() {}

    public static Result text(Iterable<WebSocket> targets, String text) {
        return send(targets, Opcode.TEXT, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    public static Result binary(Iterable<WebSocket> targets, ByteBuffer data) {
        return send(targets, Opcode.BINARY, data.duplicate());
    }

    private static Result send(Iterable<WebSocket> targets, int opcode, ByteBuffer payload) {
        ByteBuffer frame = FrameEncoder.frame(true, 0, opcode, payload, false, 0).asReadOnlyBuffer();
        int size = targets instanceof Collection<WebSocket> c ? c.size() : 0;
        int slices = Math.min(CARRIERS, size / SLICE);
        if (slices < 2) {
            int[] counts = new int[3];
            for (WebSocket ws : targets) {
                count(counts, sendOne(ws, opcode, frame, payload));
            }
            return new Result(counts[0], counts[1], counts[2]);
        }
        List<WebSocket> all = new ArrayList<>((Collection<WebSocket>) targets); // a snapshot; the set may change
        int[][] counts = new int[slices][3];
        Thread[] helpers = new Thread[slices - 1];
        for (int s = 1; s < slices; s++) {
            int slice = s;
            helpers[s - 1] = Thread.ofVirtual().name("ws-broadcast")
                    .start(() -> sendSlice(all, slice, slices, opcode, frame, payload, counts[slice]));
        }
        sendSlice(all, 0, slices, opcode, frame, payload, counts[0]);
        boolean interrupted = false;
        for (Thread t : helpers) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the counts are owed: finish waiting, then restore the flag
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        int[] total = new int[3];
        for (int[] c : counts) {
            for (int i = 0; i < 3; i++) {
                total[i] += c[i];
            }
        }
        return new Result(total[0], total[1], total[2]);
    }

    /** Members {@code [slice*n/slices, (slice+1)*n/slices)} of {@code all}. */
    private static void sendSlice(List<WebSocket> all, int slice, int slices, int opcode, ByteBuffer frame,
                                  ByteBuffer payload, int[] counts) {
        int n = all.size();
        int to = (int) ((long) (slice + 1) * n / slices);
        for (int i = (int) ((long) slice * n / slices); i < to; i++) {
            count(counts, sendOne(all.get(i), opcode, frame, payload));
        }
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
