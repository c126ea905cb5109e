package io.throng.packet.pcap;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads pcap (microsecond or nanosecond, either byte order) and pcapng files (any number of sections
 * and interfaces, enhanced, simple and obsolete packet blocks; other blocks are skipped), one frame at a
 * time. A length field above {@link #MAX_BLOCK} is refused before anything it announces is read, so a
 * corrupt or hostile file cannot make the reader allocate what it claims.
 *
 * <pre>{@code
 * try (PcapReader r = PcapReader.open(path)) {
 *     for (CapturedFrame f; (f = r.next()) != null; ) { ... f.ethernet() ... }
 * }
 * }</pre>
 */
public final class PcapReader implements Closeable {
    /** The largest frame or block accepted: tcpdump's largest snapshot length (256 KiB) with room for a block's header. */
    public static final int MAX_BLOCK = 262_144 + 4096;

    private static final int SHB = 0x0a0d0d0a, IDB = 1, OBSOLETE_PB = 2, SPB = 3, EPB = 6;

    private final InputStream in;
    private final boolean pcapng;
    private ByteOrder order;
    /** pcap: units of the fractional timestamp per second. */
    private long pcapUnits;
    private int pcapLinkType;
    /** pcapng: the interfaces of the current section, in order of their description blocks. */
    private final List<Interface> interfaces = new ArrayList<>();

    private record Interface(int linkType, BigInteger unitsPerSecond) {}

    private PcapReader(InputStream in) throws IOException {
        this.in = in;
        byte[] magic = in.readNBytes(4);
        if (magic.length < 4) {
            throw new PcapFormatException("not a capture file: " + magic.length + " bytes");
        }
        int be = ByteBuffer.wrap(magic).getInt();
        switch (be) {
            case 0xa1b2c3d4 -> pcap(ByteOrder.BIG_ENDIAN, 1_000_000);
            case 0xd4c3b2a1 -> pcap(ByteOrder.LITTLE_ENDIAN, 1_000_000);
            case 0xa1b23c4d -> pcap(ByteOrder.BIG_ENDIAN, 1_000_000_000);
            case 0x4d3cb2a1 -> pcap(ByteOrder.LITTLE_ENDIAN, 1_000_000_000);
            case SHB -> {
                section();
            }
            default -> throw new PcapFormatException(String.format("not a pcap or pcapng file (magic %08x)", be));
        }
        this.pcapng = be == SHB;
    }

    /** Opens {@code file}; the reader owns the stream. */
    public static PcapReader open(Path file) throws IOException {
        return of(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
    }

    /** Reads from {@code in}, which the reader closes. */
    public static PcapReader of(InputStream in) throws IOException {
        try {
            return new PcapReader(in);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Every frame of {@code file}. */
    public static List<CapturedFrame> readAll(Path file) throws IOException {
        List<CapturedFrame> frames = new ArrayList<>();
        try (PcapReader r = open(file)) {
            for (CapturedFrame f; (f = r.next()) != null; ) {
                frames.add(f);
            }
        }
        return frames;
    }

    private void pcap(ByteOrder order, long units) throws IOException {
        this.order = order;
        this.pcapUnits = units;
        ByteBuffer h = read(20, "pcap header");
        h.getShort();
        h.getShort();
        h.getInt();
        h.getInt();
        h.getInt(); // snaplen: frames are checked one by one
        pcapLinkType = h.getInt() & 0x0fffffff; // the high bits carry FCS information
    }

    /** Reads a section header block after its type: the byte-order magic decides the order of everything after it. */
    private void section() throws IOException {
        byte[] lenBytes = readExactly(4, "section header");
        byte[] bom = readExactly(4, "section header");
        int asBig = ByteBuffer.wrap(bom).getInt();
        if (asBig == 0x1a2b3c4d) {
            order = ByteOrder.BIG_ENDIAN;
        } else if (asBig == 0x4d3c2b1a) {
            order = ByteOrder.LITTLE_ENDIAN;
        } else {
            throw new PcapFormatException(String.format("pcapng section with byte-order magic %08x", asBig));
        }
        int len = ByteBuffer.wrap(lenBytes).order(order).getInt();
        checkBlockLength(len, 28);
        read(len - 12, "section header"); // version, section length, options, trailing length
        interfaces.clear();
    }

    /** The next frame, or null at the end of the file. */
    public CapturedFrame next() throws IOException {
        return pcapng ? nextBlock() : nextRecord();
    }

    private CapturedFrame nextRecord() throws IOException {
        byte[] first = in.readNBytes(16);
        if (first.length == 0) {
            return null;
        }
        if (first.length < 16) {
            throw new PcapFormatException("record header truncated: " + first.length + " of 16 bytes");
        }
        ByteBuffer h = ByteBuffer.wrap(first).order(order);
        long seconds = h.getInt() & 0xffffffffL, fraction = h.getInt() & 0xffffffffL;
        int captured = h.getInt(), original = h.getInt();
        if (captured < 0 || captured > MAX_BLOCK) {
            throw new PcapFormatException("record of " + Integer.toUnsignedString(captured) + " bytes, above the limit of " + MAX_BLOCK);
        }
        byte[] data = readExactly(captured, "record");
        return new CapturedFrame(Instant.ofEpochSecond(seconds, fraction * (1_000_000_000L / pcapUnits)), original, pcapLinkType, data);
    }

    private CapturedFrame nextBlock() throws IOException {
        while (true) {
            byte[] typeBytes = in.readNBytes(4);
            if (typeBytes.length == 0) {
                return null;
            }
            if (typeBytes.length < 4) {
                throw new PcapFormatException("block header truncated");
            }
            int type = ByteBuffer.wrap(typeBytes).order(order).getInt();
            if (type == SHB) {
                section();
                continue;
            }
            int len = read(4, "block header").getInt();
            checkBlockLength(len, 12);
            ByteBuffer body = read(len - 8, "block");
            body.limit(len - 12);
            switch (type) {
                case IDB -> interfaces.add(interfaceDescription(body));
                case EPB -> {
                    return packet(body, body.getInt(), body.getInt(), body.getInt());
                }
                case OBSOLETE_PB -> {
                    int id = body.getShort() & 0xffff;
                    body.getShort();
                    return packet(body, id, body.getInt(), body.getInt());
                }
                case SPB -> {
                    int original = body.getInt();
                    byte[] data = new byte[Math.min(original < 0 ? Integer.MAX_VALUE : original, body.remaining())];
                    body.get(data);
                    return new CapturedFrame(Instant.EPOCH, original, linkType(0), data);
                }
                default -> { } // name resolution, statistics, custom blocks: not frames
            }
        }
    }

    private CapturedFrame packet(ByteBuffer body, int interfaceId, int high, int low) throws PcapFormatException {
        if (body.remaining() < 8) {
            throw new PcapFormatException("packet block too short");
        }
        int captured = body.getInt(), original = body.getInt();
        if (captured < 0 || captured > body.remaining()) {
            throw new PcapFormatException("packet block claims " + Integer.toUnsignedString(captured) + " bytes, holds " + body.remaining());
        }
        byte[] data = new byte[captured];
        body.get(data);
        int linkType = linkType(interfaceId);
        BigInteger units = interfaces.get(interfaceId).unitsPerSecond();
        BigInteger[] split = BigInteger.valueOf(((long) high << 32) | (low & 0xffffffffL)).and(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE))
                .divideAndRemainder(units);
        long nanos = split[1].multiply(BigInteger.valueOf(1_000_000_000L)).divide(units).longValue();
        if (split[0].bitLength() > 62) {
            throw new PcapFormatException("timestamp out of range");
        }
        return new CapturedFrame(Instant.ofEpochSecond(split[0].longValue(), nanos), original, linkType, data);
    }

    private int linkType(int interfaceId) throws PcapFormatException {
        if (interfaceId < 0 || interfaceId >= interfaces.size()) {
            throw new PcapFormatException("packet for interface " + interfaceId + " of " + interfaces.size() + " described");
        }
        return interfaces.get(interfaceId).linkType();
    }

    private Interface interfaceDescription(ByteBuffer body) throws PcapFormatException {
        if (body.remaining() < 8) {
            throw new PcapFormatException("interface description block too short");
        }
        int linkType = body.getShort() & 0xffff;
        body.getShort();
        body.getInt();
        BigInteger units = BigInteger.valueOf(1_000_000);
        while (body.remaining() >= 4) {
            int code = body.getShort() & 0xffff, len = body.getShort() & 0xffff;
            if (code == 0) {
                break;
            }
            int padded = (len + 3) & ~3;
            if (padded > body.remaining()) {
                throw new PcapFormatException("interface option overruns its block");
            }
            if (code == 9 && len >= 1) {
                int v = body.get(body.position()) & 0xff;
                units = (v & 0x80) == 0 ? BigInteger.TEN.pow(v & 0x7f) : BigInteger.TWO.pow(v & 0x7f);
                if ((v & 0x7f) > 30 && (v & 0x80) == 0 || (v & 0x7f) > 100) {
                    throw new PcapFormatException("timestamp resolution out of range: " + v);
                }
            }
            body.position(body.position() + padded);
        }
        return new Interface(linkType, units);
    }

    private static void checkBlockLength(int len, int min) throws PcapFormatException {
        if (len < min || len > MAX_BLOCK || len % 4 != 0) {
            throw new PcapFormatException("block length " + Integer.toUnsignedString(len) + " outside " + min + ".." + MAX_BLOCK + " or not a multiple of 4");
        }
    }

    private ByteBuffer read(int n, String what) throws IOException {
        return ByteBuffer.wrap(readExactly(n, what)).order(order);
    }

    private byte[] readExactly(int n, String what) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new PcapFormatException(what + " truncated: " + b.length + " of " + n + " bytes");
        }
        return b;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
