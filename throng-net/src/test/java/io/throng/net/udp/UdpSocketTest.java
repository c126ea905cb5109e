package io.throng.net.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class UdpSocketTest {
    private static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    @Test
    void anOversizedDatagramArrivesCutAndSaysSo() throws IOException {
        try (UdpSocket receiver = UdpSocket.bind(ANY_LOOPBACK, UdpOptions.defaults().withMaxDatagram(100));
             UdpSocket sender = UdpSocket.bind(ANY_LOOPBACK)) {
            byte[] big = pattern(1500);
            sender.send(big, receiver.localAddress());
            sender.send(pattern(100), receiver.localAddress()); // exactly the limit: whole
            sender.send(pattern(101), receiver.localAddress()); // one over: cut

            Datagram cut = receiver.receive(Duration.ofSeconds(30));
            assertTrue(cut.truncated());
            assertArrayEquals(Arrays.copyOf(big, 100), cut.data());
            assertEquals(sender.localAddress(), cut.sender());

            Datagram whole = receiver.receive(); // the untimed path reports the same way
            assertFalse(whole.truncated());
            assertArrayEquals(pattern(100), whole.data());

            Datagram oneOver = receiver.receive();
            assertTrue(oneOver.truncated());
            assertEquals(100, oneOver.length());
        }
    }

    @Test
    void aReceiveTimesOutAndTheSocketStaysUsable() throws Exception {
        try (UdpSocket receiver = UdpSocket.bind(ANY_LOOPBACK); UdpSocket sender = UdpSocket.bind(ANY_LOOPBACK)) {
            // On a virtual thread, as servers use it: the timed receive must park and still time out.
            CompletableFuture<Throwable> timedOut = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    receiver.receive(Duration.ofMillis(200));
                    timedOut.complete(null);
                } catch (Throwable e) {
                    timedOut.complete(e);
                }
            });
            assertTrue(timedOut.get(30, TimeUnit.SECONDS) instanceof SocketTimeoutException, () -> String.valueOf(timedOut.join()));

            sender.send("after".getBytes(StandardCharsets.US_ASCII), receiver.localAddress());
            assertEquals("after", new String(receiver.receive(Duration.ofSeconds(30)).data(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void closingEndsABlockedReceive() throws Exception {
        UdpSocket receiver = UdpSocket.bind(ANY_LOOPBACK);
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                receiver.receive();
                ended.complete(null);
            } catch (Throwable e) {
                ended.complete(e);
            }
        });
        while (t.getState() != Thread.State.WAITING) { // parked in receive
            Thread.onSpinWait();
            Thread.sleep(1);
        }
        receiver.close();
        assertTrue(ended.get(30, TimeUnit.SECONDS) instanceof AsynchronousCloseException, () -> String.valueOf(ended.join()));
    }

    @Test
    void aDatagramTooLongForUdpIsRefusedBeforeSending() throws IOException {
        try (UdpSocket sender = UdpSocket.bind(ANY_LOOPBACK)) {
            assertThrows(IOException.class, () -> sender.send(new byte[70_000], new InetSocketAddress(InetAddress.getLoopbackAddress(), 9)));
        }
    }

    @Test
    void pythonEchoesOverIpv4AndIpv6() throws Exception {
        for (String host : new String[] {"127.0.0.1", "::1"}) {
            String script = """
                    import socket, sys
                    fam = socket.AF_INET6 if ':' in sys.argv[1] else socket.AF_INET
                    s = socket.socket(fam, socket.SOCK_DGRAM)
                    s.bind((sys.argv[1], 0))
                    print(s.getsockname()[1], flush=True)
                    while True:
                        data, peer = s.recvfrom(65535)
                        s.sendto(data[::-1], peer)
                    """;
            try (Peers.Started echo = Peers.python(script, host);
                 UdpSocket socket = UdpSocket.bind(new InetSocketAddress(InetAddress.getByName(host), 0))) {
                InetSocketAddress peer = new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(echo.firstLine().strip()));
                for (int n : new int[] {0, 1, 64, 8000, 65_000}) {
                    byte[] sent = pattern(n);
                    socket.send(sent, peer);
                    Datagram back = socket.receive(Duration.ofSeconds(30));
                    byte[] reversed = sent.clone();
                    for (int i = 0; i < n / 2; i++) {
                        byte b = reversed[i];
                        reversed[i] = reversed[n - 1 - i];
                        reversed[n - 1 - i] = b;
                    }
                    assertArrayEquals(reversed, back.data(), host + " " + n);
                    assertEquals(peer, back.sender());
                }
            }
        }
    }
}
