package io.throng.packet.tunnel;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.interfaces.XECPrivateKey;
import java.security.interfaces.XECPublicKey;
import java.time.Duration;
import java.util.Objects;

/**
 * One end of a point-to-point tunnel.
 *
 * @param device the TUN interface's name (created)
 * @param listenPort the UDP port datagrams arrive on (0: any free one)
 * @param privateKey this side's static X25519 key
 * @param peerKey the other side's static public key: the only key this tunnel talks to
 * @param endpoint where the peer is first sent to, or null to wait for it to initiate (then it is learned)
 * @param address this side's tunnel address (IPv4 or IPv6) and {@code prefixLength}, given to the device
 * @param mtu the device's MTU: the path's MTU less 28 (IPv4 and UDP headers) less {@link #OVERHEAD}
 * @param keepalive an empty packet this often when nothing else was sent, zero for none; it also keeps a
 *        session up (handshakes without traffic) and sets the dead-peer timeout to three times itself
 * @param cipher the transport cipher; the peer must be configured with the same one (a handshake
 *        proposing another is refused on both sides and counted as {@code cipher_mismatches})
 */
public record TunnelConfig(String device, int listenPort, XECPrivateKey privateKey, XECPublicKey peerKey,
        InetSocketAddress endpoint, InetAddress address, int prefixLength, int mtu, Duration keepalive,
        TunnelCipher cipher) {
    /** Bytes each packet costs inside the UDP payload: a 16-byte header and a 16-byte tag. */
    public static final int OVERHEAD = Wire.OVERHEAD;
    /** 1500 less IPv6 (40), UDP (8) and {@link #OVERHEAD}: fits either outer IP version on an Ethernet path. */
    public static final int DEFAULT_MTU = 1420;

    public TunnelConfig {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(peerKey, "peerKey");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(keepalive, "keepalive");
        Objects.requireNonNull(cipher, "cipher");
        if (listenPort < 0 || listenPort > 65535) {
            throw new IllegalArgumentException("the listen port must be within 0..65535: " + listenPort);
        }
        int bits = address instanceof Inet4Address ? 32 : 128;
        if (prefixLength < 1 || prefixLength > bits) {
            throw new IllegalArgumentException("the prefix length must be within 1.." + bits + ": " + prefixLength);
        }
        if (mtu < 576 || mtu > 65535 - 28 - OVERHEAD) {
            throw new IllegalArgumentException("the MTU must be within 576.." + (65535 - 28 - OVERHEAD) + ": " + mtu);
        }
        if (keepalive.isNegative()) {
            throw new IllegalArgumentException("the keepalive interval cannot be negative");
        }
    }

    /** With the default cipher, ChaCha20-Poly1305. */
    public TunnelConfig(String device, int listenPort, XECPrivateKey privateKey, XECPublicKey peerKey,
            InetSocketAddress endpoint, InetAddress address, int prefixLength, int mtu, Duration keepalive) {
        this(device, listenPort, privateKey, peerKey, endpoint, address, prefixLength, mtu, keepalive, TunnelCipher.CHACHA20_POLY1305);
    }
}
