/**
 * TCP clients: {@link io.throng.net.client.TcpClient#connect} (a connect with a timeout, giving the same
 * {@link io.throng.net.ByteStream} a server's detached connection is) and
 * {@link io.throng.net.client.ReconnectingClient}, which keeps one connection up across failures, with
 * {@link io.throng.net.client.Backoff} and a listener for its {@link io.throng.net.client.ConnectionState}.
 *
 * <h2>Design</h2>
 * <ul>
 *   <li><b>Blocking, on virtual threads.</b> A client connection is a JDK {@code SocketChannel} in blocking
 *       mode; on a virtual thread its connect, reads and writes park, not block a carrier. The epoll engine
 *       is not used: it exists to keep idle <em>server</em> connections threadless, and a client has one
 *       connection and a thread that wants it.</li>
 *   <li><b>The same stream type both ways.</b> A client gets a {@code ByteStream}, as a WebSocket or a
 *       TLS layer over a server connection does, so protocol code (e.g. {@code TlsStream.connect}, the
 *       framing codecs) runs unchanged on either side.</li>
 *   <li><b>One thread per reconnecting client</b> runs connect, session and backoff in turn, so the
 *       listener hears states in order and never two at once. The wait is a timer of an injected
 *       {@link io.throng.channels.TimerSource} (armed before the listener hears of the wait) and the jitter
 *       an injected random generator: tests with {@link io.throng.channels.ManualTimers} see the exact delays
 *       and end them by advancing the clock, without waiting them.</li>
 * </ul>
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>At most one connection is open per {@code ReconnectingClient}; a new attempt starts only after the
 *       previous connection closed and the backoff wait passed.</li>
 *   <li>No wait exceeds {@link io.throng.net.client.Backoff#max()}, jitter included; the first wait after
 *       a connection was up is the initial delay again.</li>
 *   <li>{@code Stopped} is the last state the listener hears, and {@code close()} returns after it.</li>
 * </ul>
 */
package io.throng.net.client;
