package io.throng.packet;

/**
 * A UDP datagram's header; {@code payloadLength} is what this IP packet holds after the 8-byte header
 * (in a first fragment, less than {@code length} says).
 */
public record Udp(int sourcePort, int destinationPort, int length, int checksum, int payloadLength) implements Transport {
    static Udp decode(byte[] b, int off, int end, boolean firstFragment) {
        Bytes.need(b, off, 8, end, "UDP header");
        int length = Bytes.u16(b, off + 4);
        if (length < 8 || off + length > end && !firstFragment) {
            throw new MalformedPacketException("UDP length " + length + " outside its IP packet (" + (end - off) + " bytes)");
        }
        return new Udp(Bytes.u16(b, off), Bytes.u16(b, off + 2), length, Bytes.u16(b, off + 6), Math.min(length, end - off) - 8);
    }
}
