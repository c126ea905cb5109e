package io.throng.mongrel.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growing byte buffer that writes JSON strings (RFC 8259 §7); the headers of a request message. */
final class JsonOut {
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private byte[] buf = new byte[256];
    private int size;

    void add(int b) {
        if (size == buf.length) {
            buf = Arrays.copyOf(buf, size * 2);
        }
        buf[size++] = (byte) b;
    }

    void add(byte[] bytes) {
        if (size + bytes.length > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(size * 2, size + bytes.length));
        }
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

    byte[] bytes() {
        return Arrays.copyOf(buf, size);
    }

    int size() {
        return size;
    }

    /** Copies what was written into {@code to} at {@code at}, without the copy {@link #bytes()} makes. */
    void copyTo(byte[] to, int at) {
        System.arraycopy(buf, 0, to, at, size);
    }
}
