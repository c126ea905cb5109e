package io.throng.mongrel.zmtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The gateway's two bound ZMTP sockets against peers written by hand, one protocol step at a time. */
class ZmtpSocketsTest {

    private static final String ANY_PORT = "tcp://127.0.0.1:0";

    /** Waits (polling a counter, with a deadline) until {@code value} is {@code expected}. */
    private static void await(int expected, IntSupplier value, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (value.getAsInt() != expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(expected, value.getAsInt(), what);
    }

    /** Reads until the server closes the connection; fails if it does not within the socket timeout. */
    private static void assertClosedByServer(RawPeer p) {
        assertThrows(EOFException.class, () -> {
            for (;;) {
                p.in.next();
            }
        });
    }

    @Test
    void peersThatAreNotPullOrNotZmtpAreRefusedAndNeverCounted() throws Exception {
        try (PushSocket push = PushSocket.bind(ANY_PORT, 10, () -> { })) {
            try (RawPeer pub = RawPeer.connect(push.port(), 0)) {
                pub.greet(SocketType.PUB, 1);
                pub.in.greeting(); // ours comes first, whoever the peer is
                pub.in.next();     // and our READY
                assertClosedByServer(pub);
            }
            try (RawPeer http = RawPeer.connect(push.port(), 0)) {
                http.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                http.in.greeting();
                http.in.next();
                assertClosedByServer(http);
            }
            assertEquals(0, push.peers());
            assertFalse(push.offer(new byte[1]), "nobody to take it");
            try (RawPeer pull = RawPeer.handshake(push.port(), SocketType.PULL, 1)) {
                await(1, push::peers, "the PULL peer is in the rotation");
                assertTrue(push.offer("hi".getBytes(StandardCharsets.US_ASCII)));
                assertArrayEquals("hi".getBytes(StandardCharsets.US_ASCII), pull.in.next().body());
            }
            await(0, push::peers, "a peer that left is out of the rotation");
        }
    }

    @Test
    void aHandlerThatStopsReadingIsSkippedAndNeverBlocksTheSender() throws Exception {
        int messages = 30_000;
        byte[] message = new byte[1000];
        try (PushSocket push = PushSocket.bind(ANY_PORT, 16, () -> { });
             RawPeer stuck = RawPeer.handshake(push.port(), SocketType.PULL, 1);
             RawPeer fast = RawPeer.handshake(push.port(), SocketType.PULL, 0)) {
            await(2, push::peers, "both peers connected");
            AtomicInteger fastGot = new AtomicInteger();
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    for (;;) {
                        fast.in.next();
                        fastGot.incrementAndGet();
                    }
                } catch (Exception e) {
                    // closed at the end
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            for (int i = 0; i < messages; i++) {
                long seen = push.roomEvents();
                while (!push.offer(message)) {
                    // Both full for a moment: wait for room as the port's drain thread does, never for the stuck peer.
                    assertTrue(System.nanoTime() < deadline, "message " + i + " found no peer with room");
                    if (push.roomEvents() == seen) {
                        Thread.sleep(1);
                    }
                    seen = push.roomEvents();
                }
            }
            // The stuck peer took what its socket buffers and its queue hold, the rest went to the other.
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            int stuckGot = 0;
            stuck.socket.setSoTimeout(300);
            while (fastGot.get() + stuckGot < messages && System.nanoTime() < end) {
                try {
                    stuck.in.next();
                    stuckGot++;
                } catch (java.net.SocketTimeoutException e) {
                    // read what is there, then wait for the rest to reach the fast one
                }
            }
            assertEquals(messages, fastGot.get() + stuckGot, "every message reached a peer");
            assertTrue(stuckGot < messages / 2, "the stuck peer was skipped once full: it got " + stuckGot);
            reader.interrupt();
        }
    }

    /**
     * Senders that arrive while another writes leave their frames to it, and it writes them batched: every
     * message still reaches the peer exactly once, whole, and each sender's in the order it sent them.
     */
    @RepeatedTest(6) // each run is one race of eight senders; a few runs meet more interleavings
    void concurrentSendersFramesArriveWholeOnceAndInEachSendersOrder() throws Exception {
        int senders = 8;
        int each = 20_000;
        // A high-water mark above every message sent: all may queue while the reader lags.
        try (PushSocket push = PushSocket.bind(ANY_PORT, senders * each + 1, () -> { });
             RawPeer pull = RawPeer.handshake(push.port(), SocketType.PULL, 1)) {
            await(1, push::peers, "the PULL peer is in the rotation");
            Thread[] threads = new Thread[senders];
            for (int s = 0; s < senders; s++) {
                int sender = s;
                threads[s] = Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < each; i++) {
                        // Sizes vary (8 to 40,007 bytes) so batches mix small frames with ones sent alone.
                        int size = i % 100 == 99 ? 40_007 : 8 + i % 50;
                        ByteBuffer m = ByteBuffer.allocate(size).putInt(sender).putInt(i);
                        assertTrue(push.offer(m.array()), "sender " + sender + " message " + i + " refused");
                    }
                });
            }
            for (Thread t : threads) {
                assertTrue(t.join(java.time.Duration.ofSeconds(20)));
            }
            // Read only now: the socket buffers filled long ago, so writes were partial and the rest queued.
            int[] next = new int[senders];
            for (int n = 0; n < senders * each; n++) {
                ByteBuffer m;
                try {
                    m = ByteBuffer.wrap(pull.in.next().body());
                } catch (java.io.IOException e) {
                    throw new AssertionError("after " + n + " messages (per sender " + Arrays.toString(next) + ")", e);
                }
                int sender = m.getInt();
                int i = m.getInt();
                assertEquals(next[sender], i, "sender " + sender + "'s messages in order");
                assertEquals(i % 100 == 99 ? 40_007 : 8 + i % 50, m.capacity(), "message whole");
                next[sender]++;
            }
        }
    }

    /** ZMTP 3: a peer refused after the greeting is told why with an ERROR command, then closed. */
    @Test
    void aPeerOfTheWrongTypeGetsAnErrorWithTheReasonThenTheClose() throws Exception {
        try (PushSocket push = PushSocket.bind(ANY_PORT, 10, () -> { });
             RawPeer pub = RawPeer.connect(push.port(), 0)) {
            pub.greet(SocketType.PUB, 1);
            pub.in.greeting();
            assertEquals(Command.READY, Command.parse(pub.in.next().body()).name());
            Frame error = pub.in.next();
            assertTrue(error.command());
            Command c = Command.parse(error.body());
            assertEquals(Command.ERROR, c.name());
            assertEquals("a PUB peer cannot talk to a PUSH socket", c.errorReason());
            assertClosedByServer(pub);
            assertEquals(0, push.peers());
        }
    }

    @Test
    void aMessageInsteadOfReadyGetsAnErrorThenTheClose() throws Exception {
        try (PushSocket push = PushSocket.bind(ANY_PORT, 10, () -> { });
             RawPeer peer = RawPeer.connect(push.port(), 0)) {
            peer.send(Greeting.ours());
            peer.send(Frame.message("hello".getBytes(StandardCharsets.US_ASCII)));
            peer.in.greeting();
            assertEquals(Command.READY, Command.parse(peer.in.next().body()).name());
            Command c = Command.parse(peer.in.next().body());
            assertEquals(Command.ERROR, c.name());
            assertEquals("expected READY, got a message", c.errorReason());
            assertClosedByServer(peer);
            assertEquals(0, push.peers());
        }
    }

    /** A peer that refuses us with its own ERROR has said why: it is closed and told nothing more. */
    @Test
    void aPeersOwnErrorIsNotAnsweredWithOne() throws Exception {
        try (PushSocket push = PushSocket.bind(ANY_PORT, 10, () -> { });
             RawPeer peer = RawPeer.connect(push.port(), 0)) {
            peer.send(Greeting.ours());
            peer.send(Command.error("no thanks"));
            peer.in.greeting();
            assertEquals(Command.READY, Command.parse(peer.in.next().body()).name());
            assertThrows(EOFException.class, peer.in::next, "closed, with no ERROR first");
            assertEquals(0, push.peers());
        }
    }

    @Test
    void subscriptionsGoInTheFormOfEachPeersVersionAndPingsAreAnswered() throws Exception {
        byte[] prefix = "f400".getBytes(StandardCharsets.US_ASCII);
        BlockingQueue<byte[]> got = new LinkedBlockingQueue<>();
        try (SubSocket sub = SubSocket.bind(ANY_PORT, prefix, 1000, got::add);
             RawPeer v31 = RawPeer.handshake(sub.port(), SocketType.PUB, 1);
             RawPeer v30 = RawPeer.handshake(sub.port(), SocketType.XPUB, 0)) {
            Frame command = v31.in.next();
            assertTrue(command.command());
            assertEquals(new Command(Command.SUBSCRIBE, prefix).name(), Command.parse(command.body()).name());
            assertArrayEquals(prefix, Command.parse(command.body()).data());
            Frame message = v30.in.next();
            assertFalse(message.command());
            assertArrayEquals("\u0001f400".getBytes(StandardCharsets.US_ASCII), message.body());

            v30.send(Frame.command(Command.PING, new byte[] {0, 50, 'k'}));
            Command pong = Command.parse(v30.in.next().body());
            assertEquals(Command.PONG, pong.name());
            assertArrayEquals(new byte[] {'k'}, pong.data());

            v31.send(Frame.message("nope: not for us".getBytes(StandardCharsets.US_ASCII)));
            // A two-frame message whose first frame does not match: its second frame goes with it.
            ByteBuffer more = ByteBuffer.allocate(8);
            Frame.putHeader(more, 6, true);
            more.put("nope: ".getBytes(StandardCharsets.US_ASCII)).flip();
            v31.send(more);
            v31.send(Frame.message("f400 but a later frame".getBytes(StandardCharsets.US_ASCII)));
            v31.send(Frame.message("f400 1:1, hi".getBytes(StandardCharsets.US_ASCII)));
            assertArrayEquals("f400 1:1, hi".getBytes(StandardCharsets.US_ASCII), got.poll(10, TimeUnit.SECONDS));
            assertEquals(0, got.size(), "the messages without the prefix were dropped, all of their frames");
            await(2, sub::peers, "both publishers counted");
        }
    }

    @Test
    void aReplyOverTheLimitEndsOnlyItsPeerBeforeItsBodyIsSent() throws Exception {
        BlockingQueue<byte[]> got = new LinkedBlockingQueue<>();
        try (SubSocket sub = SubSocket.bind(ANY_PORT, new byte[0], 1000, got::add);
             RawPeer big = RawPeer.handshake(sub.port(), SocketType.PUB, 1);
             RawPeer small = RawPeer.handshake(sub.port(), SocketType.PUB, 1)) {
            big.in.next();   // subscriptions
            small.in.next();
            ByteBuffer header = ByteBuffer.allocate(9);
            Frame.putHeader(header, 1001, false);
            big.send(header.flip()); // the header only: refused without waiting for 1001 bytes
            assertClosedByServer(big);
            small.send(Frame.message("ok".getBytes(StandardCharsets.US_ASCII)));
            assertArrayEquals("ok".getBytes(StandardCharsets.US_ASCII), got.poll(10, TimeUnit.SECONDS));
            await(1, sub::peers, "only the offender left");
        }
    }

    @Test
    void aConsumerAboutToBlockHandsItsPeerToANewReader() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        try (SubSocket sub = SubSocket.bind(ANY_PORT, new byte[0], 1000, body -> {
                String s = new String(body, StandardCharsets.US_ASCII);
                if (s.equals("stuck")) {
                    assertTrue(SubSocket.handOver());
                    assertFalse(SubSocket.handOver(), "once per call: this thread reads no more");
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                got.add(s);
            });
             RawPeer pub = RawPeer.handshake(sub.port(), SocketType.PUB, 1)) {
            pub.in.next();
            pub.send(Frame.message("stuck".getBytes(StandardCharsets.US_ASCII)));
            pub.send(Frame.message("next".getBytes(StandardCharsets.US_ASCII)));
            assertEquals("next", got.poll(10, TimeUnit.SECONDS), "read while the first call is blocked");
            assertEquals(1, sub.handOvers());
            release.countDown();
            assertEquals("stuck", got.poll(10, TimeUnit.SECONDS));
            assertFalse(SubSocket.handOver(), "not a reader's thread");
            pub.send(Frame.message("after".getBytes(StandardCharsets.US_ASCII)));
            assertNotNull(got.poll(10, TimeUnit.SECONDS));
            assertEquals(1, sub.peers());
        }
    }
}
