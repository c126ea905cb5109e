/**
 * The NIO engine ({@link io.throng.net.Engine#NIO}): JDK channels, everywhere the epoll engine cannot run.
 * {@link io.throng.net.TcpServer} and {@link io.throng.net.Connection} run on it through
 * {@link io.throng.net.nio.NioTransport}; protocols do not see it. Internal: not exported.
 *
 * <h2>Design</h2>
 * <ul>
 *   <li><b>A busy connection owns a virtual thread, and the JDK parks it.</b> While a connection is
 *       <em>hot</em> its {@link java.nio.channels.SocketChannel} is in blocking mode and reads and writes
 *       are plain channel calls: the JDK parks the virtual thread and re-arms the descriptor in its own
 *       poller with one {@code epoll_ctl}, with no selector lock, update queue or wakeup on the request
 *       path. Writes are gathering.</li>
 *   <li><b>Idle: keep the thread while slots last, else go cold.</b> When the protocol has nothing left
 *       to do, {@code Connection} keeps its thread parked in a read of a 512-byte stash if one of
 *       {@link io.throng.net.ServerOptions#idleThreads()} slots (4,096 by default) is free, so the next
 *       request is served by the same thread at once. Otherwise the connection goes <em>cold</em>
 *       ({@link io.throng.net.nio.NioTransport#whenReadable}): non-blocking, registered with one of a few
 *       selector threads ({@link io.throng.net.nio.Poller}), no thread and no buffer. When bytes arrive
 *       the poller cancels the key, lets the selector deregister it, and runs the connection's wake-up,
 *       which starts a virtual thread; that thread's first read or write takes the channel back into
 *       blocking mode. The idle wait has no timeout: the JDK's timed socket read costs a timer and two
 *       mode switches per request, a third of the request's cost; bounding the number of waiting threads
 *       bounds their memory instead. Measured (IdleHeapTest, 15,000 connections): a cold connection
 *       costs about 0.8 KB of heap, one that keeps its thread about 4 KB (its parked stack).</li>
 *   <li><b>Detached</b>, the channel is a {@link io.throng.net.ByteStream} as it is ({@code NioStream}).</li>
 * </ul>
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>A channel is in blocking mode exactly while no selector holds it: the poller runs a cold
 *       connection's wake-up only after the selector has deregistered its cancelled key, and only the
 *       thread that wake-up starts switches it back.</li>
 *   <li>The selector never reads or writes a socket; a hot connection never touches the selector.</li>
 *   <li>Closing a cold connection cancels its key and wakes the selector, so the descriptor is freed at
 *       once rather than at the next select.</li>
 * </ul>
 */
package io.throng.net.nio;
