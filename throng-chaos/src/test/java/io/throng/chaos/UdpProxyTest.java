package io.throng.chaos;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * UDP proxies through real sockets: a client, the proxy, a {@link UdpPeer} upstream. What the toxics do
 * is measured where the datagrams arrive. The accuracy tests pace the sender on the proxy's own counters
 * (a batch is sent once the proxy has read the last and the peer has received all it sent), so the
 * kernel never drops a datagram and every loss counted is the toxic's.
 */
class UdpProxyTest {
    private static final int DATAGRAMS = 100_000;
    private static final int BATCH = 64;

    private UdpPeer peer;
    private Proxies proxies;
    private Proxy proxy;
    private DatagramChannel client;
    private InetSocketAddress target;

    @BeforeEach
    void start() throws IOException {
        peer = new UdpPeer(false);
        proxies = new Proxies();
        proxy = proxies.create(new Proxies.Spec("udp", "127.0.0.1:0", peer.address(), true, Protocol.UDP));
        target = Addresses.parse(proxy.listen());
        client = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        proxies.close();
        peer.close();
    }

    @Test
    void independentLossIsTheRateWithinOnePoint() throws Exception {
        addUpstream("loss", 1f, new Toxic.PacketLoss(10, 0));
        BitSet got = sendPaced(DATAGRAMS);
        double loss = 100.0 * (DATAGRAMS - got.cardinality()) / DATAGRAMS;
        assertEquals(10, loss, 1, "loss %");
        // Independent losses at 10% come in runs of 1 / 0.9 on average.
        assertEquals(1 / 0.9, meanBurst(got, DATAGRAMS), 0.1, "mean burst");
    }

    @Test
    void gilbertElliottLosesTheRateInBurstsOfTheConfiguredMeanLength() throws Exception {
        addUpstream("loss", 1f, new Toxic.PacketLoss(10, 5));
        BitSet got = sendPaced(DATAGRAMS);
        double loss = 100.0 * (DATAGRAMS - got.cardinality()) / DATAGRAMS;
        assertEquals(10, loss, 1, "loss %");
        assertEquals(5, meanBurst(got, DATAGRAMS), 0.5, "mean burst");
    }

    @Test
    void toxicityZeroAffectsNothing() throws Exception {
        addUpstream("loss", 0f, new Toxic.PacketLoss(100, 0));
        addUpstream("corrupt", 0f, new Toxic.Corrupt(100));
        addUpstream("duplicate", 0f, new Toxic.Duplicate(100));
        addUpstream("lag", 0f, new Toxic.Latency(10_000, 0));
        int n = 2_000;
        BitSet got = sendPaced(n);
        assertEquals(n, got.cardinality());
        assertEquals(n, peer.arrivals.size(), "no datagram twice");
        for (UdpPeer.Arrival a : peer.arrivals) {
            assertArrayEquals(datagram(a.seq()), a.data(), "unchanged");
        }
    }

    @Test
    void latencyIsTheSettingWithinFiveMilliseconds() throws Exception {
        double baseline = medianMillis(delays(50, 1));
        addUpstream("lag", 1f, new Toxic.Latency(50, 0));
        Lateness late = new Lateness(50);
        long[] delays = delays(100, 5);
        double lateness = late.stop();
        Arrays.sort(delays);
        assertTrue(delays[0] >= ms(50), "none early: " + delays[0] / 1e6 + " ms");
        assertAdded(50, medianMillis(delays), baseline, lateness);
    }

    /**
     * Latency 50 ± 20 ms: none before 30 ms, the median added 50 (± 5), spread over the window and
     * reordered. The median is measured against the path without the toxic and against how late this
     * machine's timer wakes from a 50 ms wait meanwhile: on a loaded box both add milliseconds that are
     * not the toxic's (it once read a median beyond 55 under load without these).
     */
    @Test
    void jitterSpreadsAndReordersDatagrams() throws Exception {
        double baseline = medianMillis(delays(50, 1));
        addUpstream("lag", 1f, new Toxic.Latency(50, 20));
        Lateness late = new Lateness(50);
        long[] delays = delays(200, 1);
        double lateness = late.stop();
        long reordered = 0;
        long last = -1;
        for (UdpPeer.Arrival a : peer.arrivals) {
            reordered += a.seq() < last ? 1 : 0;
            last = Math.max(last, a.seq());
        }
        Arrays.sort(delays);
        assertTrue(delays[0] >= ms(30), "none before latency - jitter: " + delays[0] / 1e6 + " ms");
        assertAdded(50, medianMillis(delays), baseline, lateness);
        assertTrue(delays[delays.length - 1] - delays[0] >= ms(20), "spread over the jitter");
        assertTrue(reordered > 0, "datagrams 1 ms apart with ±20 ms of jitter overtake each other");
    }

    /** stop() returns only once the UDP port is free: another socket binds it right after, every time. */
    @Test
    void stopReturnsOnceThePortIsFree() throws IOException {
        String listen = proxy.listen();
        for (int i = 0; i < 200; i++) {
            proxy.stop();
            try (DatagramChannel other = DatagramChannel.open()) {
                other.bind(Addresses.parse(listen)); // a BindException while the proxy still has it
            }
            proxy.start();
            assertEquals(listen, proxy.listen());
        }
    }

    @Test
    void duplicateCorruptAndReorder() throws Exception {
        addUpstream("dup", 1f, new Toxic.Duplicate(100));
        sendPaced(100);
        await(() -> peer.arrivals.size() == 200, "every datagram twice");
        proxy.removeToxic("dup");
        peer.arrivals.clear();

        proxy.addToxic(new NamedToxic("flip", Direction.UPSTREAM, 1f, new Toxic.Corrupt(100)));
        sendPaced(100);
        for (UdpPeer.Arrival a : peer.arrivals) {
            // The sequence number may be the corrupted part, so compare with every datagram sent.
            assertTrue(oneBitFromASent(a.data(), 100), "one bit flipped: " + Arrays.toString(a.data()));
        }
        proxy.removeToxic("flip");
        peer.arrivals.clear();

        proxy.addToxic(new NamedToxic("shuffle", Direction.UPSTREAM, 1f, new Toxic.Reorder(30, 20)));
        delays(200, 1);
        long reordered = 0;
        long last = -1;
        BitSet seen = new BitSet();
        for (UdpPeer.Arrival a : peer.arrivals) {
            reordered += a.seq() < last ? 1 : 0;
            last = Math.max(last, a.seq());
            seen.set((int) a.seq());
        }
        assertEquals(200, seen.cardinality(), "reorder loses nothing");
        assertTrue(reordered > 0, "held datagrams are overtaken");
    }

    @Test
    void downstreamToxicsActOnTheReplies() throws Exception {
        try (UdpPeer echo = new UdpPeer(true)) {
            Proxy p = proxies.create(new Proxies.Spec("echo", "127.0.0.1:0", echo.address(), true, Protocol.UDP));
            p.addToxic(new NamedToxic("lag", Direction.DOWNSTREAM, 1f, new Toxic.Latency(50, 0)));
            InetSocketAddress to = Addresses.parse(p.listen());
            long sent = System.nanoTime();
            client.send(ByteBuffer.wrap(datagram(7)), to);
            ByteBuffer reply = ByteBuffer.allocate(64);
            InetSocketAddress from = (InetSocketAddress) client.receive(reply);
            long rtt = System.nanoTime() - sent;
            assertEquals(to, from, "the reply comes from the proxy's address");
            assertEquals(7, reply.flip().getLong());
            assertTrue(rtt >= ms(50), "the reply waited: " + rtt / 1e6 + " ms");
            assertEquals(1, p.connectionCount(), "one session");
        }
    }

    @Test
    void aPartitionLosesDatagramsUntilItIsHealed() throws Exception {
        proxy.addToxic(new NamedToxic("cut", Direction.UPSTREAM, 1f, new Toxic.Partition()));
        BitSet got = sendPaced(500);
        assertEquals(0, got.cardinality());
        proxy.removeToxic("cut");
        got = sendPaced(500);
        assertEquals(500, got.cardinality());
    }

    @Test
    void aFloodIntoALongDelayIsDroppedNotBuffered() throws Exception {
        addUpstream("lag", 1f, new Toxic.Latency(60_000, 0));
        byte[] big = new byte[1400];
        long max = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        // Flood until the delay line overflows, then as much again: it must hold no more meanwhile.
        long until = Long.MAX_VALUE;
        for (long i = 0; i < until; i++) {
            client.send(ByteBuffer.wrap(big), target);
            if (i % 32 == 0) {
                max = Math.max(max, proxy.bufferedBytes());
                LockSupport.parkNanos(10_000); // let the proxy read, so the flood reaches it, not the kernel's drops
            }
            if (until == Long.MAX_VALUE && proxy.overflowedDatagrams() > 0) {
                until = 2 * i;
            }
            if (System.nanoTime() > deadline) {
                fail("the delay line never overflowed; it holds " + proxy.bufferedBytes());
            }
        }
        max = Math.max(max, proxy.bufferedBytes());
        assertTrue(max <= UdpRelay.CAPACITY, "held " + max + " bytes");
        assertTrue(proxy.receivedBytes(Direction.UPSTREAM) > UdpRelay.CAPACITY, "the flood reached the proxy");
        assertEquals(0, peer.bytes(), "nothing was due yet");
        proxy.removeToxic("lag");
        // The kernel may still hold the flood's tail (and drop a datagram behind it): send until one arrives.
        long deadline2 = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (peer.arrivals.stream().noneMatch(a -> a.data().length == 8)) {
            if (System.nanoTime() > deadline2) {
                fail("the proxy no longer forwards");
            }
            client.send(ByteBuffer.wrap(datagram(42)), target);
            LockSupport.parkNanos(ms(10));
        }
    }

    @Test
    void aFloodOfClientsIsCappedAtTheSessionLimit() throws Exception {
        List<DatagramChannel> many = new ArrayList<>();
        try {
            for (int i = 0; i < UdpRelay.MAX_SESSIONS + 50; i++) {
                DatagramChannel c = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
                many.add(c);
                c.send(ByteBuffer.wrap(datagram(i)), target);
                long n = i + 1;
                await(() -> proxy.connectionCount() + proxy.overflowedDatagrams() == n,
                        "client " + n + "'s datagram was either forwarded or refused");
            }
            assertEquals(UdpRelay.MAX_SESSIONS, proxy.connectionCount());
            assertEquals(50, proxy.overflowedDatagrams());
        } finally {
            for (DatagramChannel c : many) {
                c.close();
            }
        }
    }

    // --- helpers ---

    private void addUpstream(String name, float toxicity, Toxic toxic) {
        proxy.addToxic(new NamedToxic(name, Direction.UPSTREAM, toxicity, toxic));
    }

    /**
     * Sends datagrams 0 .. n-1 in batches, each once the proxy has read the last batch and the peer has
     * received everything the proxy sent; the sequence numbers that arrived.
     */
    private BitSet sendPaced(int n) throws IOException {
        long read0 = proxy.receivedBytes(Direction.UPSTREAM);
        long peer0 = peer.bytes() - proxy.sentBytes(Direction.UPSTREAM);
        int queued0 = peer.arrivals.size();
        for (int i = 0; i < n; i += BATCH) {
            int end = Math.min(n, i + BATCH);
            for (int s = i; s < end; s++) {
                client.send(ByteBuffer.wrap(datagram(s)), target);
            }
            long read = read0 + 8L * end;
            await(() -> proxy.receivedBytes(Direction.UPSTREAM) == read
                    && peer.bytes() - peer0 == proxy.sentBytes(Direction.UPSTREAM), "batch up to " + end);
        }
        BitSet got = new BitSet(n);
        int k = 0;
        for (UdpPeer.Arrival a : peer.arrivals) {
            if (k++ >= queued0 && a.seq() >= 0 && a.seq() < n) {
                got.set((int) a.seq());
            }
        }
        return got;
    }

    /** Sends n datagrams {@code gapMillis} apart and waits for all; each one's time from send to arrival. */
    /** The median delay added is {@code expected} ± 5 ms, less the path's own and the timer's lateness. */
    private static void assertAdded(double expected, double median, double baseline, double lateness) {
        double added = median - baseline - lateness;
        assertEquals(expected, added, 5, "median added ms (measured " + median + ", baseline " + baseline
                + ", timer late by " + lateness + ")");
    }

    private static double medianMillis(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2] / 1e6;
    }

    /**
     * How late this machine's timer wakes a virtual thread from a wait of the toxic's length, measured
     * over and over alongside the datagrams (the delay line waits with the same timer, under the same
     * load); its median.
     */
    private static final class Lateness {
        private final List<Double> samples = java.util.Collections.synchronizedList(new ArrayList<>());
        private volatile boolean stopped;
        private final Thread probe;

        Lateness(long millis) {
            probe = Thread.ofVirtual().start(() -> {
                try {
                    while (!stopped) {
                        samples.add(Timing.timerLatenessMillis(millis));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }

        double stop() throws InterruptedException {
            stopped = true;
            probe.join();
            double[] d = samples.stream().mapToDouble(Double::doubleValue).toArray();
            return d.length == 0 ? 0 : Timing.median(d);
        }
    }

    private long[] delays(int n, long gapMillis) throws Exception {
        long[] sentAt = new long[n];
        peer.arrivals.clear();
        for (int i = 0; i < n; i++) {
            sentAt[i] = System.nanoTime();
            client.send(ByteBuffer.wrap(datagram(i)), target);
            LockSupport.parkNanos(ms(gapMillis)); // pacing, not synchronisation
        }
        await(() -> peer.arrivals.size() >= n, n + " datagrams arrived");
        long[] delays = new long[n];
        for (UdpPeer.Arrival a : peer.arrivals) {
            delays[(int) a.seq()] = a.at() - sentAt[(int) a.seq()];
        }
        return delays;
    }

    /** The mean length of the runs of sequence numbers below n that did not arrive. */
    private static double meanBurst(BitSet got, int n) {
        long runs = 0;
        long lost = 0;
        for (int i = 0; i < n; i++) {
            if (!got.get(i)) {
                lost++;
                if (i == 0 || got.get(i - 1)) {
                    runs++;
                }
            }
        }
        if (runs == 0) {
            fail("nothing was lost");
        }
        return (double) lost / runs;
    }

    private static boolean oneBitFromASent(byte[] data, int sent) {
        for (int s = 0; s < sent; s++) {
            byte[] d = datagram(s);
            int bits = 0;
            for (int i = 0; i < d.length && data.length == d.length; i++) {
                bits += Integer.bitCount((d[i] ^ data[i]) & 0xff);
            }
            if (data.length == d.length && bits == 1) {
                return true;
            }
        }
        return false;
    }

    private static byte[] datagram(long seq) {
        return ByteBuffer.allocate(8).putLong(seq).array();
    }

    private static long ms(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting: " + what);
            }
            LockSupport.parkNanos(50_000);
        }
    }
}
