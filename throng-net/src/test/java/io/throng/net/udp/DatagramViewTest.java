package io.throng.net.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The inline server's view handler: each datagram is the receiver's buffer between position and limit, so
 * a view must cover exactly that datagram (not the stale tail of a longer one before it), be cut at the
 * limit and marked when too long, and survive a handler that consumes or scribbles over it.
 */
class DatagramViewTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void anEchoFromTheViewReturnsEveryDatagramExactlyWhateverCameBefore() throws Exception {
        DatagramViewHandler echo = (payload, sender, truncated, socket) -> {
            socket.send(payload, sender);
            payload.position(payload.limit()); // consumed, as send leaves it anyway
        };
        Random random = new Random(19);
        try (DatagramServer server = DatagramServer.startInline(LOOPBACK, UdpOptions.defaults(), echo, (d, e) -> {});
                UdpSocket client = UdpSocket.bind(LOOPBACK)) {
            // Long then short, in turn: a view that ran to the old limit would bring back the long one's tail.
            for (int i = 0; i < 50; i++) {
                byte[] sent = new byte[i % 2 == 0 ? 1000 + random.nextInt(400) : random.nextInt(20)];
                random.nextBytes(sent);
                client.send(sent, server.localAddress());
                Datagram back = client.receive(PATIENCE);
                assertArrayEquals(sent, back.data(), "datagram " + i);
                assertFalse(back.truncated());
            }
            assertEquals(50, server.received());
            assertEquals(0, server.failed());
        }
    }

    @Test
    void aDatagramOverTheLimitIsHandedCutAtTheLimitAndMarked() throws Exception {
        List<Integer> lengths = new CopyOnWriteArrayList<>();
        List<Boolean> marks = new CopyOnWriteArrayList<>();
        DatagramViewHandler record = (payload, sender, truncated, socket) -> {
            lengths.add(payload.remaining());
            marks.add(truncated);
            socket.send(ByteBuffer.wrap(new byte[] {1}), sender); // tells the client it was handled
        };
        try (DatagramServer server = DatagramServer.startInline(LOOPBACK, UdpOptions.defaults().withMaxDatagram(100), record,
                        (d, e) -> {});
                UdpSocket client = UdpSocket.bind(LOOPBACK)) {
            client.send(new byte[500], server.localAddress());
            client.receive(PATIENCE);
            client.send(new byte[100], server.localAddress());
            client.receive(PATIENCE);
            assertEquals(List.of(100, 100), lengths, "cut at the limit, and a datagram of exactly the limit whole");
            assertEquals(List.of(true, false), marks);
            assertEquals(1, server.truncated());
        }
    }

    @Test
    void aThrowingHandlerIsCountedItsDatagramReportedAndTheNextStillWhole() throws Exception {
        List<Datagram> failedOnes = new CopyOnWriteArrayList<>();
        DatagramViewHandler handler = (payload, sender, truncated, socket) -> {
            byte first = payload.get(payload.position());
            if (first == 'x') {
                payload.limit(0); // a careless handler that breaks the view, then throws
                throw new IllegalStateException("boom");
            }
            socket.send(payload, sender);
        };
        try (DatagramServer server = DatagramServer.startInline(LOOPBACK, UdpOptions.defaults(), handler,
                        (d, e) -> failedOnes.add(d));
                UdpSocket client = UdpSocket.bind(LOOPBACK)) {
            client.send("xyz".getBytes(), server.localAddress());
            client.send("fine".getBytes(), server.localAddress());
            assertEquals("fine", new String(client.receive(PATIENCE).data()));
            assertEquals(1, server.failed());
            assertEquals(1, failedOnes.size());
            assertEquals("xyz", new String(failedOnes.getFirst().data()), "onError sees the datagram, whole");
            assertEquals(client.localAddress().getPort(), failedOnes.getFirst().sender().getPort());
            assertTrue(server.running() <= 1);
        }
    }

    @Test
    void manyPeersAtOnceEachGetTheirOwnAnswers() throws Exception {
        DatagramViewHandler echo = (payload, sender, truncated, socket) -> socket.send(payload, sender);
        try (DatagramServer server = DatagramServer.startInline(LOOPBACK, UdpOptions.defaults(), echo, (d, e) -> {})) {
            List<UdpSocket> peers = new ArrayList<>();
            try {
                for (int p = 0; p < 4; p++) {
                    peers.add(UdpSocket.bind(LOOPBACK));
                }
                for (int round = 0; round < 20; round++) {
                    for (int p = 0; p < peers.size(); p++) {
                        peers.get(p).send(("peer " + p + " round " + round).getBytes(), server.localAddress());
                    }
                    for (int p = 0; p < peers.size(); p++) {
                        assertEquals("peer " + p + " round " + round, new String(peers.get(p).receive(PATIENCE).data()));
                    }
                }
            } finally {
                for (UdpSocket peer : peers) {
                    peer.close();
                }
            }
        }
    }
}
