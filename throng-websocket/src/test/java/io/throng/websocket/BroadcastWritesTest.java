package io.throng.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.throng.net.MemoryStream;
import io.throng.net.testing.CountingStream;
import io.throng.websocket.codec.FrameEncoder;
import io.throng.websocket.codec.Opcode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Who writes a broadcast, and how: in a room larger than a slice the broadcasting thread only queues (the
 * sender's reader is free for its next message at once) and slice threads write; a drain that finds several
 * frames queued gathers them into one write that does not wait, and what the socket does not take of it goes
 * on, whole and in order, on a drainer thread. Over in-memory streams whose "write without waiting" the test
 * controls ({@link CountingStream}), so partial writes happen every time rather than when a kernel buffer
 * happens to fill.
 */
class BroadcastWritesTest {

    private static final WebSocketConfig CONFIG =
            WebSocketConfig.DEFAULTS.withQueueBounds(1000, 16L * 1024 * 1024, OverflowPolicy.DROP);

    private static ByteBuffer frame(int seq, int size) {
        ByteBuffer payload = ByteBuffer.allocate(size).putInt(0, seq).putInt(size - 4, seq);
        return FrameEncoder.frame(true, 0, Opcode.BINARY, payload, false, 0).asReadOnlyBuffer();
    }

    /** Reads {@code count} binary frames from {@code in}: each whole, numbered 0, 1, ... in order, of the given sizes. */
    private static void expectFrames(MemoryStream in, int count, java.util.function.IntUnaryOperator size)
            throws IOException {
        java.io.DataInputStream d = new java.io.DataInputStream(java.nio.channels.Channels.newInputStream(in));
        for (int m = 0; m < count; m++) {
            assertEquals(0x82, d.readUnsignedByte(), "message " + m + ": a final binary frame");
            int len = d.readUnsignedByte();
            byte[] body = new byte[len == 126 ? d.readUnsignedShort() : len];
            d.readFully(body);
            ByteBuffer b = ByteBuffer.wrap(body);
            assertEquals(size.applyAsInt(m), body.length, "message " + m + " length");
            assertEquals(m, b.getInt(0), "message " + m + " begins with its own number");
            assertEquals(m, b.getInt(body.length - 4), "message " + m + " ends with its own number");
        }
    }

    /**
     * Frames queued behind each other are gathered into one write without waiting (the first one offered is
     * larger than any one small frame, and stops short of the large one); the socket takes only 1,000 bytes
     * of it, and the rest, the large frame after the block included, arrives whole and in order from the
     * drainer. The queue's counts come back to zero: a gathered write must uncount every message it took.
     */
    @Test
    void queuedFramesGoOutGatheredAndAPartialWriteFinishesWholeAndInOrder() throws Exception {
        int messages = 60;
        java.util.function.IntUnaryOperator size = m -> m % 10 == 9 ? WebSocket.GATHER_NOW + 100 : 600;
        try (MemoryStream.Pair p = MemoryStream.pair(4 << 20)) {
            CountingStream stream = new CountingStream(p.server(), 1000);
            WebSocket ws = WebSocket.start(stream, Role.SERVER, Negotiated.NONE, CONFIG, null, new WebSocketListener() {});
            for (int m = 0; m < messages; m++) {
                assertEquals(SendResult.QUEUED, ws.queueEncoded(frame(m, size.applyAsInt(m))));
            }
            ws.flushQueued(); // from this thread, which is not the connection's reader: it must not wait
            expectFrames(p.client(), messages, size);
            EngineTest.awaitCondition(() -> ws.queuedMessages() == 0 && ws.queuedBytes() == 0);
            int first = stream.offeredNow.getFirst();
            assertEquals(9 * (600 + 4), first, "the first write gathered the nine small frames before the large one");
        }
    }

    /**
     * A room larger than a slice: the broadcasting thread (standing for the sender's reader) writes to no
     * member itself, every member still gets every message whole and in order, and the result counts every
     * member of every slice.
     */
    @Test
    void inALargeRoomTheBroadcasterOnlyQueuesAndSliceThreadsWrite() throws Exception {
        int n = Broadcast.SLICE * 2 + 7;
        int messages = 5;
        List<MemoryStream.Pair> pairs = new ArrayList<>();
        List<CountingStream> streams = new ArrayList<>();
        List<WebSocket> room = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                MemoryStream.Pair p = MemoryStream.pair(1024); // five 66-byte frames
                pairs.add(p);
                CountingStream s = new CountingStream(p.server(), Integer.MAX_VALUE);
                streams.add(s);
                room.add(WebSocket.start(s, Role.SERVER, Negotiated.NONE, CONFIG, null, new WebSocketListener() {}));
            }
            for (int m = 0; m < messages; m++) {
                ByteBuffer payload = ByteBuffer.allocate(64).putInt(0, m).putInt(60, m);
                assertEquals(new Broadcast.Result(n, 0, 0), Broadcast.binary(room, payload), "message " + m);
            }
            for (int i = 0; i < n; i++) {
                expectFrames(pairs.get(i).client(), messages, m -> 64);
            }
            Thread me = Thread.currentThread();
            for (int i = 0; i < n; i++) {
                assertFalse(streams.get(i).nowWriters.contains(me), "member " + i + " was written by the broadcaster");
                assertFalse(streams.get(i).nowWriters.isEmpty(), "member " + i + " was written without waiting");
            }
        } finally {
            for (MemoryStream.Pair p : pairs) {
                p.close();
            }
        }
    }
}
