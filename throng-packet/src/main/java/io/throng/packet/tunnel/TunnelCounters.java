package io.throng.packet.tunnel;

/**
 * What a tunnel has done since it opened, read at one moment ({@link Tunnel#counters}).
 *
 * @param packetsOut IP packets from the device sent to the peer; {@code bytesOut} their bytes (inner, before encryption)
 * @param packetsIn IP packets from the peer written to the device; {@code bytesIn} their bytes
 * @param keepalivesOut empty authenticated packets sent while idle; {@code keepalivesIn} received
 * @param handshakes handshakes completed, as initiator or responder
 * @param droppedForged datagrams whose authentication failed: not sealed with the session's key, or altered on the way
 *        (AEAD cannot tell a forgery from damage, and both mean "not from the peer")
 * @param droppedReplayed authenticated-looking datagrams whose counter (or initiation timestamp) was already used or too old
 * @param droppedCorrupted datagrams that are not a well-formed message: wrong size, unknown type, non-zero reserved bytes
 * @param droppedUnknownSession transport messages naming no live session (stale after a restart or expiry, or made up)
 * @param droppedTooBig packets from the device above the tunnel's MTU
 * @param droppedNoSession packets from the device while no session was up (a handshake is started instead)
 * @param endpointChanges times the peer's UDP address changed to the source of an authenticated datagram (roaming)
 * @param deadPeers times the peer was declared dead (nothing authenticated within the dead-peer timeout)
 * @param cipherMismatches authentic handshake messages refused because the peer is configured with another cipher
 * @param fragmentationNeeded ICMP "fragmentation needed" errors written back to the device for IPv4 packets above the MTU
 *        (among {@code droppedTooBig}: those sent with DF to a unicast source, see TooBig)
 * @param packetTooBig ICMPv6 "Packet Too Big" errors written back to the device for IPv6 packets above the MTU
 *        (among {@code droppedTooBig}: those from a unicast source that are no ICMPv6 error, see TooBig6)
 */
public record TunnelCounters(long packetsOut, long bytesOut, long packetsIn, long bytesIn,
        long keepalivesOut, long keepalivesIn, long handshakes,
        long droppedForged, long droppedReplayed, long droppedCorrupted, long droppedUnknownSession,
        long droppedTooBig, long droppedNoSession, long endpointChanges, long deadPeers, long cipherMismatches, long fragmentationNeeded,
        long packetTooBig) {

    /** One line of {@code name=value} pairs, for logs and the CLI. */
    @Override
    public String toString() {
        return "packets_out=" + packetsOut + " bytes_out=" + bytesOut + " packets_in=" + packetsIn + " bytes_in=" + bytesIn
                + " keepalives_out=" + keepalivesOut + " keepalives_in=" + keepalivesIn + " handshakes=" + handshakes
                + " dropped_forged=" + droppedForged + " dropped_replayed=" + droppedReplayed
                + " dropped_corrupted=" + droppedCorrupted + " dropped_unknown_session=" + droppedUnknownSession
                + " dropped_too_big=" + droppedTooBig + " dropped_no_session=" + droppedNoSession
                + " endpoint_changes=" + endpointChanges + " dead_peers=" + deadPeers + " cipher_mismatches=" + cipherMismatches + " fragmentation_needed=" + fragmentationNeeded
                + " packet_too_big=" + packetTooBig;
    }
}
