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
 * <p>Threads: the device is read by a platform thread through a non-blocking descriptor and poll(2)
 * with a 200 ms timeout (TunDevice): an FFM downcall pins the calling thread's carrier for its
 * whole duration, so a blocking read(2) would hold a carrier forever and could not see a close; a
 * bounded poll holds one at most 200 ms and lets the loop check that it should stop, and a platform
 * thread (the loop is busy whenever traffic flows) keeps the virtual-thread scheduler's carriers free
 * altogether. The UDP socket is the JDK's DatagramChannel, read by a second platform thread; a timer
 * thread does handshakes, rekeying, keepalives and the dead-peer timeout. The wire format is in Wire.
 */
package io.throng.packet.tunnel;
