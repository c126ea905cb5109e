/**
 * A point-to-point VPN over UDP through a TUN device: {@link io.throng.packet.tunnel.Tunnel} with its
 * {@link io.throng.packet.tunnel.TunnelConfig}, keys in WireGuard's files ({@link io.throng.packet.tunnel.Keys}),
 * {@link io.throng.packet.tunnel.TunnelCounters}.
 *
 * <p>Cryptography is the JDK's only: X25519 (XDH KeyAgreement), HKDF-SHA256 (javax.crypto.KDF),
 * ChaCha20-Poly1305 or AES-256-GCM (Cipher; {@link io.throng.packet.tunnel.TunnelCipher}, configured on
 * both ends, named in the authenticated handshake and refused on a mismatch, never negotiated down), SHA-256. The handshake (Handshake) combines both static keys with a
 * fresh ephemeral key on each side; each direction has its own key, bound to both static public keys,
 * and the nonce is that direction's 64-bit counter. Invariants: a counter is never used twice under a
 * key (it only increases, a session sends at most 2^60 messages and lives at most three minutes, and
 * every session, including after a restart, starts from a new handshake with new ephemeral keys);
 * a datagram changes nothing (endpoint, replay window, session) until it authenticated; the replay
 * window is marked only after authentication.
 *
 * <p>Threads (three platform threads per tunnel, each with its own buffers, cipher objects and errno
 * segment; they share only the volatile session, endpoint and timestamps):
 * <ul>
 * <li><b>device</b>: reads the TUN device without blocking (TunDevice.readNow) until it has nothing
 *     queued or Tunnel.BATCH (32) packets are read, sealing each in place as it
 *     comes (no per-packet buffer), then sends them all with one sendmmsg(2) (Outbox) and only then
 *     waits in poll(2), 200 ms at most. A lone packet is sent at once: the batch ends when the device is
 *     empty, not when it is full.</li>
 * <li><b>socket</b>: one recvmmsg(2) takes every datagram queued on the UDP socket (up to BATCH; it waits
 *     for the first at most 200 ms, SO_RCVTIMEO), and handles them one by one in arrival order, each as if
 *     it had come alone (well-formed, session, replay window, tag, then mark and roam); every packet goes
 *     to the device with its own write(2) (a TUN device takes one packet per write). It sends handshake
 *     answers and keepalive replies alone.</li>
 * <li><b>timer</b>: handshakes, rekeying, keepalives and the dead-peer timeout, every 200 ms.</li>
 * </ul>
 * Why platform threads and bounded waits: an FFM downcall pins the calling thread's carrier for its whole
 * duration, so a blocking read(2) would hold a carrier forever and could not see a close; the loops are
 * busy whenever traffic flows, so they would occupy carriers regardless. The UDP socket is the module's
 * own (UdpSocket: dual-stack AF_INET6, IPv4 peers as mapped addresses), not the JDK's DatagramChannel,
 * which has no batched calls. The wire format is in Wire.
 */
package io.throng.packet.tunnel;
