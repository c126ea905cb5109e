package io.throng.packet.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our writer against our reader in both formats, and the reader against corrupt and hostile files. */
class PcapFilesTest {
    @TempDir
    Path dir;

    private List<CapturedFrame> frames() {
        Random r = new Random(7);
        return List.of(0, 1, 60, 1514, 9000).stream().map(n -> {
            byte[] b = new byte[n];
            r.nextBytes(b);
            return new CapturedFrame(Instant.ofEpochSecond(1_700_000_000L + n, 123_456_789), n + 4, CapturedFrame.ETHERNET, b);
        }).toList();
    }

    @Test
    void bothFormatsRoundTripWithNanoseconds() throws IOException {
        for (PcapWriter.Format format : PcapWriter.Format.values()) {
            Path file = dir.resolve("x." + format.name().toLowerCase());
            try (PcapWriter w = PcapWriter.create(file, format, "veth0", 262144)) {
                for (CapturedFrame f : frames()) {
                    w.write(f);
                }
            }
            List<CapturedFrame> back = PcapReader.readAll(file);
            assertEquals(frames().size(), back.size(), format.name());
            for (int i = 0; i < back.size(); i++) {
                CapturedFrame want = frames().get(i), got = back.get(i);
                assertEquals(want.timestamp(), got.timestamp(), format + " frame " + i);
                assertEquals(want.originalLength(), got.originalLength());
                assertArrayEquals(want.data(), got.data());
            }
        }
    }

    /** Records cross the writer's buffer boundary in every way, up to the largest snapshot; longer frames are cut to it. */
    @Test
    void manyAndLargeFramesRoundTripThroughTheBuffer() throws IOException {
        Random r = new Random(11);
        List<CapturedFrame> frames = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            byte[] b = new byte[i == 7 ? 262_144 : i == 8 ? 262_145 : r.nextInt(i % 2 == 0 ? 1600 : 70_000)];
            r.nextBytes(b);
            frames.add(new CapturedFrame(Instant.ofEpochSecond(1_700_000_000L + i, r.nextInt(1_000_000_000)), b.length + i % 3,
                    CapturedFrame.ETHERNET, b));
        }
        for (PcapWriter.Format format : PcapWriter.Format.values()) {
            Path file = dir.resolve("many." + format.name().toLowerCase());
            try (PcapWriter w = PcapWriter.create(file, format, "veth0", 262144)) {
                for (CapturedFrame f : frames) {
                    w.write(f);
                }
            }
            List<CapturedFrame> back = PcapReader.readAll(file);
            assertEquals(frames.size(), back.size(), format.name());
            for (int i = 0; i < back.size(); i++) {
                CapturedFrame want = frames.get(i), got = back.get(i);
                assertEquals(want.timestamp(), got.timestamp(), format + " frame " + i);
                assertEquals(want.originalLength(), got.originalLength(), format + " frame " + i);
                assertArrayEquals(Arrays.copyOf(want.data(), Math.min(want.data().length, 262_144)), got.data(), format + " frame " + i);
            }
        }
    }

    @Test
    void anOversizedRecordIsRefusedBeforeItIsRead() throws IOException {
        Path file = dir.resolve("big.pcap");
        try (PcapWriter w = PcapWriter.create(file, PcapWriter.Format.PCAP, "x", 262144)) {
            w.write(frames().get(2));
        }
        byte[] b = Files.readAllBytes(file);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(24 + 8, 0x7fff0000); // incl_len: 2 GB, with 60 bytes behind it
        PcapFormatException e = assertThrows(PcapFormatException.class, () -> PcapReader.of(new ByteArrayInputStream(b)).next());
        assertTrue(e.getMessage().contains("above the limit"), e.getMessage());
    }

    @Test
    void truncatedAndMutatedFilesThrowOnlyTheFormatError() throws IOException {
        for (PcapWriter.Format format : PcapWriter.Format.values()) {
            Path file = dir.resolve("t." + format);
            try (PcapWriter w = PcapWriter.create(file, format, "veth0", 262144)) {
                for (CapturedFrame f : frames().subList(0, 4)) {
                    w.write(f);
                }
            }
            byte[] whole = Files.readAllBytes(file);
            Random r = new Random(3);
            for (int round = 0; round < 3000; round++) {
                byte[] b = round < whole.length ? Arrays.copyOf(whole, round) : whole.clone();
                if (round >= whole.length || round % 3 == 0) {
                    for (int k = 0; k < 3 && b.length > 0; k++) {
                        b[r.nextInt(b.length)] = (byte) r.nextInt();
                    }
                }
                try (PcapReader reader = PcapReader.of(new ByteArrayInputStream(b))) {
                    while (reader.next() != null) {
                        // read to the end or the first error
                    }
                } catch (PcapFormatException expected) {
                    // the one error allowed
                } catch (RuntimeException e) {
                    throw new AssertionError(format + " round " + round + " threw " + e, e);
                }
            }
        }
    }

    @Test
    void notACaptureFile() {
        assertThrows(PcapFormatException.class, () -> PcapReader.of(new ByteArrayInputStream("GET / HTTP/1.1\r\n".getBytes())));
        assertThrows(PcapFormatException.class, () -> PcapReader.of(new ByteArrayInputStream(new byte[2])));
    }
}
