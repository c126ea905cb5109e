/**
 * The TCP server core every Throng protocol reuses.
 *
 * <h2>Design</h2>
 * <ul>
 *   <li><b>Idle connections cost no thread and no buffer.</b> An accepted connection is a non-blocking
 *       {@link java.nio.channels.SocketChannel} registered on one of a few selector threads
 *       ({@code Poller}). When bytes arrive, the poller disarms the key and starts a virtual thread that
 *       runs {@link io.throng.net.Protocol#serve}; when that returns {@code true} the connection is
 *       parked again. A virtual thread blocked in a socket read would cost about 3 KB of heap (its stack
 *       chunk and thread object) per idle connection; parking on the selector costs a selection key.</li>
 *   <li><b>Busy connections are plain blocking code.</b> {@link io.throng.net.Connection#read} and
 *       {@link io.throng.net.Connection#write} park the virtual thread until the poller reports readiness,
 *       so protocol code reads like thread-per-connection code. Writes are gathering.</li>
 *   <li><b>One timer.</b> Every timeout is a single volatile deadline per connection, enforced by one
 *       sweeper thread ({@code Deadlines}) that scans live connections once per tick: an idle connection
 *       past its deadline is closed, a waiting read or write fails with
 *       {@link java.net.SocketTimeoutException}. Arming a deadline allocates nothing.</li>
 *   <li><b>Buffers</b> come from a shared {@link io.throng.net.BufferPool}, not from thread-locals
 *       (virtual threads are many and short-lived), and go back before a connection goes idle.</li>
 *   <li><b>Pre-fork</b> ({@link io.throng.net.Prefork}): a master runs N worker JVMs sharing the port
 *       with {@code SO_REUSEPORT}, restarts dead ones, drains on SIGTERM and replaces them one at a time
 *       on SIGHUP. It is also how one machine passes the 20,000 open files a process may hold.</li>
 * </ul>
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>A connection is IDLE (no thread), ACTIVE (exactly one virtual thread) or CLOSED. Only the poller
 *       moves IDLE to ACTIVE, only the active thread moves ACTIVE to IDLE, anyone may close; transitions
 *       are compare-and-set, so an idle connection is never served twice nor closed under its thread.</li>
 *   <li>At most one thread waits on a connection's I/O at a time.</li>
 *   <li>The connection count never exceeds {@link io.throng.net.ServerOptions#maxConnections()}; extra
 *       connections get {@link io.throng.net.Protocol#refuse} and are closed at once.</li>
 *   <li>After {@link io.throng.net.TcpServer#shutdown} returns, the listener, every connection and every
 *       server thread are closed.</li>
 * </ul>
 */
package io.throng.net;
