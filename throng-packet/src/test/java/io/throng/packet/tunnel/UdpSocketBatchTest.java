package io.throng.packet.tunnel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.throng.packet.sys.Errno;
import io.throng.packet.sys.MessageBatch;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The tunnel's batched UDP path against the JDK's own DatagramChannel as the peer, over loopback (no
 * privilege needed): what is queued on the socket comes out of one recvmmsg whole, in order, each with
 * its own length and sender; one flush of an outbox puts every datagram on the wire in order; and
 * IPv4 and IPv6 peers both work on the one dual-stack socket.
 */
class UdpSocketBatchTest {
    private static final int N = 20;

    private static byte[] payload(int i) {
        // distinct contents and distinct lengths, so a slot read with another's length shows
        return ("datagram " + i + " " + "x".repeat(i * 7)).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void everyQueuedDatagramComesOutOfOneReceiveWholeAndInOrderWithItsSender() throws Exception {
        try (UdpSocket socket = UdpSocket.open(0, 1 << 20); Arena arena = Arena.ofConfined();
                DatagramChannel first = DatagramChannel.open(StandardProtocolFamily.INET);
                DatagramChannel second = DatagramChannel.open(StandardProtocolFamily.INET6)) {
            first.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            second.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
            InetSocketAddress v4 = new InetSocketAddress("127.0.0.1", socket.port()), v6 = new InetSocketAddress("::1", socket.port());
            // all of them queued before the receive: loopback delivers within the send call
            for (int i = 0; i < N; i++) {
                (i % 5 == 4 ? second : first).send(ByteBuffer.wrap(payload(i)), i % 5 == 4 ? v6 : v4);
            }
            MessageBatch batch = new MessageBatch(arena, 32, 1 << 16);
            MemorySegment errno = Errno.segment(arena);
            SocketAddresses.Decoder sources = new SocketAddresses.Decoder(arena);
            assertEquals(N, socket.receive(batch, errno), "one recvmmsg takes every queued datagram");
            InetSocketAddress previous = null;
            for (int i = 0; i < N; i++) {
                byte[] got = batch.slot(i).asSlice(0, batch.length(i)).toArray(ValueLayout.JAVA_BYTE);
                assertArrayEquals(payload(i), got, "datagram " + i);
                InetSocketAddress from = sources.decode(batch.address(i));
                InetSocketAddress expected = (InetSocketAddress) (i % 5 == 4 ? second : first).getLocalAddress();
                assertEquals(expected.getAddress(), from.getAddress(), "sender of " + i);
                assertEquals(expected.getPort(), from.getPort(), "sender port of " + i);
                if (i % 5 != 4 && i % 5 != 0) {
                    assertSame(previous, from, "the same sender as the one before decodes to the same object (no allocation)");
                }
                previous = from;
            }
            // nothing left: the wait ends empty
            assertEquals(0, socket.receive(batch, errno));
        }
    }

    @Test
    void oneFlushPutsEveryDatagramOnTheWireInOrderToEitherFamily() throws Exception {
        for (String loopback : List.of("127.0.0.1", "::1")) {
            try (UdpSocket socket = UdpSocket.open(0, 1 << 20); Arena arena = Arena.ofConfined();
                    DatagramChannel peer = DatagramChannel.open(loopback.contains(":") ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET)) {
                peer.bind(new InetSocketAddress(loopback, 0));
                Outbox out = new Outbox(socket, arena, N, 512);
                for (int i = 0; i < N; i++) {
                    out.add(payload(i), payload(i).length);
                }
                assertEquals(N, out.flush((InetSocketAddress) peer.getLocalAddress()));
                List<String> got = new ArrayList<>();
                ByteBuffer buf = ByteBuffer.allocate(1024);
                for (int i = 0; i < N; i++) {
                    buf.clear();
                    InetSocketAddress from = (InetSocketAddress) peer.receive(buf);
                    assertEquals(socket.port(), from.getPort());
                    got.add(new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII));
                }
                List<String> sent = new ArrayList<>();
                for (int i = 0; i < N; i++) {
                    sent.add(new String(payload(i), StandardCharsets.US_ASCII));
                }
                assertEquals(sent, got, loopback);
            }
        }
    }
}
