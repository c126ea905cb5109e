package io.throng.mongrel.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growing byte buffer that writes JSON strings (RFC 8259 §7), raw text and decimals; the head and
 * headers of a request message. Reusable: {@link #clear()} keeps the buffer.
 */
final class JsonOut {
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final int INITIAL = 256;
    /** The most a reused buffer keeps: a typical request's head and headers fit many times over. */
    private static final int KEPT = 16 << 10;
    private byte[] buf = new byte[INITIAL];
    private int size;

    /** Empties the buffer for reuse; one grown past {@link #KEPT} by a large message is let go, not kept. */
    JsonOut clear() {
        size = 0;
        if (buf.length > KEPT) {
            buf = new byte[INITIAL];
        }
        return this;
    }

    /** {@code s} as UTF-8, unquoted (as {@code getBytes(UTF_8)} encodes it). */
    void raw(String s) {
        int n = s.length();
        reserve(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                add(s.getBytes(StandardCharsets.UTF_8)); // not ASCII after all: the JDK's encoder, over what was copied
                return;
            }
            buf[size + i] = (byte) c;
        }
        size += n;
    }

    /** {@code n} (not negative) in decimal. */
    void decimal(long n) {
        reserve(digits(n));
        size = decimal(n, buf, size);
    }

    /** How many decimal digits {@code n} (not negative) has. */
    static int digits(long n) {
        int d = 1;
        while (n >= 10) {
            n /= 10;
            d++;
        }
        return d;
    }

    /** Writes {@code n} (not negative) in decimal into {@code to} at {@code at}; returns the index after it. */
    static int decimal(long n, byte[] to, int at) {
        int end = at + digits(n);
        for (int i = end - 1; i >= at; i--) {
            to[i] = (byte) ('0' + n % 10);
            n /= 10;
        }
        return end;
    }

    /** Room for {@code n} more bytes. */
    private void reserve(int n) {
        if (size + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(size * 2, size + n));
        }
    }

    void add(int b) {
        if (size == buf.length) {
            buf = Arrays.copyOf(buf, size * 2);
        }
        buf[size++] = (byte) b;
    }

    void add(byte[] bytes) {
        reserve(bytes.length);
        System.arraycopy(bytes, 0, buf, size, bytes.length);
        size += bytes.length;
    }

    /**
     * Quote and backslash escaped, control characters as Jackson escapes them (backslash and b, t, n, f or r,
     * else backslash-u00XX), surrogates (the halves of a
     * character outside the BMP) escaped as well, everything else as UTF-8.
     */
    void string(String s) {
        add('"');
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                escape(c); // as Jackson writes a character outside the BMP: both halves escaped
            } else if (c >= 0x80) {
                int j = i + 1;
                while (j < n && s.charAt(j) >= 0x80 && !Character.isSurrogate(s.charAt(j))) {
                    j++;
                }
                add(s.substring(i, j).getBytes(StandardCharsets.UTF_8));
                i = j - 1;
            } else if (c == '"' || c == '\\') {
                shortEscape(c);
            } else if (c >= 0x20) {
                add(c);
            } else {
                switch (c) {
                    case '\b' -> shortEscape('b');
                    case '\t' -> shortEscape('t');
                    case '\n' -> shortEscape('n');
                    case '\f' -> shortEscape('f');
                    case '\r' -> shortEscape('r');
                    default -> escape(c);
                }
            }
        }
        add('"');
    }

    private void shortEscape(char c) {
        add('\\');
        add(c);
    }

    private void escape(char c) {
        add('\\');
        add('u');
        add(HEX[c >> 12]);
        add(HEX[(c >> 8) & 15]);
        add(HEX[(c >> 4) & 15]);
        add(HEX[c & 15]);
    }

    int size() {
        return size;
    }

    /** Copies {@code length} bytes written from {@code from} into {@code to} at {@code at}. */
    void copyTo(int from, int length, byte[] to, int at) {
        System.arraycopy(buf, from, to, at, length);
    }
}
