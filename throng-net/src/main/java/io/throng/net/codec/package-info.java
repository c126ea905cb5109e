/**
 * Framing: cutting a byte stream into messages and back, as plain blocking calls. What Twisted's
 * {@code LineReceiver} and {@code Int32StringReceiver} and Netty's frame decoders do, for Throng's
 * thread-per-connection code: a {@link io.throng.net.codec.FrameReader} returns the next frame,
 * a {@link io.throng.net.codec.FrameWriter} writes one.
 *
 * <h2>Layout</h2>
 * <ul>
 *   <li>{@link io.throng.net.codec.Framing}, sealed: one record per framing holding its parameters and its
 *       whole rule, both directions: {@link io.throng.net.codec.LineFraming} ({@code \n} or {@code \r\n}),
 *       {@link io.throng.net.codec.DelimiterFraming}, {@link io.throng.net.codec.FixedLengthFraming},
 *       {@link io.throng.net.codec.LengthFieldFraming} (Netty's {@code LengthFieldBasedFrameDecoder}
 *       parameters, same names), {@link io.throng.net.codec.NetstringFraming},
 *       {@link io.throng.net.codec.TNetstringFraming}.</li>
 *   <li>{@link io.throng.net.codec.FrameReader}: the buffer and the reads, the same for every framing; with
 *       {@link io.throng.net.codec.ReadTimeouts} it gives up on a peer silent too long (per read) or too slow
 *       to finish a frame (per frame). A detached stream has no server deadline, so these are what bound
 *       it; one timer per reader ({@code ReadWatch}) on an injectable {@link io.throng.channels.TimerSource}.</li>
 *   <li>{@link io.throng.net.codec.FrameWriter}: one gathering write per frame, frames never interleave.</li>
 *   <li>{@link io.throng.net.codec.FlushOnRead}: a stream whose reading thread's writes wait until it next
 *       reads, so the answers to pipelined requests leave in one write (Netty's flush on read complete);
 *       other threads' writes go out at once.</li>
 *   <li>{@link io.throng.net.codec.TNetstrings}: the tnetstring codec. It moved here from throng-mongrel's
 *       wire package so that there is one netstring and tnetstring parser; the Mongrel2 wire codec uses it.</li>
 * </ul>
 *
 * <p>Why a package of throng-net and not a module: it is small, needs nothing but the JDK, and works on
 * {@link io.throng.net.ByteStream}, which lives here; {@link io.throng.net.MemoryStream} (an in-memory
 * ByteStream pair) is how its tests, and a user's, run a protocol without sockets.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>Bounded memory: a reader holds one buffer, never more than the framing's
 *       {@link io.throng.net.codec.Framing#maxBuffered()} (its limit plus header or delimiter), and shrinks
 *       back to 8 KiB after a large frame. No length read off the wire allocates anything.</li>
 *   <li>Fail fast: a frame over its limit raises {@link io.throng.net.codec.FrameTooLongException} as soon as
 *       that is known (the length field or size is read, or the limit passes without a delimiter), and the
 *       reader closes its stream without reading the rest. Only a length-field framing with
 *       {@code failFast == false} skips the frame instead (Netty's option), never buffering it.</li>
 *   <li>A timeout closes the stream and raises {@link java.net.SocketTimeoutException}; a reader whose
 *       stream was closed, or that reached its end, leaves no timer scheduled beyond one period.</li>
 *   <li>Malformed bytes raise {@link io.throng.net.codec.MalformedFrameException} (unchecked, like
 *       Netty's decoder exceptions, so that decoding bytes in memory stays a plain call) and close the
 *       stream: after a broken frame no boundary can be trusted.</li>
 *   <li>Writing is the inverse of reading: whatever a {@code FrameWriter} accepts, a {@code FrameReader}
 *       with the same framing returns unchanged; what the reader would refuse, the writer refuses with
 *       {@link java.lang.IllegalArgumentException} before writing a byte.</li>
 * </ul>
 */
package io.throng.net.codec;
