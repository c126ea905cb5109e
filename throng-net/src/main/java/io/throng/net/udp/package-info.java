/**
 * UDP on virtual threads: {@link io.throng.net.udp.UdpSocket} (bind, send, receive with a timeout,
 * multicast) and {@link io.throng.net.udp.DatagramServer} (a handler per datagram, bounded).
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
 *       to a new virtual thread while fewer than {@code maxConcurrent} run, and drops (and counts) it
 *       otherwise. A queue in front of busy handlers would only add latency to what UDP already lets
 *       the sender retry, and memory to a flood.</li>
 * </ul>
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>{@code DatagramServer.running() <= maxConcurrent}, always.</li>
 *   <li>{@code received() == handled + dropped()}: every datagram the socket delivered is either given to
 *       a handler or counted as dropped.</li>
 *   <li>No receive returns a cut datagram without {@code truncated} set.</li>
 * </ul>
 */
package io.throng.net.udp;
