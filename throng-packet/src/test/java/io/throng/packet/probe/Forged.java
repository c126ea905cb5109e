package io.throng.packet.probe;

import io.throng.packet.Ipv4Packets;
import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * ICMP a hostile sender aims at a ping with a known id: whole IPv4 packets for an IPPROTO_RAW socket
 * (the kernel fixes the total length and header checksum), each something a careless ping would count
 * or choke on.
 */
final class Forged {
    private Forged() {}

    static List<byte[]> packets(Inet4Address from, Inet4Address to, int id) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int seq = 1 + random.nextInt(5);
        byte[] garbage = new byte[random.nextInt(1, 40)];
        random.nextBytes(garbage);
        return List.of(
                ip(from, to, icmp(0, 0, id, seq, new byte[56])), // our id and sequence, not our token
                ip(from, to, icmp(0, 0, id, seq, new byte[] {1, 2, 3})), // cut before the token ends
                ip(from, to, new byte[] {0, 0, 0, 0}), // shorter than an ICMP header
                ip(from, to, icmp(11, 0, 0, 0, new byte[] {0x45, 0, 0})), // time exceeded quoting 3 bytes
                ip(from, to, icmp(11, 0, 0, 0, quote(to, from, icmp(8, 0, id, seq, new byte[56])))), // quoting our id, not our token
                ip(from, to, icmp(3, 3, 0, 0, new byte[] {0x65, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})), // quoted version 6 in ICMP
                ip(from, to, garbage));
    }

    /** An ICMP message of any type with its checksum right, so only its content is hostile. */
    static byte[] icmp(int type, int code, int id, int seq, byte[] data) {
        ByteBuffer m = ByteBuffer.allocate(8 + data.length);
        m.put((byte) type).put((byte) code).putShort((short) 0).putShort((short) id).putShort((short) seq).put(data);
        byte[] b = m.array();
        int sum = Ipv4Packets.checksum(b, 0, b.length, 0);
        b[2] = (byte) (sum >> 8);
        b[3] = (byte) sum;
        return b;
    }

    /** The start of a packet as an error quotes it: an IPv4 header and the message. */
    static byte[] quote(Inet4Address from, Inet4Address to, byte[] message) {
        return ByteBuffer.allocate(20 + message.length).put((byte) 0x45).put((byte) 0).putShort((short) (20 + message.length))
                .putInt(0).put((byte) 1).put((byte) 1).putShort((short) 0).put(from.getAddress()).put(to.getAddress()).put(message).array();
    }

    static byte[] ip(Inet4Address from, Inet4Address to, byte[] icmp) {
        return ByteBuffer.allocate(20 + icmp.length).put((byte) 0x45).put((byte) 0).putShort((short) (20 + icmp.length))
                .putInt(0).put((byte) 64).put((byte) 1).putShort((short) 0).put(from.getAddress()).put(to.getAddress()).put(icmp).array();
    }
}
