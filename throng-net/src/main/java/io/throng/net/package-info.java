/**
 * The TCP server core every Throng protocol reuses.
 *
 * <h2>Design</h2>
 * Two engines ({@link io.throng.net.Engine}) give a connection the same life. The epoll engine (the default
 * on Linux x86_64, in {@code io.throng.net.epoll}) registers each socket once, edge-triggered, through
 * FFM: a request costs a read and a write, and an idle connection has no thread and costs no system call
 * to leave or wake. The NIO engine (JDK channels, everywhere else) works as follows.
 * <ul>
 *   <li><b>A busy connection owns a virtual thread, and the JDK parks it.</b> While a connection is
 *       <em>hot</em> its {@link java.nio.channels.SocketChannel} is in blocking mode and
 *       {@link io.throng.net.Connection#read}/{@link io.throng.net.Connection#write} are plain channel
 *       calls: the JDK parks the virtual thread and re-arms the descriptor in its own poller with one
 *       {@code epoll_ctl}, with no selector lock, update queue or wakeup on the request path. Protocol code
 *       reads like thread-per-connection code because it is. Writes are gathering.</li>
 *   <li><b>Idle: keep the thread while slots last, else go cold.</b> When the protocol has nothing left
 *       to do, its thread stays parked in a read of a 512-byte stash if one of
 *       {@link io.throng.net.ServerOptions#idleThreads()} slots (4,096 by default) is free, so the next
 *       request is served by the same thread at once. Otherwise the connection goes <em>cold</em>:
 *       non-blocking, registered with one of a few selector threads ({@code Poller}), no thread and no
 *       buffer; when bytes arrive the poller cancels the key and starts a virtual thread that takes the
 *       channel back. The wait has no timeout: the JDK's timed socket read costs a timer and two mode
 *       switches per request, a third of the request's cost; bounding the number of waiting threads
 *       bounds their memory instead. Measured (IdleHeapTest, 15,000 connections): a cold connection
 *       costs about 0.8 KB of heap, one that keeps its thread about 4 KB (its parked stack).</li>
 *   <li><b>One timer.</b> Every timeout is a single volatile deadline per connection, enforced by one
 *       sweeper thread ({@code Deadlines}) that scans live connections once per tick: an idle connection
 *       past its deadline is closed; a read blocked past it ends with
 *       {@link java.net.SocketTimeoutException} (the sweeper shuts the input down, so a 408 can still be
 *       written); a write blocked past it fails and the connection closes. Arming a deadline allocates
 *       nothing.</li>
 *   <li><b>Buffers</b> come from a shared {@link io.throng.net.BufferPool}, not from thread-locals
 *       (virtual threads are many and short-lived), and go back before a connection goes idle.</li>
 *   <li><b>Pre-fork</b> ({@link io.throng.net.Prefork}): a master runs N worker JVMs sharing the port
 *       with {@code SO_REUSEPORT}, restarts dead ones, drains on SIGTERM and replaces them one at a time
 *       on SIGHUP. It is also how one machine passes the 20,000 open files a process may hold.</li>
 * </ul>
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>A connection is IDLE (waiting in its thread, or cold), ACTIVE (exactly one virtual thread runs the protocol)
 *       or CLOSED. Whoever sees its bytes (the waiting thread or the poller) moves IDLE to ACTIVE, only
 *       the active thread moves ACTIVE to IDLE, anyone may close; transitions are compare-and-set, so an
 *       idle connection is never served twice nor closed under its thread.</li>
 *   <li>A channel is in blocking mode exactly while no selector holds it: the poller starts a thread
 *       for a cold connection only after the selector has deregistered its cancelled key.</li>
 *   <li>At most one thread waits on a connection's I/O at a time.</li>
 *   <li>The connection count never exceeds {@link io.throng.net.ServerOptions#maxConnections()}; extra
 *       connections get {@link io.throng.net.Protocol#refuse} and are closed at once.</li>
 *   <li>After {@link io.throng.net.TcpServer#shutdown} returns, the listener, every connection and every
 *       server thread are closed.</li>
 * </ul>
 */
package io.throng.net;
