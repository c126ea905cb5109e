/**
 * Decoded frames: {@link io.throng.packet.Ethernet} carries a sealed {@link io.throng.packet.Network}
 * ({@link io.throng.packet.Ipv4}, {@link io.throng.packet.Ipv6}, {@link io.throng.packet.Arp},
 * {@link io.throng.packet.OtherNetwork}); an IP packet carries a sealed {@link io.throng.packet.Transport}
 * ({@link io.throng.packet.Tcp}, {@link io.throng.packet.Udp}, {@link io.throng.packet.Icmp},
 * {@link io.throng.packet.Icmp6}, {@link io.throng.packet.OtherTransport}). All are records, so a switch
 * over them is exhaustive. {@link io.throng.packet.Summary} prints the one line per frame of
 * {@code throng capture}.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>Decoding any byte array either returns or throws {@link io.throng.packet.MalformedPacketException};
 *       every read goes through {@code Bytes}, which checks bounds first (fuzzed in the tests).</li>
 *   <li>A header is decoded only when all of it is present; lengths a header announces are checked
 *       against what the enclosing layer holds (Ethernet padding after an IPv4 packet is ignored; the
 *       first fragment of a UDP datagram is the one place a length may exceed the bytes present).</li>
 *   <li>Records hold no arrays: addresses are {@code InetAddress} and {@link io.throng.packet.MacAddress}, so
 *       decoded frames are immutable and safe to share.</li>
 * </ul>
 */
package io.throng.packet;
