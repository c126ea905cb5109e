/**
 * Down to the packets: decode frames, read and write capture files, compile tcpdump-style filters to
 * classic BPF, and capture from a Linux interface (AF_PACKET through FFM: grant native access with
 * {@code --enable-native-access=io.throng.packet}, or {@code ALL-UNNAMED} on the class path). JDK only.
 */
module io.throng.packet {
    // Ethernet, Arp, Ipv4, Ipv6, Icmp, Icmp6, Tcp, Udp, ...: decoded frames as sealed types and records; Ipv4Packets and Ipv6Packets craft them, IcmpMessage reads what a raw ICMP socket gets.
    exports io.throng.packet;
    // PcapReader, PcapWriter, CapturedFrame: pcap and pcapng files, both ways.
    exports io.throng.packet.pcap;
    // Filter, BpfProgram: tcpdump's everyday filter vocabulary compiled to classic BPF.
    exports io.throng.packet.filter;
    // PacketCapture: AF_PACKET capture on Linux with the filter attached in the kernel; RawIpv4Socket, RawIpv6Socket: send crafted packets; IcmpSocket: raw ICMP/ICMPv6 send and receive.
    exports io.throng.packet.capture;
    // Ping, Traceroute: ICMP echo and TTL probing over the raw sockets of capture (throng ping, throng traceroute).
    exports io.throng.packet.probe;
    // Bridge: a user-space learning L2 bridge over AF_PACKET (LinkSocket ports), with an aging MAC table and counters.
    exports io.throng.packet.bridge;
    // Tunnel, TunnelConfig, Keys, TunnelCounters, TunDevice: a point-to-point VPN over UDP through a TUN device.
    exports io.throng.packet.tunnel;
}
