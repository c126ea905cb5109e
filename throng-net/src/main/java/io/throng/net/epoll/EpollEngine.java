package io.throng.net.epoll;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A TCP listener on loopback whose connections are registered once, edge-triggered, in one of
 * {@link Pollers#count} epoll sets (by descriptor number): a platform thread accepts, a
 * {@link SubPoller} per set turns edges into flags and unparks, and a virtual thread per connection
 * runs the {@link Handler}. See the package doc.
 */
public final class EpollEngine implements AutoCloseable {

    /** What runs on each connection's virtual thread; the engine closes the connection afterwards. */
    @FunctionalInterface
    public interface Handler {
        void serve(EpollConnection connection) throws IOException;
    }

    /**
     * How the epoll sets are polled.
     *
     * @param count how many sets (and pollers); connections go to set {@code fd % count}
     * @param virtual sub-pollers on virtual threads, parked on a master poller (the JDK's design);
     *     false: one platform thread per set blocked in {@code epoll_wait} (the first prototype)
     * @param yieldAfterEdges a virtual sub-poller yields after a poll that found edges before polling again
     */
    public record Pollers(int count, boolean virtual, boolean yieldAfterEdges) {
        public Pollers {
            if (count < 1) {
                throw new IllegalArgumentException("count < 1: " + count);
            }
        }

        /** As the JDK sizes its read sub-pollers: the largest power of two not above the processor count. */
        public static Pollers byDefault() {
            return new Pollers(Integer.highestOneBit(Runtime.getRuntime().availableProcessors()), true, true);
        }
    }

    /** Descriptors above this are refused; one process may hold at most 20,000 files here. */
    private static final int MAX_FD = 1 << 16;
    private static final int EVENTS = Libc.EPOLLIN | Libc.EPOLLOUT | Libc.EPOLLRDHUP | Libc.EPOLLET;
    /** epoll data of the stop eventfd; sub-pollers' sets are numbered from 0. */
    private static final long WAKE = -1;

    private final Handler handler;
    private final int listenFd, masterFd, wakeFd, port;
    private final SubPoller[] pollers;
    private final AtomicReferenceArray<EpollConnection> byFd = new AtomicReferenceArray<>(MAX_FD);
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final Thread acceptor, master;
    private volatile boolean stopping;

    private EpollEngine(Handler handler, int listenFd, int masterFd, int wakeFd, int port, int[] sets, Pollers mode) {
        this.handler = handler;
        this.listenFd = listenFd;
        this.masterFd = masterFd;
        this.wakeFd = wakeFd;
        this.port = port;
        this.pollers = new SubPoller[sets.length];
        for (int i = 0; i < sets.length; i++) {
            pollers[i] = new SubPoller(this, i, sets[i], mode.virtual(), mode.yieldAfterEdges());
        }
        this.master = mode.virtual() ? Thread.ofPlatform().name("epoll-master").daemon().unstarted(this::master) : null;
        this.acceptor = Thread.ofPlatform().name("epoll-accept").daemon().unstarted(this::accept);
    }

    /** {@link #start(int, Pollers, Handler)} with {@link Pollers#byDefault()}. */
    public static EpollEngine start(int port, Handler handler) throws IOException {
        return start(port, Pollers.byDefault(), handler);
    }

    /** Listens on 127.0.0.1:{@code port} (0 picks a free port) with SO_REUSEPORT and starts serving. */
    public static EpollEngine start(int port, Pollers mode, Handler handler) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment e = Libc.errnoSegment(arena);
            int fd = check(e, Libc.socket(e, Libc.AF_INET, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC, 0), "socket");
            MemorySegment one = arena.allocateFrom(ValueLayout.JAVA_INT, 1);
            check(e, Libc.setsockopt(e, fd, Libc.SOL_SOCKET, Libc.SO_REUSEADDR, one, 4), "SO_REUSEADDR");
            check(e, Libc.setsockopt(e, fd, Libc.SOL_SOCKET, Libc.SO_REUSEPORT, one, 4), "SO_REUSEPORT");
            MemorySegment addr = arena.allocate(16);
            addr.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_INET);
            addr.set(ValueLayout.JAVA_BYTE, 2, (byte) (port >>> 8)); // network byte order
            addr.set(ValueLayout.JAVA_BYTE, 3, (byte) port);
            addr.asSlice(4, 4).copyFrom(MemorySegment.ofArray(new byte[] {127, 0, 0, 1}));
            check(e, Libc.bind(e, fd, addr, 16), "bind");
            check(e, Libc.listen(e, fd, 4096), "listen");
            MemorySegment len = arena.allocateFrom(ValueLayout.JAVA_INT, 16);
            check(e, Libc.getsockname(e, fd, addr, len), "getsockname");
            int bound = ((addr.get(ValueLayout.JAVA_BYTE, 2) & 0xff) << 8) | (addr.get(ValueLayout.JAVA_BYTE, 3) & 0xff);
            int wakeFd = check(e, Libc.eventfd(e, 0, Libc.EFD_NONBLOCK | Libc.EFD_CLOEXEC), "eventfd");
            MemorySegment ev = arena.allocate(Libc.EPOLL_EVENT_BYTES, 8);
            ev.set(ValueLayout.JAVA_INT, 0, Libc.EPOLLIN);
            ev.set(ValueLayout.JAVA_LONG_UNALIGNED, Libc.EPOLL_DATA_OFFSET, WAKE);
            int masterFd = -1;
            if (mode.virtual()) { // the master alone waits on the eventfd; sub-pollers see stopping when unparked
                masterFd = check(e, Libc.epollCreate1(e, Libc.SOCK_CLOEXEC), "epoll_create1");
                check(e, Libc.epollCtl(e, masterFd, Libc.EPOLL_CTL_ADD, wakeFd, ev), "epoll_ctl eventfd");
            }
            int[] sets = new int[mode.count()];
            for (int i = 0; i < sets.length; i++) {
                sets[i] = check(e, Libc.epollCreate1(e, Libc.SOCK_CLOEXEC), "epoll_create1");
                if (!mode.virtual()) { // each platform poller blocks in its own set: the eventfd must be in each
                    check(e, Libc.epollCtl(e, sets[i], Libc.EPOLL_CTL_ADD, wakeFd, ev), "epoll_ctl eventfd");
                }
            }
            EpollEngine engine = new EpollEngine(handler, fd, masterFd, wakeFd, bound, sets, mode);
            for (SubPoller p : engine.pollers) {
                p.thread.start();
            }
            if (engine.master != null) {
                engine.master.start();
            }
            engine.acceptor.start();
            return engine;
        }
    }

    /**
     * Per set: whether its sub-poller is parked waiting for the master, and how many times the master
     * has woken it. For tests and diagnostics; platform pollers never park here.
     */
    public record PollerState(boolean parked, long wakeups) {}

    public List<PollerState> pollerStates() {
        return Arrays.stream(pollers).map(p -> new PollerState(p.parked(), p.wakeups())).toList();
    }

    boolean stopping() {
        return stopping;
    }

    int masterFd() {
        return masterFd;
    }

    EpollConnection connection(int fd) {
        return fd < MAX_FD ? byFd.get(fd) : null;
    }

    public int port() {
        return port;
    }

    /** Connections accepted and not yet closed. */
    public int openConnections() {
        return threads.size();
    }

    private void accept() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment e = Libc.errnoSegment(arena);
            MemorySegment one = arena.allocateFrom(ValueLayout.JAVA_INT, 1);
            while (!stopping) {
                int fd = Libc.accept4(e, listenFd, Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC);
                if (fd < 0) {
                    continue; // EINTR, ECONNABORTED, EMFILE; or EINVAL once stopping shut the listener down
                }
                if (fd >= MAX_FD || stopping) {
                    Libc.close(e, fd);
                    continue;
                }
                Libc.setsockopt(e, fd, Libc.IPPROTO_TCP, Libc.TCP_NODELAY, one, 4);
                Thread t = Thread.ofVirtual().name("epoll-conn-", fd).unstarted(() -> serve(fd));
                threads.add(t);
                t.start();
            }
        }
    }

    /** A connection's whole life, on its own virtual thread: its memory is confined to that thread. */
    private void serve(int fd) {
        EpollConnection c = new EpollConnection(this, fd);
        try (Arena arena = Arena.ofConfined()) {
            byFd.set(fd, c); // before epoll_ctl, so that the first edge finds the connection
            MemorySegment e = Libc.errnoSegment(arena);
            MemorySegment ev = arena.allocate(Libc.EPOLL_EVENT_BYTES, 8);
            ev.set(ValueLayout.JAVA_INT, 0, EVENTS);
            ev.set(ValueLayout.JAVA_LONG_UNALIGNED, Libc.EPOLL_DATA_OFFSET, fd);
            if (Libc.epollCtl(e, pollers[fd % pollers.length].epfd, Libc.EPOLL_CTL_ADD, fd, ev) == 0 && !stopping) {
                handler.serve(c);
            }
        } catch (IOException | RuntimeException ex) {
            // The peer is gone or the handler failed: closing is all that is left.
        } finally {
            c.close();
            threads.remove(Thread.currentThread());
        }
    }

    /** Drops the connection from the table; called by its own thread just before close(2). */
    void forget(EpollConnection c) {
        byFd.compareAndSet(c.fd, c, null);
    }

    /**
     * The master poller: blocks until some sub-poller's set is readable (each is registered one-shot,
     * by its sub-poller, just before it parks) and wakes that sub-poller. The eventfd ends it.
     */
    private void master() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment e = Libc.errnoSegment(arena);
            MemorySegment events = arena.allocate(Libc.EPOLL_EVENT_BYTES * (pollers.length + 1), 8);
            while (!stopping) {
                int n = Libc.epollWait(e, masterFd, events, pollers.length + 1, -1);
                for (int i = 0; i < n; i++) {
                    long set = events.get(ValueLayout.JAVA_LONG_UNALIGNED, i * Libc.EPOLL_EVENT_BYTES + Libc.EPOLL_DATA_OFFSET);
                    if (set != WAKE) {
                        pollers[(int) set].wake();
                    }
                }
            }
        }
    }

    /** Stops accepting, ends every connection, and waits up to {@code grace} for their threads. */
    public void stop(Duration grace) throws InterruptedException {
        stopping = true;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment e = Libc.errnoSegment(arena);
            Libc.shutdown(e, listenFd, Libc.SHUT_RDWR); // wakes the blocking accept4
            acceptor.join();
            for (int fd = 0; fd < MAX_FD; fd++) {
                EpollConnection c = byFd.get(fd);
                if (c != null) {
                    c.abort(e);
                }
            }
            long end = System.nanoTime() + grace.toNanos();
            for (Thread t : threads) {
                t.join(Duration.ofNanos(Math.max(1, end - System.nanoTime())));
            }
            MemorySegment one = arena.allocateFrom(ValueLayout.JAVA_LONG, 1);
            Libc.write(e, wakeFd, one, 8); // wakes the master, or every platform poller
            if (master != null) {
                master.join();
            }
            for (SubPoller p : pollers) {
                p.unparkForStop(); // a parked sub-poller sees stopping; a polling one sees it before its next poll
                p.thread.join();
            }
            Libc.close(e, listenFd);
            Libc.close(e, wakeFd);
            for (SubPoller p : pollers) {
                Libc.close(e, p.epfd);
            }
            if (masterFd >= 0) {
                Libc.close(e, masterFd);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop(Duration.ofSeconds(5));
    }

    private static int check(MemorySegment e, int result, String what) throws IOException {
        if (result < 0) {
            throw new IOException(what + " failed: errno " + Libc.errno(e));
        }
        return result;
    }
}
