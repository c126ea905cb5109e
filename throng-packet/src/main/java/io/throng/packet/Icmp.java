package io.throng.packet;

/**
 * An ICMP (v4) message. For echo request and reply (types 8 and 0) {@code id} and {@code sequence} are
 * the echo's; for other types they are the raw rest-of-header words and mean what the type says.
 */
public record Icmp(int type, int code, int checksum, int id, int sequence, int payloadLength) implements Transport {
    public static final int ECHO_REPLY = 0, DESTINATION_UNREACHABLE = 3, ECHO_REQUEST = 8, TIME_EXCEEDED = 11;

    static Icmp decode(byte[] b, int off, int end) {
        Bytes.need(b, off, 8, end, "ICMP header");
        return new Icmp(Bytes.u8(b, off), Bytes.u8(b, off + 1), Bytes.u16(b, off + 2), Bytes.u16(b, off + 4),
                Bytes.u16(b, off + 6), end - off - 8);
    }
}
