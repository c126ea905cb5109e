/**
 * UDP on virtual threads: {@link io.throng.net.udp.UdpSocket} (bind, send, receive with a timeout,
 * multicast) and {@link io.throng.net.udp.DatagramServer} (handlers on a bounded pool of virtual threads, or inline on its receiver).
 *
 * <h2>Design</h2>
 * <ul>
 *   <li><b>JDK {@code DatagramChannel} in blocking mode.</b> Since JDK 21 a virtual thread blocked in
 *       {@code receive} or {@code send} is unmounted: the channel goes non-blocking underneath, tries the
 *       system call first and parks only on EAGAIN, and the JDK's poller unparks it. So blocking code costs
 *       no carrier, and the epoll engine's FFM route (which exists for TCP's cold idle connections, a
 *       problem UDP does not have: one socket serves every peer) would buy nothing but a second copy of
 *       the I/O code. A timed receive goes through the channel's socket adaptor, the JDK's one timed
 *       datagram receive, which also parks rather than blocks.</li>
 *   <li><b>Truncation is reported.</b> The kernel silently cuts a datagram longer than the buffer. Every
 *       receive here uses a buffer one byte longer than {@link io.throng.net.udp.UdpOptions#maxDatagram()},
 *       so a datagram that filled it was too long: it is delivered cut, with
 *       {@link io.throng.net.udp.Datagram#truncated()} set, and the server counts it.</li>
 *   <li><b>Loss is the caller's to count.</b> Nothing here acknowledges, retries or orders; a protocol that
 *       needs to know numbers its datagrams. The server counts only what it refused itself.</li>
 *   <li><b>Bounded concurrency by dropping, not queueing.</b> The server's one receiver hands each datagram
 *       to an idle handler thread, or starts one while fewer than {@code maxConcurrent} exist, and drops (and
 *       counts) it otherwise. A queue in front of busy handlers would only add latency to what UDP already
 *       lets the sender retry, and memory to a flood.</li>
 *   <li><b>Handler threads are kept, not started per datagram.</b> Starting a virtual thread per datagram
 *       cost a third of the CPU of an echo at 60,000/s (JFR, docs/benchmarks.md); a kept worker costs an
 *       unpark. Idle workers wait on a stack, the last to finish on top, and a worker goes back on it before
 *       it returns its slot, so a datagram that got a slot always finds a worker.</li>
 *   <li><b>Inline, for handlers that do not block.</b> {@code startInline} runs the handler on the receiver
 *       itself (Netty's event loop, Go's read loop): no hand-over, and one thread sends, so the channel's
 *       send lock is never contended. That receiver is a platform thread blocked in {@code recvfrom}, which
 *       the kernel wakes directly; a virtual one is woken through the JDK's poller and then a carrier, and
 *       measured a higher p99 (docs/benchmarks.md). A handler that blocks there stops the receiving; the kernel's
 *       receive buffer then fills and drops, as it would for any receiver that falls behind. Inline, a
 *       {@link io.throng.net.udp.DatagramViewHandler} takes each datagram as a view of the receiver's buffer,
 *       so an echo allocates (almost) nothing per datagram and gives the collector nothing to pause for.</li>
 * </ul>
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>{@code DatagramServer.running() <= maxConcurrent}, always; at most {@code maxConcurrent} handler
 *       threads ever exist; inline, at most one handler runs.</li>
 *   <li>{@code received() == handled + dropped()}: every datagram the socket delivered is either given to
 *       a handler or counted as dropped (except those handed over when the server closes: they are
 *       discarded unhandled, as unread datagrams in the kernel are).</li>
 *   <li>No receive returns a cut datagram without {@code truncated} set.</li>
 * </ul>
 */
package io.throng.net.udp;
