package io.throng.load.ws;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The header every load message carries, so that whoever receives it can measure it without shared state:
 * the intended and actual send times ({@link System#nanoTime()}, which on Linux is CLOCK_MONOTONIC and so
 * comparable between processes on one machine), the sender's id and the sender's sequence number. Binary
 * messages carry it as 28 big-endian bytes, text messages as 56 lower-case hex digits; the rest of the message
 * is filler.
 *
 * @param intended when the message was due (the open model's schedule; the send time in the closed model)
 * @param sent when it was handed to the connection
 * @param sender who sent it (fan-out), 0 for echo
 * @param seq the sender's sequence number, from 0
 */
public record Stamp(long intended, long sent, int sender, long seq) {
    private static final int BINARY_SIZE = 8 + 8 + 4 + 8;
    private static final int TEXT_SIZE = 2 * BINARY_SIZE;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** The smallest message that can carry a stamp. */
    public static int minimumSize(boolean binary) {
        return binary ? BINARY_SIZE : TEXT_SIZE;
    }

    /** A binary message of {@code size} bytes: the stamp, then zeros. */
    public ByteBuffer toBinary(int size) {
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putLong(intended).putLong(sent).putInt(sender).putLong(seq);
        return b.clear();
    }

    /** A text message of {@code size} ASCII characters: the stamp in hex, then {@code x}. */
    public String toText(int size) {
        byte[] t = new byte[size];
        hex(t, 0, intended, 16);
        hex(t, 16, sent, 16);
        hex(t, 32, sender & 0xffffffffL, 8);
        hex(t, 40, seq, 16);
        Arrays.fill(t, TEXT_SIZE, size, (byte) 'x');
        return new String(t, StandardCharsets.US_ASCII);
    }

    /** Reads the stamp of a binary message without consuming it. */
    public static Stamp of(ByteBuffer message) {
        if (message.remaining() < BINARY_SIZE) {
            throw new IllegalArgumentException("message too short for a stamp: " + message.remaining() + " bytes");
        }
        int p = message.position();
        return new Stamp(message.getLong(p), message.getLong(p + 8), message.getInt(p + 16), message.getLong(p + 20));
    }

    /** Reads the stamp of a text message. */
    public static Stamp of(String message) {
        if (message.length() < TEXT_SIZE) {
            throw new IllegalArgumentException("message too short for a stamp: " + message.length() + " characters");
        }
        return new Stamp(unhex(message, 0, 16), unhex(message, 16, 16), (int) unhex(message, 32, 8),
                unhex(message, 40, 16));
    }

    private static void hex(byte[] out, int at, long v, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            out[at + i] = HEX[(int) (v & 0xf)];
            v >>>= 4;
        }
    }

    private static long unhex(String s, int at, int digits) {
        long v = 0;
        for (int i = at; i < at + digits; i++) {
            int d = Character.digit(s.charAt(i), 16);
            if (d < 0) {
                throw new IllegalArgumentException("not a stamp: " + s.substring(0, Math.min(s.length(), TEXT_SIZE)));
            }
            v = v << 4 | d;
        }
        return v;
    }
}
