/**
 * WebSocket connections (RFC 6455, with permessage-deflate from RFC 7692) on virtual threads,
 * independent of how the bytes arrive: an HTTP server, {@link io.throng.websocket.WebSocketClient}
 * or a test hands a blocking channel to {@link io.throng.websocket.WebSocket#start} after the opening
 * handshake. Over {@code wss://} the client's channel is throng-net's {@link io.throng.net.tls.TlsStream}
 * in client mode over its socket, so the engine never knows about TLS; trust is
 * {@link io.throng.websocket.WebSocketClient.Options#tls}, the JDK's trust store when null.
 *
 * <h2>Plugging into a server</h2>
 * <pre>{@code
 * ServerHandshake.Result r = ServerHandshake.negotiate(method, request::field, options);
 * write(r.responseBytes());                        // or the fields, through the server's own writer
 * if (r instanceof ServerHandshake.Accepted a) {
 *     WebSocket.start(channel, Role.SERVER, a.negotiated(), config, bytesReadPastTheHead, listener);
 * }
 * }</pre>
 *
 * <h2>Threads</h2>
 * Each connection has one reader at a time, a virtual thread that decodes and calls the
 * {@link io.throng.websocket.WebSocketListener} (with {@link io.throng.websocket.WebSocket#serve} first the
 * caller's own thread). On a stream that can watch its own readiness ({@link io.throng.net.ByteStream#whenReadable}:
 * a socket of throng-net's epoll engine, which an HTTP server {@linkplain io.throng.net.Connection#handOff()
 * hands off}), an idle connection has <em>no</em> reader: before each read that would wait, the reader
 * registers a wake-up and its thread ends; the next bytes, or the stream's close, start a new reader. So:
 * <ul>
 *   <li>There is never more than one reader: a wake-up is registered only by the reader, which returns at
 *       once, and runs at most once. Decoder state (a partial frame or message) lives in the connection, not
 *       in the thread, so a message may arrive across any number of readers.</li>
 *   <li>Every end reaches a reader: a close from any thread (liveness, the close deadline, a failed
 *       write, the server's shutdown) closes the stream, which runs the wake-up; that reader finds the
 *       stream closed and ends the connection ({@code onClose} exactly once, as ever).</li>
 *   <li>While cold, nothing the reader owned is held: no stack, no read buffer. Sends work as from any
 *       other thread (a drainer writes), and the liveness timer still pings.</li>
 * </ul>
 * Over any other channel (a client's, TLS, the NIO engine's) the reader stays parked in its read.
 * Nothing waits on the outbound queue:
 * it is drained on demand (below). Liveness checks and close deadlines of all connections share the
 * process's one timer thread ({@link io.throng.channels.Timers}); nothing sleeps or polls per
 * connection. Listener callbacks run one at a time on the reader; while one runs, nothing more is read,
 * so a slow handler slows its own peer through TCP's window and nobody else.
 *
 * <h2>The drain</h2>
 * Every change to the queue (a frame put in, the queue closed) is followed by a <em>kick</em>: an
 * atomic work-in-progress count. The kick that finds it at zero makes its caller the connection's one
 * drainer; kicks during a drain only add to the count, and the drainer, having found the queue empty,
 * subtracts what it has seen and goes round again if more came: no frame waits without a drainer (no
 * lost wake-up), and there is never more than one, so frames leave in queue order.
 * <ul>
 *   <li>If the kicking thread is the connection's own reader (an echo, a reply, a pong), it drains
 *       inline: it may block on its own peer's socket, which is backpressure on that peer alone, and
 *       saves the hand-off to another thread. After a few batches it passes the rest of the drain to a
 *       drainer thread and goes back to reading, so a busy queue cannot starve the reader (and its
 *       liveness).</li>
 *   <li>Any other thread (a broadcast, another connection's reader, a timer's ping or close) never
 *       waits on this peer. On a stream that can write without waiting ({@link io.throng.net.ByteStream#writeNow}:
 *       the epoll engine's sockets) it writes queued frames itself while the socket takes each write whole,
 *       for at most a few writes; small frames queued behind each other go out copied into one block (up to
 *       16 KiB) in one write(2). What the socket took only part of (kept, with the messages and bytes the
 *       queue counts for it, until its rest is written first), a backlog, the close frame, and every frame on
 *       any other stream go to a short-lived drainer virtual thread, which may block and exits when the queue
 *       is empty. So a broadcast to a room whose members keep up costs at most one write(2) per member and
 *       no thread; an idle connection has no thread but its reader, and with a watching stream none at all.
 *       A room of more than 1,024 members is queued to first and written by slice threads, so the
 *       broadcaster (often the sender's own reader) is free for the next message, and a member reached
 *       after it was queued gets both in one write ({@link io.throng.websocket.Broadcast}).</li>
 *   <li>A drain writes up to {@code MAX_BATCH} queued frames in one gathering write.</li>
 * </ul>
 *
 * <h2>The outbound queue and the slow-consumer policy</h2>
 * A send encodes the message (all its fragments contiguous, so nothing can come between them) and
 * puts it on the connection's queue; it never waits for the network. Invariants:
 * <ul>
 *   <li>At most {@code maxQueuedMessages} entries and at most {@code maxQueuedBytes} encoded bytes are
 *       queued or being written, except that one message larger than the byte bound is admitted into an
 *       empty queue (so a connection can always send any message its peer accepts). A sender reserves
 *       room with compare-and-set on both counters before inserting; the drainer gives it back after the
 *       bytes are written. So memory per connection is bounded whatever the peer does.</li>
 *   <li>Sending is a CAS, a non-blocking channel insert and a kick: a peer that reads slowly or not at
 *       all blocks only its own drainer (or its own reader, when that is the sender), never another
 *       sender, and never a {@link io.throng.websocket.Broadcast} over many connections, which encodes
 *       once and queues the same read-only bytes to each. A {@link io.throng.websocket.SharedText} is the
 *       same sharing for a sender that queues to each connection itself (a chat room's members): the first
 *       server connection to queue it encodes it, the others queue views of those bytes.</li>
 *   <li>When a data message does not fit, the connection's {@link io.throng.websocket.OverflowPolicy}
 *       decides: {@code DROP} loses that message ({@link io.throng.websocket.SendResult#DROPPED}) and keeps
 *       the connection; {@code CLOSE_POLICY_VIOLATION} / {@code CLOSE_TRY_AGAIN_LATER} fail the connection
 *       with 1008 / 1013: queued data is discarded, the close frame goes next, and if the peer does not
 *       read it within the close timeout, TCP is closed. Pings and pongs never trigger the policy; they
 *       are dropped when there is no room.</li>
 *   <li>With permessage-deflate and context takeover, a message compressed but then not queued would
 *       leave our compressor referring to bytes the peer never saw; the compressor is then reset, which
 *       is always valid for the peer's decompressor.</li>
 *   <li>The close frame is never in the queue: the drainer sends it once the queue is closed and
 *       drained (a normal close, after everything sent before it) or discarded (a failure), and then
 *       keeps the drain for good, so nothing follows it. After it, sends return
 *       {@link io.throng.websocket.SendResult#CLOSED}.</li>
 *   <li>With permessage-deflate, a message is compressed and queued under one lock, so compression
 *       order is queue order; the kick comes after the lock is released, so an inline drain blocking on
 *       the socket never holds up another sender.</li>
 * </ul>
 *
 * <h2>Closing</h2>
 * A close frame from the peer is echoed with its code. When both close frames have been exchanged
 * the server closes TCP as soon as its close frame is written; a client waits for the server to do so
 * (RFC 6455 §7.1.1). Every close we send starts the close timeout, after which TCP is closed whatever
 * the peer does. When the peer breaks the protocol we fail the connection (§7.1.7): our close frame
 * with 1002, 1007, 1009 or 1011 goes out after what was already queued, then a half-close (FIN), then we read and discard until the
 * peer hangs up or the timeout ends it; closing with unread input would make the kernel send a reset
 * that can destroy our close frame before the peer reads it. The listener's {@code onClose} is called
 * exactly once, on the reader thread, after the channel is closed (which ends any drain blocked on it).
 *
 * <h2>Liveness</h2>
 * Any bytes read count as a sign of life. After {@code pingInterval} of silence we send a ping; after
 * twice that, the peer is declared dead and the connection dropped (1006): this catches half-open
 * connections whose kernel still acknowledges but whose application is gone, and peers that stopped
 * reading (their pongs never come because our ping waits behind the data they do not read). Busy
 * connections never ping. {@code idleTimeout} separately closes connections without data messages
 * (1001). A peer that sends to an echoing handler but never reads stops being read as well: the reader,
 * draining its own replies inline, blocks on the full socket, TCP's window then stops the peer, and
 * nothing grows; the ping timeout (or the idle timeout, then the close timeout) ends it. With both timers
 * off, nothing does: keep one of them on for untrusted peers (the defaults do).
 *
 * <h2>Memory per idle connection</h2>
 * On a watching stream: the connection's objects, an empty queue and a registered wake-up; no thread, no
 * read buffer (each reader's stint allocates its own, 1 KiB grown up to {@code readBufferSize} while traffic
 * fills it, and drops it when it ends), no message or control buffer (the decoder allocates them per
 * message, sized by the frame headers). Otherwise one parked reader and its read buffer as well.
 * Without permessage-deflate nothing else; with it and context takeover, zlib state for
 * both directions (hundreds of KiB), which is why {@link io.throng.websocket.DeflateOptions} is off
 * by default; with no context takeover both ways zlib memory exists only while a message is processed.
 */
package io.throng.websocket;
