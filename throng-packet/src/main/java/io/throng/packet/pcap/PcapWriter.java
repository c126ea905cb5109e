package io.throng.packet.pcap;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes Ethernet frames as a pcap file (nanosecond timestamps, magic {@code a1b23c4d}) or a pcapng
 * file (one section, one interface with {@code if_tsresol} 9, enhanced packet blocks), little-endian.
 * Not thread-safe: one capture loop writes.
 */
public final class PcapWriter implements Closeable {
    /** The file formats; {@link #forName} picks one from a file name. */
    public enum Format { PCAP, PCAPNG }

    private final OutputStream out;
    private final Format format;

    private PcapWriter(OutputStream out, Format format, String interfaceName, int snapLength) throws IOException {
        this.out = out;
        this.format = format;
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

    /** Creates (or truncates) {@code file} in {@code format}. */
    public static PcapWriter create(Path file, Format format, String interfaceName, int snapLength) throws IOException {
        return new PcapWriter(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), format, interfaceName, snapLength);
    }

    /** PCAPNG for names ending in {@code .pcapng}, else PCAP (tcpdump's {@code -w} default). */
    public static Format forName(Path file) {
        return file.getFileName().toString().endsWith(".pcapng") ? Format.PCAPNG : Format.PCAP;
    }

    /** Appends one frame; {@code data} is what was kept of {@code originalLength} bytes. */
    public void write(CapturedFrame frame) throws IOException {
        byte[] data = frame.data();
        long nanos = frame.timestamp().getEpochSecond() * 1_000_000_000L + frame.timestamp().getNano();
        if (format == Format.PCAP) {
            out.write(le(16).putInt((int) frame.timestamp().getEpochSecond()).putInt(frame.timestamp().getNano())
                    .putInt(data.length).putInt(frame.originalLength()).array());
            out.write(data);
        } else {
            int len = 28 + pad(data.length) + 4;
            out.write(le(28).putInt(6).putInt(len).putInt(0).putInt((int) (nanos >>> 32)).putInt((int) nanos)
                    .putInt(data.length).putInt(frame.originalLength()).array());
            out.write(data);
            out.write(new byte[pad(data.length) - data.length]);
            out.write(le(4).putInt(len).array());
        }
    }

    /** Pushes buffered frames to the file, so a reader sees every frame written so far. */
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    private static int pad(int n) {
        return (n + 3) & ~3;
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
