package io.throng.packet;

/** A TCP segment's header; {@code payloadLength} counts the data after the header and options. */
public record Tcp(int sourcePort, int destinationPort, long sequence, long acknowledgment, int flags, int window,
        int headerLength, int payloadLength) implements Transport {
    public static final int FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10, URG = 0x20, ECE = 0x40, CWR = 0x80;

    static Tcp decode(byte[] b, int off, int end) {
        Bytes.need(b, off, 20, end, "TCP header");
        int hlen = (Bytes.u8(b, off + 12) >> 4) * 4;
        if (hlen < 20) {
            throw new MalformedPacketException("TCP header length " + hlen + " below 20");
        }
        Bytes.need(b, off, hlen, end, "TCP options");
        return new Tcp(Bytes.u16(b, off), Bytes.u16(b, off + 2), Bytes.u32(b, off + 4), Bytes.u32(b, off + 8),
                Bytes.u8(b, off + 13), Bytes.u16(b, off + 14), hlen, end - off - hlen);
    }

    /** The flags as tcpdump prints them: S, F, P, R, U, E, W, and "." for ACK. */
    public String flagString() {
        StringBuilder s = new StringBuilder();
        if ((flags & SYN) != 0) s.append('S');
        if ((flags & FIN) != 0) s.append('F');
        if ((flags & PSH) != 0) s.append('P');
        if ((flags & RST) != 0) s.append('R');
        if ((flags & URG) != 0) s.append('U');
        if ((flags & ECE) != 0) s.append('E');
        if ((flags & CWR) != 0) s.append('W');
        if ((flags & ACK) != 0) s.append('.');
        return s.isEmpty() ? "none" : s.toString();
    }
}
