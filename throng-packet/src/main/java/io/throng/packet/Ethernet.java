package io.throng.packet;

/**
 * An Ethernet II frame (what Linux hands AF_PACKET sockets on Ethernet, veth and loopback). 802.1Q
 * tags are unwrapped once: {@code vlan} is the tag's VLAN id, or -1 when untagged.
 */
public record Ethernet(MacAddress destination, MacAddress source, int vlan, int etherType, Network payload) {
    public static final int IPV4 = 0x0800, ARP = 0x0806, IPV6 = 0x86dd, VLAN = 0x8100;

    /** Decodes a whole frame as captured (without the frame check sequence). */
    public static Ethernet decode(byte[] frame) {
        Bytes.need(frame, 0, 14, frame.length, "Ethernet header");
        int type = Bytes.u16(frame, 12), off = 14, vlan = -1;
        if (type == VLAN) {
            Bytes.need(frame, 14, 4, frame.length, "802.1Q tag");
            vlan = Bytes.u16(frame, 14) & 0xfff;
            type = Bytes.u16(frame, 16);
            off = 18;
        }
        Network payload = switch (type) {
            case IPV4 -> Ipv4.decode(frame, off, frame.length);
            case IPV6 -> Ipv6.decode(frame, off, frame.length);
            case ARP -> Arp.decode(frame, off, frame.length);
            default -> new OtherNetwork(type, frame.length - off);
        };
        return new Ethernet(MacAddress.at(frame, 0), MacAddress.at(frame, 6), vlan, type, payload);
    }
}
