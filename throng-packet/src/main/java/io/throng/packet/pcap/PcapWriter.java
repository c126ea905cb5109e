package io.throng.packet.pcap;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes Ethernet frames as a pcap file (nanosecond timestamps, magic {@code a1b23c4d}) or a pcapng
 * file (one section, one interface with {@code if_tsresol} 9, enhanced packet blocks), little-endian.
 * Not thread-safe: one capture loop writes.
 */
public final class PcapWriter implements Closeable {
    /** The file formats; {@link #forName} picks one from a file name. */
    public enum Format { PCAP, PCAPNG }

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private final OutputStream out;
    private final Format format;
    private final int snapLength;
    // Records are assembled here and written out in large pieces: a live capture writes 10^5 frames a
    // second, so a frame costs a copy into this buffer and no allocation.
    private final byte[] buffer;
    private final MemorySegment view;
    private int used;

    private PcapWriter(OutputStream out, Format format, String interfaceName, int snapLength) throws IOException {
        this.out = out;
        this.format = format;
        this.snapLength = snapLength;
        this.buffer = new byte[Math.max(1 << 16, 2 * (snapLength + 64))]; // the largest record fits, twice
        this.view = MemorySegment.ofArray(buffer);
        if (format == Format.PCAP) {
            ByteBuffer h = le(24).putInt(0xa1b23c4d).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                    .putInt(snapLength).putInt(CapturedFrame.ETHERNET);
            out.write(h.array());
        } else {
            ByteBuffer shb = le(28).putInt(0x0a0d0d0a).putInt(28).putInt(0x1a2b3c4d).putShort((short) 1).putShort((short) 0)
                    .putLong(-1).putInt(28);
            out.write(shb.array());
            byte[] name = interfaceName.getBytes(StandardCharsets.UTF_8);
            int nameOpt = 4 + pad(name.length), len = 16 + nameOpt + 8 + 4 + 4;
            ByteBuffer idb = le(len).putInt(1).putInt(len).putShort((short) CapturedFrame.ETHERNET).putShort((short) 0).putInt(snapLength);
            idb.putShort((short) 2).putShort((short) name.length).put(name).position(idb.position() + pad(name.length) - name.length);
            idb.putShort((short) 9).putShort((short) 1).put((byte) 9).position(idb.position() + 3); // if_tsresol: 10^-9
            idb.putInt(0).putInt(len); // opt_endofopt, then the block's length again
            out.write(idb.array());
        }
    }

    /** Creates (or truncates) {@code file} in {@code format}; frames are cut to {@code snapLength} bytes. */
    public static PcapWriter create(Path file, Format format, String interfaceName, int snapLength) throws IOException {
        if (snapLength < 1 || snapLength > 1 << 20) {
            throw new IllegalArgumentException("snapshot length " + snapLength + " outside 1..1048576");
        }
        return new PcapWriter(Files.newOutputStream(file), format, interfaceName, snapLength);
    }

    /** PCAPNG for names ending in {@code .pcapng}, else PCAP (tcpdump's {@code -w} default). */
    public static Format forName(Path file) {
        return file.getFileName().toString().endsWith(".pcapng") ? Format.PCAPNG : Format.PCAP;
    }

    /** Appends one frame; {@code data} is what was kept of {@code originalLength} bytes. */
    public void write(CapturedFrame frame) throws IOException {
        write(frame.timestamp().getEpochSecond(), frame.timestamp().getNano(), frame.originalLength(),
                MemorySegment.ofArray(frame.data()));
    }

    /**
     * Appends one frame stamped {@code epochSecond} + {@code nanos}: {@code data}, what was kept of
     * {@code originalLength} bytes (cut to the snapshot length given at creation). Allocates nothing.
     */
    public void write(long epochSecond, int nanos, int originalLength, MemorySegment data) throws IOException {
        int n = (int) Math.min(data.byteSize(), snapLength);
        int record = format == Format.PCAP ? 16 + n : 28 + pad(n) + 4;
        if (used + record > buffer.length) {
            drain();
        }
        int at = used;
        if (format == Format.PCAP) {
            put(at, (int) epochSecond, nanos, n, originalLength);
            MemorySegment.copy(data, 0, view, at + 16, n);
        } else {
            long stamp = epochSecond * 1_000_000_000L + nanos;
            put(at, 6, record, 0, (int) (stamp >>> 32)); // enhanced packet block, interface 0
            view.set(INT, at + 16, (int) stamp);
            view.set(INT, at + 20, n);
            view.set(INT, at + 24, originalLength);
            MemorySegment.copy(data, 0, view, at + 28, n);
            Arrays.fill(buffer, at + 28 + n, at + 28 + pad(n), (byte) 0);
            view.set(INT, at + record - 4, record);
        }
        used += record;
    }

    private void put(long at, int a, int b, int c, int d) {
        view.set(INT, at, a);
        view.set(INT, at + 4, b);
        view.set(INT, at + 8, c);
        view.set(INT, at + 12, d);
    }

    private void drain() throws IOException {
        out.write(buffer, 0, used);
        used = 0;
    }

    /** Pushes buffered frames to the file, so a reader sees every frame written so far. */
    public void flush() throws IOException {
        drain();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        try (out) {
            drain();
        }
    }

    private static int pad(int n) {
        return (n + 3) & ~3;
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
