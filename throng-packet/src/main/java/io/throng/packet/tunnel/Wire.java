package io.throng.packet.tunnel;

/**
 * The wire format, all of it (integers little-endian, as WireGuard's):
 * <pre>
 * initiation (64 bytes): type=1, cipher, 2 zero bytes, sender index (4), initiator's ephemeral key (32),
 *                        AEAD(timestamp, 8 bytes) + tag (24)        aad = bytes 0..40
 * response   (60 bytes): type=2, cipher, 2 zero bytes, sender index (4), receiver index (4),
 *                        responder's ephemeral key (32), AEAD(empty) tag (16)   aad = bytes 0..44
 * transport  (32+ bytes): type=4, 3 zero bytes, receiver index (4), counter (8),
 *                        AEAD(IP packet, or nothing for a keepalive) + tag (16)  aad = bytes 0..16
 * </pre>
 * The cipher byte of a handshake message names the sender's {@link TunnelCipher} (0 ChaCha20-Poly1305,
 * 1 AES-256-GCM); the transport message's reserved bytes are all zero.
 * Transport overhead is {@link #OVERHEAD} = 32 bytes, so over IPv4 (20) and UDP (8) a 1500-byte path
 * carries 1440-byte packets; the default TUN MTU 1420 also fits an IPv6 outer header (40).
 */
final class Wire {
    static final byte INITIATION = 1, RESPONSE = 2, TRANSPORT = 4;
    static final int INITIATION_SIZE = 64, RESPONSE_SIZE = 60, TRANSPORT_HEADER = 16;
    static final int OVERHEAD = TRANSPORT_HEADER + Aead.TAG;
    /** The largest IP packet: what a TUN read or a decrypted transport message may hold. */
    static final int MAX_PACKET = 65535;

    private Wire() {}

    /**
     * The type of a well-formed message of {@code length} bytes in {@code b}, or 0 when it is not one
     * (too short, unknown type, non-zero reserved bytes, wrong size for its type): the one place these rules live.
     */
    static int type(byte[] b, int length) {
        if (length < 4 || b[2] != 0 || b[3] != 0) {
            return 0;
        }
        if (b[1] != 0 && (b[0] == TRANSPORT || TunnelCipher.ofId(b[1]) == null)) {
            return 0;
        }
        return switch (b[0]) {
            case INITIATION -> length == INITIATION_SIZE ? INITIATION : 0;
            case RESPONSE -> length == RESPONSE_SIZE ? RESPONSE : 0;
            case TRANSPORT -> length >= OVERHEAD && length <= OVERHEAD + MAX_PACKET ? TRANSPORT : 0;
            default -> 0;
        };
    }

    static void header(byte[] b, byte type) {
        b[0] = type;
        b[1] = b[2] = b[3] = 0;
    }

    static int getInt(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    static void putInt(byte[] b, int off, int v) {
        for (int i = 0; i < 4; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    static long getLong(byte[] b, int off) {
        return (getInt(b, off) & 0xffffffffL) | (long) getInt(b, off + 4) << 32;
    }

    static void putLong(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }
}
