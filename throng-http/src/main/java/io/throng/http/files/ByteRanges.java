package io.throng.http.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The {@code Range} header of a GET for a file (RFC 9110 14.1 and 14.2), and the
 * {@code multipart/byteranges} body that answers several ranges (RFC 9110 14.6).
 *
 * <p>A range set the server will not honour is ignored, and the whole file is sent with 200, as the RFC
 * allows: a malformed header, and, for several ranges, more than {@value #MAX_RANGES} of them or ranges
 * that overlap. The last two are the classic amplification attacks (Apache's CVE-2011-3192 asked for
 * {@code 0-,0-,0-,...}): one small request must never make the server send the file many times over.
 */
final class ByteRanges {
    /** More ranges than this in one request is not a real client. */
    static final int MAX_RANGES = 16;

    /** One satisfiable range, both ends inclusive. */
    record Range(long first, long last) {
        long length() {
            return last - first + 1;
        }
    }

    /** What to do with a Range header: {@code ranges} empty means 416; {@code null} from parse means 200. */
    record Set(List<Range> ranges) {
        boolean unsatisfiable() {
            return ranges.isEmpty();
        }
    }

    private static final Set UNSATISFIABLE = new Set(List.of());

    /**
     * Parses a range set ("bytes=a-b", "bytes=a-", "bytes=-n", comma-separated) against {@code size}.
     *
     * @return the ranges to send in the order asked (empty if none is satisfiable: 416), or null to ignore
     *     the header and send the whole file
     */
    static Set parse(String header, long size) {
        if (!header.startsWith("bytes=")) {
            return null;
        }
        List<Range> ranges = new ArrayList<>();
        int specs = 0;
        for (String spec : header.substring(6).split(",", -1)) {
            if (spec.isBlank()) {
                continue; // empty list elements are ignored (RFC 9110 5.6.1.2)
            }
            specs++;
            Range r;
            try {
                r = one(spec.strip(), size);
            } catch (NumberFormatException e) {
                return null;
            }
            if (r == MALFORMED) {
                return null;
            }
            if (r != null) {
                ranges.add(r);
            }
        }
        if (specs == 0) {
            return null;
        }
        if (ranges.isEmpty()) {
            return UNSATISFIABLE;
        }
        if (ranges.size() > 1 && (ranges.size() > MAX_RANGES || overlap(ranges))) {
            return null;
        }
        return new Set(List.copyOf(ranges));
    }

    private static final Range MALFORMED = new Range(-1, -1);

    /** One range-spec: the range, null if unsatisfiable, or MALFORMED. */
    private static Range one(String spec, long size) {
        int dash = spec.indexOf('-');
        if (dash < 0 || !digitsOnly(spec, 0, dash) || !digitsOnly(spec, dash + 1, spec.length())) {
            return MALFORMED;
        }
        String a = spec.substring(0, dash);
        String b = spec.substring(dash + 1);
        if (a.isEmpty()) {
            if (b.isEmpty()) {
                return MALFORMED;
            }
            long n = Long.parseLong(b);
            return n == 0 || size == 0 ? null : new Range(Math.max(0, size - n), size - 1);
        }
        long first = Long.parseLong(a);
        if (!b.isEmpty() && Long.parseLong(b) < first) {
            return MALFORMED;
        }
        if (first >= size) {
            return null;
        }
        long last = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
        return new Range(first, last);
    }

    private static boolean digitsOnly(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean overlap(List<Range> ranges) {
        List<Range> sorted = new ArrayList<>(ranges);
        sorted.sort((x, y) -> Long.compare(x.first(), y.first()));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).first() <= sorted.get(i - 1).last()) {
                return true;
            }
        }
        return false;
    }

    /** A boundary that no file will contain by chance: 24 random hex digits. */
    static String boundary() {
        byte[] b = new byte[12];
        ThreadLocalRandom.current().nextBytes(b);
        return "THRONG-" + HexFormat.of().formatHex(b);
    }

    /** Writes the {@code multipart/byteranges} body of {@code ranges} of {@code file} to {@code out}. */
    static void writeMultipart(OutputStream out, Path file, long size, String contentType, List<Range> ranges,
                               String boundary) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            for (Range r : ranges) {
                out.write(ascii("--" + boundary + "\r\nContent-Type: " + contentType + "\r\nContent-Range: bytes "
                        + r.first() + "-" + r.last() + "/" + size + "\r\n\r\n"));
                long pos = r.first();
                long end = r.last() + 1;
                while (pos < end) {
                    buf.clear().limit((int) Math.min(buf.capacity(), end - pos));
                    int n = channel.read(buf, pos);
                    if (n < 0) {
                        throw new IOException("file shrank while being sent");
                    }
                    out.write(buf.array(), 0, n);
                    pos += n;
                }
                out.write(ascii("\r\n"));
            }
            out.write(ascii("--" + boundary + "--\r\n"));
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private ByteRanges() {}
}
