package io.throng.packet.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.packet.MacAddress;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The forwarding rules against fake ports that record what they were given, with a clock the test moves. */
class ForwarderTest {
    private static final long A = 0x02_00_00_00_00_0aL, B = 0x02_00_00_00_00_0bL, C = 0x02_00_00_00_00_0cL;
    private static final long BROADCAST = 0xff_ff_ff_ff_ff_ffL, IPV6_ND = 0x33_33_ff_00_00_0bL;

    private static final class FakePort implements Port {
        final String name;
        final List<byte[]> sent = new ArrayList<>();
        boolean refuse;

        FakePort(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean send(MemorySegment frame, int length) {
            if (refuse) {
                return false;
            }
            sent.add(frame.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE));
            return true;
        }

        List<byte[]> take() {
            List<byte[]> out = List.copyOf(sent);
            sent.clear();
            return out;
        }
    }

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<FakePort> ports = List.of(new FakePort("p0"), new FakePort("p1"), new FakePort("p2"));

    private Forwarder forwarder(int maxMacs, Duration aging) {
        return new Forwarder(ports, new BridgeOptions(maxMacs, aging, now::get));
    }

    private static byte[] frame(long destination, long source, int payload) {
        byte[] f = new byte[14 + payload];
        System.arraycopy(new MacAddress(destination).bytes(), 0, f, 0, 6);
        System.arraycopy(new MacAddress(source).bytes(), 0, f, 6, 6);
        f[12] = 0x08; // IPv4, not that it matters
        for (int i = 14; i < f.length; i++) {
            f[i] = (byte) i;
        }
        return f;
    }

    private static void in(Forwarder f, int port, byte[] frame) {
        f.forward(port, MemorySegment.ofArray(frame), frame.length, frame.length);
    }

    /** How many frames each port was sent since the last call (and that each is the frame given). */
    private List<Integer> sentCounts(byte[] expected) {
        List<Integer> counts = new ArrayList<>();
        for (FakePort p : ports) {
            List<byte[]> got = p.take();
            for (byte[] g : got) {
                assertEquals(HexFormat.of().formatHex(expected), HexFormat.of().formatHex(g), "frame sent out of " + p.name);
            }
            counts.add(got.size());
        }
        return counts;
    }

    @Test
    void unknownUnicastBroadcastAndMulticastFloodToAllButTheIngressPort() {
        Forwarder f = forwarder(16, Duration.ofSeconds(300));
        for (long destination : new long[] {B, BROADCAST, IPV6_ND}) {
            byte[] fr = frame(destination, A, 50);
            in(f, 0, fr);
            assertEquals(List.of(0, 1, 1), sentCounts(fr), Long.toHexString(destination));
        }
        byte[] fromC = frame(BROADCAST, C, 10);
        in(f, 2, fromC);
        assertEquals(List.of(1, 1, 0), sentCounts(fromC));
        PortStatistics p0 = f.statistics().ports().get(0);
        assertEquals(3, p0.rxFrames());
        assertEquals(3 * 64, p0.rxBytes());
        assertEquals(3, p0.flooded());
        assertEquals(1, p0.txFrames());
        assertEquals(24, p0.txBytes());
    }

    @Test
    void knownUnicastGoesToItsOnePortAndTrafficWithinAPortIsFiltered() {
        Forwarder f = forwarder(16, Duration.ofSeconds(300));
        in(f, 0, frame(BROADCAST, A, 0));
        in(f, 1, frame(BROADCAST, B, 0));
        ports.forEach(FakePort::take);
        byte[] aToB = frame(B, A, 100);
        in(f, 0, aToB);
        assertEquals(List.of(0, 1, 0), sentCounts(aToB));
        // a second station behind port 0 talks to A: the frame stays on that segment
        long a2 = 0x02_00_00_00_01_0aL;
        byte[] a2ToA = frame(A, a2, 10);
        in(f, 0, a2ToA);
        assertEquals(List.of(0, 0, 0), sentCounts(a2ToA));
        BridgeStatistics s = f.statistics();
        assertEquals(1, s.ports().get(0).filtered());
        assertEquals(3, s.macs());
        assertEquals(Map.of(new MacAddress(A), "p0", new MacAddress(B), "p1", new MacAddress(a2), "p0"), f.stations());
    }

    @Test
    void aStationThatMovesIsRelearnedOnItsFirstFrame() {
        Forwarder f = forwarder(16, Duration.ofSeconds(300));
        in(f, 0, frame(BROADCAST, A, 0));
        in(f, 1, frame(BROADCAST, B, 0));
        in(f, 2, frame(BROADCAST, A, 0)); // A now behind port 2
        ports.forEach(FakePort::take);
        byte[] bToA = frame(A, B, 20);
        in(f, 1, bToA);
        assertEquals(List.of(0, 0, 1), sentCounts(bToA));
        assertEquals(1, f.statistics().moved());
        assertEquals("p2", f.stations().get(new MacAddress(A)));
    }

    @Test
    void entriesAgeOutAndFloodingResumesAndTrafficKeepsThemAlive() {
        Forwarder f = forwarder(16, Duration.ofSeconds(300));
        in(f, 0, frame(BROADCAST, A, 0));
        in(f, 1, frame(BROADCAST, B, 0));
        ports.forEach(FakePort::take);
        now.addAndGet(Duration.ofSeconds(299).toNanos());
        in(f, 0, frame(B, A, 0)); // A refreshed at 299 s; B last heard at 0 s, still known
        assertEquals(List.of(0, 1, 0), sentCounts(frame(B, A, 0)));
        now.addAndGet(Duration.ofSeconds(1).toNanos()); // B is 300 s old: gone; A is 1 s old
        byte[] cToB = frame(B, C, 0);
        in(f, 2, cToB);
        assertEquals(List.of(1, 1, 0), sentCounts(cToB), "B aged out: flooded");
        byte[] cToA = frame(A, C, 0);
        in(f, 2, cToA);
        assertEquals(List.of(1, 0, 0), sentCounts(cToA), "A was refreshed: still known");
        BridgeStatistics s = f.statistics();
        assertEquals(1, s.aged());
        assertEquals(2, s.macs()); // A and C
        now.addAndGet(Duration.ofSeconds(301).toNanos());
        f.expire();
        assertEquals(0, f.statistics().macs(), "without traffic the table empties");
        assertEquals(3, f.statistics().aged());
    }

    @Test
    void theTableStaysWithinItsBoundEvictingTheLeastRecentlyHeard() {
        Forwarder f = forwarder(100, Duration.ofSeconds(300));
        in(f, 1, frame(BROADCAST, B, 0));
        Random random = new Random(21);
        for (int i = 0; i < 10_000; i++) {
            long forged = random.nextLong() & 0xfe_ff_ff_ff_ff_ffL | 0x02_00_00_00_00_00L; // locally administered unicast
            in(f, 0, frame(BROADCAST, forged, 0));
            if (i % 50 == 0) {
                in(f, 1, frame(BROADCAST, B, 0)); // B keeps talking
            }
            now.addAndGet(1000);
        }
        BridgeStatistics s = f.statistics();
        assertEquals(100, s.macs());
        assertTrue(s.evicted() >= 10_000 + 1 - 100, "evicted " + s.evicted());
        assertEquals(s.learned() - s.evicted(), s.macs());
        ports.forEach(FakePort::take);
        byte[] toB = frame(B, A, 0);
        in(f, 0, toB);
        assertEquals(List.of(0, 1, 0), sentCounts(toB), "B, heard recently, survived the flood");
    }

    @Test
    void truncatedRuntAndGroupOrZeroSourceFramesAreDroppedUnlearned() {
        Forwarder f = forwarder(16, Duration.ofSeconds(300));
        byte[] big = frame(BROADCAST, A, 1500);
        f.forward(0, MemorySegment.ofArray(big), big.length, 9000); // the wire had 9000 bytes, the buffer kept 1514
        in(f, 0, new byte[13]);
        in(f, 0, frame(BROADCAST, BROADCAST, 0));
        in(f, 0, frame(BROADCAST, 0x01_00_5e_00_00_01L, 0));
        in(f, 0, frame(BROADCAST, 0, 0));
        assertEquals(List.of(0, 0, 0), sentCounts(null));
        BridgeStatistics s = f.statistics();
        PortStatistics p0 = s.ports().get(0);
        assertEquals(5, p0.rxFrames());
        assertEquals(5, p0.dropped());
        assertEquals(1, p0.truncated());
        assertEquals(0, s.macs());
    }

    @Test
    void aRefusedSendIsCountedAsDroppedOnTheEgressPortAndTheOthersStillGetTheFrame() {
        Forwarder f = forwarder(16, Duration.ofSeconds(300));
        ports.get(1).refuse = true;
        byte[] fr = frame(BROADCAST, A, 0);
        in(f, 0, fr);
        assertEquals(List.of(0, 0, 1), sentCounts(fr));
        assertEquals(1, f.statistics().ports().get(1).dropped());
        assertEquals(0, f.statistics().ports().get(1).txFrames());
    }

    @Test
    void badOptionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new BridgeOptions(0, Duration.ofSeconds(1), System::nanoTime));
        assertThrows(IllegalArgumentException.class, () -> new BridgeOptions(1, Duration.ZERO, System::nanoTime));
        assertThrows(IllegalArgumentException.class, () -> new Forwarder(ports.subList(0, 1), BridgeOptions.defaults()));
    }
}
