/**
 * Mongrel2's handler protocol on the wire, byte for byte, as immutable records.
 *
 * <p>Two messages cross the ZeroMQ link, one frame each. The server PUSHes an {@link io.throng.mongrel.wire.Inbound}
 * ({@code UUID ID PATH SIZE:HEADERS,SIZE:BODY,}) — a {@link io.throng.mongrel.wire.Request}, or a
 * {@link io.throng.mongrel.wire.Disconnect} / {@link io.throng.mongrel.wire.Credits} notice on path {@code @*}.
 * Handlers PUBlish an {@link io.throng.mongrel.wire.Outbound} ({@code UUID SIZE:ID ID, BODY}) — raw bytes
 * for up to 128 connections in a {@link io.throng.mongrel.wire.Reply} (empty body = close), or a
 * {@link io.throng.mongrel.wire.Control} command ({@code X} ids, tnetstring body). {@link io.throng.mongrel.wire.MessageCodec}
 * converts both ways; {@link io.throng.net.codec.TNetstrings} (throng-net, the one tnetstring parser) is the
 * tnetstring codec underneath.
 *
 * <p>Invariants:
 * <ul>
 *   <li>Decoding then encoding a message Mongrel2 produced gives back the same bytes: header order and the
 *       header format ({@link io.throng.mongrel.wire.HeaderFormat}) are kept, repeated headers stay lists.</li>
 *   <li>No size read off the wire is trusted: every one is checked against the bytes present before use,
 *       so truncated, oversized or deeply nested input fails with a
 *       {@link io.throng.mongrel.wire.WireFormatException} (or, inside a tnetstring, its parent
 *       {@link io.throng.net.codec.MalformedFrameException}) naming the offset, in time linear in the input.</li>
 *   <li>Bodies are bytes end to end; only header names and values become text (UTF-8).</li>
 *   <li>Messages are immutable: byte arrays are copied in and out. The one exception is inward only: a
 *       {@link io.throng.mongrel.wire.Reply} from {@code MessageCodec.decodeOutboundInPlace} keeps its body in
 *       the frame its caller gave up, and {@code Reply.bodyView()} lends it read-only, so that the gateway
 *       copies a reply's body once (out of the ZeroMQ message) on its way to the client.</li>
 * </ul>
 */
package io.throng.mongrel.wire;
