package io.throng.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.websocket.Broadcast;
import io.throng.websocket.OverflowPolicy;
import io.throng.websocket.ServerHandshake;
import io.throng.websocket.WebSocket;
import io.throng.websocket.WebSocketClient;
import io.throng.websocket.WebSocketConfig;
import io.throng.websocket.WebSocketListener;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A broadcast from a thread that is no connection's reader, over the server's real sockets (the epoll engine
 * on Linux, whose gathering write copies a batch of frames into one block): a member that stops reading must
 * cost the sender nothing, stay within its queue bound, and, once it reads again, get whole frames in order:
 * a frame cut by a partial write goes on from its first unwritten byte, before anything else.
 */
class WebSocketBroadcastTest {
    private static final long BOUND = 256 * 1024;
    private static final int SIZE = 32 * 1024;
    private static final int MESSAGES = 300; // 9.4 MiB per member: far beyond a stopped peer's buffers and bound
    private final List<WebSocket> members = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        WebSocketConfig config = WebSocketConfig.DEFAULTS.withQueueBounds(1000, BOUND, OverflowPolicy.DROP);
        server = HttpServer.start("127.0.0.1", 0, new Router().get("/room",
                new WebSocketRoute(ServerHandshake.Options.DEFAULTS, config, () -> new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocket ws) {
                        members.add(ws);
                    }
                })));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aMemberThatStopsReadingCostsTheSenderNothingAndLaterGetsWholeFramesInOrder() throws Exception {
        try (Socket stopped = new Socket()) {
            stopped.setReceiveBufferSize(4096);
            stopped.connect(new InetSocketAddress("127.0.0.1", server.port()));
            stopped.setSoTimeout(10_000);
            stopped.getOutputStream().write(("GET /room HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            DataInputStream in = new DataInputStream(stopped.getInputStream());
            String head = readHead(in);
            assertTrue(head.startsWith("HTTP/1.1 101"), head);
            awaitCondition(() -> members.size() == 1);
            WebSocket slow = members.getFirst();
            WebSocketRouteTest.Inbox reads = new WebSocketRouteTest.Inbox();
            WebSocket reader = WebSocketClient.connect(URI.create("ws://127.0.0.1:" + server.port() + "/room"),
                    WebSocketClient.Options.DEFAULTS, reads);
            awaitCondition(() -> members.size() == 2);

            // This thread is no connection's reader: it queues to each member and never waits for one.
            int dropped = 0;
            long maxQueued = 0;
            byte[] payload = new byte[SIZE];
            for (int i = 0; i < MESSAGES; i++) {
                ByteBuffer.wrap(payload).putInt(0, i).putInt(SIZE - 4, i);
                dropped += Broadcast.binary(members, ByteBuffer.wrap(payload)).dropped();
                maxQueued = Math.max(maxQueued, slow.queuedBytes());
                assertArrayEquals(payload, (byte[]) reads.next(), "message " + i + " to the member that reads");
            }
            assertTrue(dropped > 0, "the stopped member had messages dropped");
            assertTrue(maxQueued <= BOUND, "queued " + maxQueued + " > bound " + BOUND);
            assertTrue(slow.isOpen(), "DROP keeps the stopped connection");

            // It reads again: every frame whole (header, then its own message's bytes), in increasing order.
            Broadcast.text(members, "end");
            int last = -1;
            int got = 0;
            while (true) {
                int b0 = in.readUnsignedByte();
                int b1 = in.readUnsignedByte();
                assertEquals(0, b1 & 0x80, "server frames are not masked");
                int len = b1 & 0x7f;
                long n = len == 126 ? in.readUnsignedShort() : len == 127 ? in.readLong() : len;
                byte[] body = new byte[(int) n];
                in.readFully(body);
                if (b0 == 0x81) {
                    assertEquals("end", new String(body, StandardCharsets.UTF_8));
                    break;
                }
                assertEquals(0x82, b0, "a final binary frame");
                assertEquals(SIZE, n);
                int seq = ByteBuffer.wrap(body).getInt(0);
                assertEquals(seq, ByteBuffer.wrap(body).getInt(SIZE - 4), "frame " + seq + " is whole");
                assertTrue(seq > last, "frame " + seq + " after " + last);
                last = seq;
                got++;
            }
            assertEquals(MESSAGES, got + dropped, "every message either reached the stopped member or was dropped");
            reader.close();
        }
    }

    /**
     * A room larger than two of Broadcast's slices (so that, with two or more carriers, several threads
     * share each message's writes): every member gets every message once, whole and in order, and the
     * counts add up over the slices. A member left out of every slice, or in two, fails here.
     */
    @Test
    void aLargeRoomGetsEveryMessageOnceAndInOrder() throws Exception {
        int n = 2 * 1024 + 77;
        int messages = 20;
        List<Socket> peers = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                Socket s = new Socket();
                peers.add(s);
                s.connect(new InetSocketAddress("127.0.0.1", server.port()));
                s.setSoTimeout(10_000);
                s.getOutputStream().write(("GET /room HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                        + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                        + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                String head = readHead(new DataInputStream(s.getInputStream()));
                assertTrue(head.startsWith("HTTP/1.1 101"), head);
            }
            awaitCondition(() -> members.size() == n);
            for (int m = 0; m < messages; m++) {
                Broadcast.Result r = Broadcast.text(members, "m" + m);
                assertEquals(new Broadcast.Result(n, 0, 0), r, "message " + m);
            }
            for (int i = 0; i < n; i++) {
                DataInputStream in = new DataInputStream(peers.get(i).getInputStream());
                for (int m = 0; m < messages; m++) {
                    assertEquals(0x81, in.readUnsignedByte(), "member " + i + " message " + m + ": a final text frame");
                    byte[] body = new byte[in.readUnsignedByte()];
                    in.readFully(body);
                    assertEquals("m" + m, new String(body, StandardCharsets.UTF_8), "member " + i);
                }
                assertEquals(0, in.available(), "member " + i + " got more than each message once");
            }
        } finally {
            for (Socket s : peers) {
                s.close();
            }
        }
    }

    /**
     * A room larger than a slice, whose sender outruns the writes: the broadcaster only queues and returns, so
     * members are flushed behind it and take several queued frames in one gathered write, and one member reads
     * nothing until the end, so a gathered block (and a large frame behind it) is cut by a partial write and
     * finished by a drainer thread. Every member still gets every message once, whole and in order, nothing is
     * dropped (the bound holds all of it), and every queue's counts come back to zero: a gathered write that
     * uncounted one frame for several, or resent or skipped part of a block, fails here.
     */
    @Test
    void aLargeRoomBehindItsSenderGetsGatheredFramesWholeInOrderAndItsQueuesEmpty() throws Exception {
        int n = 1024 + 100;
        int messages = 100; // 224 KiB per member: all of it fits the bound, so nothing may be dropped
        List<Socket> peers = new java.util.ArrayList<>();
        List<Thread> readers = new java.util.ArrayList<>();
        java.util.concurrent.ConcurrentLinkedQueue<String> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
        java.util.concurrent.CountDownLatch stoppedMayRead = new java.util.concurrent.CountDownLatch(1);
        try {
            for (int i = 0; i <= n; i++) {
                Socket s = new Socket();
                peers.add(s);
                if (i == 0) {
                    s.setReceiveBufferSize(4096); // the stopped member: its socket is full long before the end
                }
                s.connect(new InetSocketAddress("127.0.0.1", server.port()));
                s.setSoTimeout(30_000);
                s.getOutputStream().write(("GET /room HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                        + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                        + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(s.getInputStream()));
                String head = readHead(in);
                assertTrue(head.startsWith("HTTP/1.1 101"), head);
                int member = i;
                readers.add(Thread.ofVirtual().start(() -> {
                    try {
                        if (member == 0) {
                            stoppedMayRead.await();
                        }
                        for (int m = 0; m < messages; m++) {
                            int b0 = in.readUnsignedByte();
                            int len = in.readUnsignedByte();
                            byte[] body = new byte[len == 126 ? in.readUnsignedShort() : len];
                            in.readFully(body);
                            ByteBuffer b = ByteBuffer.wrap(body);
                            int expected = m % 10 == 9 ? 17_000 : 600; // every tenth is larger than a gather block
                            if (b0 != 0x82 || body.length != expected || b.getInt(0) != m
                                    || b.getInt(body.length - 4) != m) {
                                failures.add("member " + member + " message " + m + ": frame " + b0 + " of "
                                        + body.length + " bytes, seq " + b.getInt(0) + "/" + b.getInt(body.length - 4));
                                return;
                            }
                        }
                    } catch (Exception e) {
                        failures.add("member " + member + ": " + e);
                    }
                }));
            }
            awaitCondition(() -> members.size() == n + 1);
            // This thread is no connection's reader; in a room this large it only queues, and the writes follow.
            for (int m = 0; m < messages; m++) {
                byte[] payload = new byte[m % 10 == 9 ? 17_000 : 600];
                ByteBuffer.wrap(payload).putInt(0, m).putInt(payload.length - 4, m);
                assertEquals(new Broadcast.Result(n + 1, 0, 0), Broadcast.binary(members, ByteBuffer.wrap(payload)),
                        "message " + m);
            }
            stoppedMayRead.countDown();
            for (Thread t : readers) {
                t.join();
            }
            assertEquals(List.of(), List.copyOf(failures));
            awaitCondition(() -> members.stream().allMatch(ws -> ws.queuedBytes() == 0 && ws.queuedMessages() == 0));
        } finally {
            for (Socket s : peers) {
                s.close();
            }
        }
    }

    private static void awaitCondition(java.util.function.BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within 30 s");
            Thread.sleep(10);
        }
    }

    private static String readHead(DataInputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\n")) {
            sb.append((char) in.readUnsignedByte());
        }
        return sb.toString();
    }
}
