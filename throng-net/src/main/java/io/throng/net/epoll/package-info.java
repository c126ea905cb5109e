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
 *   <li><b>Sub-pollers and a master</b> (the JDK's own {@code VTHREAD_POLLERS} design): connections are
 *       spread over N epoll sets by descriptor number ({@code fd % N}, N the largest power of two not above
 *       the processor count). Each set has a sub-poller, a <em>virtual</em> thread looping: poll with
 *       timeout 0, turn each edge into flags on the connection ({@code readable}, {@code writable}, sticky
 *       {@code hangup}) and unpark the connection's thread if it is parked, then {@code Thread.yield()}
 *       and poll again; only after a poll that found nothing does it park. Because the unparks come from a
 *       carrier thread they queue on that carrier, with no futex to wake another. A parking sub-poller
 *       registers its set's descriptor {@code EPOLLIN|EPOLLONESHOT} with the master epoll set; the master,
 *       a platform thread in {@code epoll_wait(-1)}, wakes the sub-poller whose set became readable. An
 *       eventfd in the master set wakes it to stop. ({@code Pollers.virtual == false} keeps the first
 *       prototype: a platform thread per set blocked in {@code epoll_wait}, for comparison.)</li>
 *   <li><b>A virtual thread per connection</b> runs the handler with blocking-looking
 *       {@link io.throng.net.epoll.EpollConnection#read}/{@link io.throng.net.epoll.EpollConnection#write};
 *       a platform thread accepts (blocking accept4, woken for shutdown by shutdown(2) on the listener).</li>
 * </ul>
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>No lost sub-poller wake-up. A sub-poller parks only after a poll returned 0 (a poll that returned
 *       anything, even exactly MAX_EVENTS with more pending, is followed by another poll). To park it (1)
 *       clears {@code woken}, (2) arms its set in the master with {@code EPOLL_CTL_MOD} (the first time
 *       {@code ADD}), (3) parks while {@code woken} is clear. The kernel evaluates readiness when it arms, so
 *       an edge that arrived after the empty poll, before or after (2), makes the master fire. The master sets
 *       {@code woken} and then unparks; it can only do so for an event it took after an arm, and every arm
 *       follows a clear, so a set that is readable while its sub-poller is parked always ends in
 *       {@code woken} true and an unpark. Park may return early (a stale permit from an earlier unpark, or
 *       spuriously): the loop re-checks {@code woken}. A late wake meant for an earlier arm only costs a
 *       poll that finds nothing, after which the sub-poller arms and parks again.</li>
 *   <li>One-shot: an armed set fires once and stays disabled until its sub-poller re-arms it, so the master
 *       never spins on a set whose sub-poller is already polling.</li>
 *   <li>Stopping: {@code stop} sets {@code stopping}, writes the eventfd (the master ends), then unparks
 *       every sub-poller and joins it; a sub-poller checks {@code stopping} before each poll and in its
 *       park loop, so it ends whether it was polling or parked.</li>
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
