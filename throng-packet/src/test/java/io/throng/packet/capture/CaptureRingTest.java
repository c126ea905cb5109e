package io.throng.packet.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.throng.packet.filter.Filter;
import io.throng.packet.pcap.CapturedFrame;
import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The ring's contract, on one sender whose order is known: a burst of numbered datagrams, many more
 * small frames than one 512 KiB block holds (about 3,600 each), so the kernel fills and hands over
 * several blocks and the last one only by its timeout. Whether the reader waits out the burst (copies,
 * {@code receive(wait)}) or reads it as it comes (straight from the ring, {@code receive(wait, sink)}),
 * a stop right after the last send must deliver every frame once, in the order sent,
 * and the kernel must count them all and drop none. One socket sending from one thread: each sendto
 * hands the frame to every packet socket before it returns, so the send order is the kernel's order.
 */
class CaptureRingTest {
    private static final int FRAMES = 20_000, PORT = 7000;

    @Test
    void aBurstReadAfterItEndsArrivesWholeAndInOrder() throws Exception {
        drainAfter(FRAMES);
    }

    /**
     * A hundred frames, all in the block the kernel is still filling when the drain starts at once (its
     * timer hands the block over up to 1 s later): a drain that gave up on it would return none.
     */
    @Test
    void aDrainRightAfterAFewFramesWaitsForTheBlockTheKernelIsFilling() throws Exception {
        drainAfter(100);
    }

    private static void drainAfter(int count) throws Exception {
        try (Veth veth = Veth.create("pktring", 73);
                PacketCapture capture = PacketCapture.open(veth.hostEnd, Filter.compile("udp dst port " + PORT, 262144), 262144)) {
            burst(veth, count);
            List<CapturedFrame> frames = new ArrayList<>();
            for (CapturedFrame f; (f = capture.receive(false)) != null; ) {
                frames.add(f);
            }
            assertNumbered(frames, count);
            assertEquals(new CaptureStatistics(count, 0), capture.statistics());
        }
    }

    @Test
    void aReaderStoppedRightAfterTheBurstMissesNothing() throws Exception {
        try (Veth veth = Veth.create("pktring", 73);
                PacketCapture capture = PacketCapture.open(veth.hostEnd, Filter.compile("udp dst port " + PORT, 262144), 262144)) {
            List<CapturedFrame> frames = new ArrayList<>();
            AtomicBoolean stop = new AtomicBoolean();
            Exception[] failure = new Exception[1];
            Thread reader = Thread.ofPlatform().start(() -> {
                try {
                    // straight from the ring, as throng capture -w reads it
                    PacketCapture.FrameSink copy = (seconds, nanos, length, data) -> frames.add(
                            new CapturedFrame(Instant.ofEpochSecond(seconds, nanos), length, CapturedFrame.ETHERNET, data.toArray(ValueLayout.JAVA_BYTE)));
                    while (!stop.get()) {
                        capture.receive(true, copy);
                    }
                    while (capture.receive(false, copy)) { // the stop: drain
                    }
                } catch (IOException e) {
                    failure[0] = e;
                }
            });
            burst(veth, FRAMES);
            stop.set(true);
            reader.join();
            if (failure[0] != null) {
                throw failure[0];
            }
            assertNumbered(frames, FRAMES);
            assertEquals(new CaptureStatistics(FRAMES, 0), capture.statistics());
        }
    }

    /** Sends {@code count} datagrams numbered 0.. to the far end, its address resolved first so none waits on ARP. */
    private static void burst(Veth veth, int count) throws IOException, InterruptedException {
        Veth.must("ping", "-c", "1", "-W", "5", veth.there4);
        InetSocketAddress to = new InetSocketAddress(veth.there4, PORT);
        try (DatagramChannel ch = DatagramChannel.open()) { // not connected: the port unreachable replies do not fail it
            ByteBuffer b = ByteBuffer.allocate(8);
            for (int i = 0; i < count; i++) {
                ch.send(b.clear().putLong(0, i), to);
            }
        }
    }

    /** Exactly {@code count} frames carrying 0, 1, 2… at the end of the UDP payload (8 bytes, after 42 of headers). */
    private static void assertNumbered(List<CapturedFrame> frames, int count) {
        for (int i = 0; i < frames.size(); i++) {
            byte[] d = frames.get(i).data();
            long n = ByteBuffer.wrap(d, d.length - 8, 8).getLong();
            if (n != i) {
                fail("frame " + i + " of " + frames.size() + " carries number " + n);
            }
        }
        assertEquals(count, frames.size(), "frames delivered");
    }
}
