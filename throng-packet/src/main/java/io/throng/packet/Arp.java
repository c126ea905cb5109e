package io.throng.packet;

import java.net.InetAddress;

/** An ARP packet for IPv4 over Ethernet; other hardware or protocol types are malformed here. */
public record Arp(int operation, MacAddress senderMac, InetAddress senderIp, MacAddress targetMac, InetAddress targetIp) implements Network {
    public static final int REQUEST = 1, REPLY = 2;

    static Arp decode(byte[] b, int off, int end) {
        Bytes.need(b, off, 28, end, "ARP");
        if (Bytes.u16(b, off) != 1 || Bytes.u16(b, off + 2) != Ethernet.IPV4 || Bytes.u8(b, off + 4) != 6 || Bytes.u8(b, off + 5) != 4) {
            throw new MalformedPacketException("ARP for other than IPv4 over Ethernet");
        }
        return new Arp(Bytes.u16(b, off + 6), MacAddress.at(b, off + 8), Bytes.address(b, off + 14, 4),
                MacAddress.at(b, off + 18), Bytes.address(b, off + 24, 4));
    }
}
