package io.throng.packet.probe;

import io.throng.packet.IcmpMessage;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What ping and traceroute share: the random token that starts every probe's payload, and the one
 * rule that says whether a message answers a probe of ours.
 *
 * <p>Every raw ICMP socket on the host gets a copy of every echo reply and error, so the ICMP id (or
 * the UDP source port) alone is not enough: two probers can pick the same 16 bits. The token, eight
 * random bytes per prober, comes back in an echo reply's data and in the part of the probe an error
 * quotes (Linux quotes up to 576 bytes; a router that quotes only the 8 bytes RFC 792 asks for is
 * matched on id, sequence and destination alone).
 */
final class Probes {
    static final int TOKEN = 8;

    private Probes() {}

    static byte[] token() {
        byte[] t = new byte[TOKEN];
        ThreadLocalRandom.current().nextBytes(t);
        return t;
    }

    /** A payload of {@code size} bytes: the token (cut to {@code size} when shorter), then a counting pattern as iputils' ping sends. */
    static byte[] payload(byte[] token, int size) {
        byte[] p = new byte[size];
        System.arraycopy(token, 0, p, 0, Math.min(size, TOKEN));
        for (int i = TOKEN; i < size; i++) {
            p[i] = (byte) i;
        }
        return p;
    }

    /**
     * Whether {@code data} holds the token at {@code offset}. Where the data ends before the token
     * does (a short quote, a short probe), the bytes present must match and {@code required} says
     * whether a missing part is acceptable.
     */
    static boolean carriesToken(byte[] data, int offset, byte[] token, int tokenLength, boolean required) {
        int present = Math.max(0, Math.min(tokenLength, data.length - offset));
        if (present < tokenLength && required) {
            return false;
        }
        return present == 0 || Arrays.equals(data, offset, offset + present, token, 0, present);
    }

    /** Whether an error message quotes an echo request of ours: to {@code destination}, with our id and that sequence. */
    static boolean quotesEcho(IcmpMessage m, byte[] data, InetAddress destination, int id, int sequence, byte[] token, int tokenLength) {
        IcmpMessage.Quoted q = m.quoted();
        int echoRequest = m.v6() ? 128 : 8;
        return q != null && q.protocol() == (m.v6() ? 58 : 1) && q.type() == echoRequest && q.first() == id && q.second() == sequence
                && q.destination().equals(destination) && carriesToken(data, q.payloadOffset(), token, tokenLength, false);
    }
}
