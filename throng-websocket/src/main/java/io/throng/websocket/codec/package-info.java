/**
 * The WebSocket wire format, free of threads and I/O: usable by the engine, by load tools that want to
 * pre-encode frames, and by tests that need to send broken ones.
 *
 * <ul>
 *   <li>{@link io.throng.websocket.codec.FrameDecoder} parses frames incrementally from whatever bytes
 *       arrive (one at a time is fine), unmasks payload in place, eight bytes per step
 *       ({@link io.throng.websocket.codec.Masking}), and hands on payload as views of the input buffer:
 *       no copy until a message is assembled. It enforces the per-frame rules.</li>
 *   <li>{@link io.throng.websocket.codec.MessageDecoder} enforces the rules across frames
 *       (fragmentation with control frames between fragments, RSV1 only on a compressed message's first
 *       frame, close payloads) and validates text with {@link io.throng.websocket.codec.Utf8Validator} as
 *       each piece arrives, so invalid UTF-8 fails the connection at the first impossible byte, even in
 *       the middle of a frame or across fragment boundaries.</li>
 *   <li>{@link io.throng.websocket.codec.FrameEncoder} writes frames and close payloads.</li>
 *   <li>{@link io.throng.websocket.codec.PerMessageDeflate} negotiates RFC 7692 honestly for the JDK's
 *       zlib binding, which cannot shrink its compression window: a peer's window limit below 15 bits is
 *       met by Huffman-only compression, which never refers back at all.
 *       {@link io.throng.websocket.codec.Compressor} and {@link io.throng.websocket.codec.Decompressor}
 *       do the per-message work; inflated size is limited (1009), not just compressed size.</li>
 * </ul>
 *
 * <p>Every violation is a {@link io.throng.websocket.codec.WebSocketException} carrying the close code
 * to fail the connection with; after one, the decoders are spent.
 */
package io.throng.websocket.codec;
