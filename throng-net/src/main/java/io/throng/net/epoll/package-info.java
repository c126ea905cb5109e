/**
 * The epoll engine ({@link io.throng.net.Engine#EPOLL}, the default on Linux x86_64): raw descriptors and
 * libc through the Foreign Function &amp; Memory API, each socket registered once, edge-triggered.
 * {@link io.throng.net.TcpServer} and {@link io.throng.net.Connection} run on it; protocols do not see it.
 * Each socket, {@link io.throng.net.epoll.EpollSocket}, is itself the connection's
 * {@link io.throng.net.engine.Transport} and, detached, its {@link io.throng.net.ByteStream}: no wrapper
 * object and no forwarding call on the request path. Internal: not exported.
 * It needs native access ({@code --enable-native-access=ALL-UNNAMED}; the CLI jar's manifest grants it).
 *
 * <h2>Why</h2>
 * With blocking {@code SocketChannel}s on virtual threads, each time a read finds nothing the JDK
 * issues the read that returns EAGAIN, re-arms the descriptor with {@code epoll_ctl(MOD, EPOLLONESHOT)},
 * and its poller pays an {@code epoll_wait} and an unpark per wake-up: about 4 system calls per request
 * where nginx and Netty make 2.3. An idle connection without a thread costs more: deregistering from a
 * selector, two mode switches, registering again. Here a request costs a read and a write, and a
 * connection with no thread costs nothing until its next edge (measured: docs/benchmarks.md).
 *
 * <h2>Design</h2>
 * <ul>
 *   <li><b>Raw descriptors, libc downcalls</b> ({@code Libc}): socket, bind, listen, accept4 with
 *       SOCK_NONBLOCK, read, write, shutdown, close, epoll_create1/ctl/wait, eventfd. errno comes from
 *       {@code Linker.Option.captureCallState("errno")} into a segment per direction of each socket (one
 *       thread reads and one writes at a time). read and write are {@code critical(true)} downcalls: they
 *       never block on a non-blocking socket, so they skip the thread-state transition and move bytes
 *       straight into and out of heap or direct buffers.</li>
 *   <li><b>Registered once</b> ({@link io.throng.net.epoll.Pollers#register}): each accepted socket is added to one
 *       epoll set with {@code EPOLLIN|EPOLLOUT|EPOLLRDHUP|EPOLLET} and never modified; close(2) removes it.
 *       A listener ({@link io.throng.net.epoll.EpollListener}) accepts on a platform thread, blocking in
 *       {@code accept4}; shutdown(2) on the listener wakes it.</li>
 *   <li><b>Sub-pollers and a master</b> (the JDK's own {@code VTHREAD_POLLERS} design): sockets are spread
 *       over N epoll sets by descriptor number ({@code fd % N}). Each set has a sub-poller, a
 *       <em>virtual</em> thread looping: poll with timeout 0, turn each edge into flags on the socket
 *       ({@code readable}, {@code writable}, sticky {@code hangup}) and unpark the socket's waiting thread,
 *       or run its {@code whenReadable} callback if no thread serves it; then {@code Thread.yield()} and
 *       poll again; only after a poll that found nothing does it park. Because the unparks come from a
 *       carrier thread they queue on that carrier, with no futex to wake another. A parking sub-poller
 *       registers its set's descriptor {@code EPOLLIN|EPOLLONESHOT} with the master epoll set; the master,
 *       a platform thread in {@code epoll_wait(-1)}, wakes the sub-poller whose set became readable. An
 *       eventfd in the master set wakes it to stop.</li>
 *   <li><b>Cold connections have no thread</b>: when a connection idles, its thread registers a
 *       {@code whenReadable} callback and ends. The next edge runs the callback on the sub-poller, which
 *       starts a virtual thread for the connection. Going cold and waking make no system call.</li>
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
 *   <li>A whenReadable callback runs at most once: it is taken with getAndSet by the poller, or taken back
 *       with compareAndSet by its owner when the flags say the socket may be readable already (the owner
 *       publishes the callback before it reads the flags; the poller sets a flag before it reads the
 *       callback, so one of the two always sees the other).</li>
 *   <li>A descriptor number is freed (close(2)) only once closing has begun and no thread is inside a
 *       system call on it (a use count with a closed bit), and it leaves the table first: a call can never
 *       land on a number that accept has handed out again.</li>
 * </ul>
 */
package io.throng.net.epoll;
