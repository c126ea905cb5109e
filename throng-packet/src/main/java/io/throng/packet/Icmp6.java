package io.throng.packet;

/** An ICMPv6 message: type, code, and for echo (128, 129) its id and sequence. */
public record Icmp6(int type, int code, int checksum, int id, int sequence, int payloadLength) implements Transport {
    public static final int ECHO_REQUEST = 128, ECHO_REPLY = 129, NEIGHBOR_SOLICITATION = 135, NEIGHBOR_ADVERTISEMENT = 136;

    static Icmp6 decode(byte[] b, int off, int end) {
        Bytes.need(b, off, 4, end, "ICMPv6 header");
        boolean echo = end - off >= 8;
        return new Icmp6(Bytes.u8(b, off), Bytes.u8(b, off + 1), Bytes.u16(b, off + 2),
                echo ? Bytes.u16(b, off + 4) : 0, echo ? Bytes.u16(b, off + 6) : 0, Math.max(0, end - off - 8));
    }
}
