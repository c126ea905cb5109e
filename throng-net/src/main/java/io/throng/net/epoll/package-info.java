/**
 * PROTOTYPE, off the default path: an edge-triggered epoll engine through the Foreign Function &amp;
 * Memory API, to measure whether owning the readiness loop gets Throng to Netty's syscalls and CPU
 * per request. Nothing else in Throng uses this package; {@link io.throng.net.epoll.PlaintextServer}
 * is its only server, for {@code bench/epoll}. Linux only (x86_64 layout of {@code struct epoll_event});
 * run with {@code --enable-native-access=ALL-UNNAMED} to silence the JDK's restricted-method warning.
 *
 * <h2>Why</h2>
 * With blocking {@code SocketChannel}s on virtual threads, each time a read finds nothing the JDK
 * issues the read that returns EAGAIN, re-arms the descriptor with {@code epoll_ctl(MOD, EPOLLONESHOT)},
 * and its poller thread pays an {@code epoll_wait} and an unpark per wakeup. Netty registers each
 * socket once, edge-triggered, and after a short read waits without asking again.
 *
 * <h2>Design</h2>
 * <ul>
 *   <li><b>Raw descriptors, libc downcalls</b> ({@code Libc}): socket, bind, listen, accept4 with
 *       SOCK_NONBLOCK, read, write, shutdown, close, epoll_create1/ctl/wait, eventfd. errno comes from
 *       {@code Linker.Option.captureCallState("errno")} into a segment owned by the calling thread.
 *       read and write are {@code critical(true)} downcalls: they never block on a non-blocking socket,
 *       so they skip the thread-state transition and move bytes straight into and out of heap arrays.</li>
 *   <li><b>Registered once</b>: each accepted socket is added to one epoll set with
 *       {@code EPOLLIN|EPOLLOUT|EPOLLRDHUP|EPOLLET} and never modified; closing it removes it.</li>
 *   <li><b>One poller</b>, a platform thread in {@code epoll_wait}, turns each edge into flags on the
 *       connection ({@code readable}, {@code writable}, sticky {@code hangup}) and unparks the
 *       connection's thread only if it is parked. An eventfd in the set wakes it to stop.</li>
 *   <li><b>A virtual thread per connection</b> runs the handler with blocking-looking
 *       {@link io.throng.net.epoll.EpollConnection#read}/{@link io.throng.net.epoll.EpollConnection#write};
 *       a platform thread accepts (blocking accept4, woken for shutdown by shutdown(2) on the listener).</li>
 * </ul>
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>A readiness flag is cleared before every read (write) attempt and set by the poller after every
 *       edge, so an edge that arrives during or after an attempt is never lost; the thread parks only
 *       while the flag is clear, and publishes itself as the waiter before it checks the flag (the
 *       poller sets the flag before it reads the waiter), so one of the two always sees the other.</li>
 *   <li>A read that returned fewer bytes than asked drained the socket at that moment: the next read
 *       parks until an edge instead of asking the kernel for an EAGAIN. Only a hang-up (sticky, set
 *       before the flag) can hide behind a short read without an edge after it, so a hang-up always
 *       reads again: the end of stream is never missed.</li>
 *   <li>Flags are hints: an edge for a descriptor number that was closed and reused only causes one
 *       read or write that finds nothing, never a wrong byte.</li>
 *   <li>A connection's thread makes it, does all its I/O and closes it; its native memory is confined
 *       to that thread. Other threads only abort it (shutdown(2) under the connection's lock, so never
 *       after close(2) has freed the number).</li>
 * </ul>
 *
 * <h2>Not here (what a real engine needs)</h2>
 * Deadlines, cold connections without a thread, a connection limit, a way to hand a socket to
 * WebSocket or the gateway ({@code Connection.detach()} returns a {@code SocketChannel} today), IPv6
 * and non-loopback addresses. See docs/benchmarks.md, "Engine experiment".
 */
package io.throng.net.epoll;
