/**
 * ZMTP 3.0/3.1 (RFC 23 and 37), the wire under ZeroMQ, spoken by the gateway itself: the codec and the
 * gateway's two bound sockets on throng-net, so that a request goes from the carrier that parsed it
 * straight to a handler's TCP connection, and replies come in on a virtual thread per handler connection,
 * with no ZeroMQ I/O thread between (docs/gateway.md §7).
 *
 * <p>The codec: {@link io.throng.mongrel.zmtp.Greeting} (64 bytes; 3.x and the NULL mechanism only),
 * {@link io.throng.mongrel.zmtp.FrameReader} (the one parser: greeting and frames, from any byte source),
 * {@link io.throng.mongrel.zmtp.Frame} and {@link io.throng.mongrel.zmtp.Command} (READY with Socket-Type,
 * PING/PONG, SUBSCRIBE in both of its forms), {@link io.throng.mongrel.zmtp.Handshake}.
 *
 * <p>Invariants: no size off the wire is trusted: a frame over the limit is refused from its header,
 * before its body is read or allocated; a property or command name longer than its frame is refused. A
 * peer that breaks the protocol, speaks another version or mechanism, or is not a valid partner of the
 * socket (PUSH↔PULL, SUB↔PUB/XPUB) gets a {@link io.throng.mongrel.zmtp.ZmtpException} naming why, and
 * its connection is closed (one refused after its greeting is sent that reason first, in an ERROR
 * command, as ZMTP 3 asks); it never affects the other peers.
 */
package io.throng.mongrel.zmtp;
