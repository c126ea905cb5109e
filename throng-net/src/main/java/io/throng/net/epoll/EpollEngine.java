package io.throng.net.epoll;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A TCP listener on loopback whose connections are registered once, edge-triggered, in one epoll set:
 * a platform thread accepts, a platform thread waits in {@code epoll_wait} and turns edges into flags
 * and unparks, and a virtual thread per connection runs the {@link Handler}. See the package doc.
 */
public final class EpollEngine implements AutoCloseable {

    /** What runs on each connection's virtual thread; the engine closes the connection afterwards. */
    @FunctionalInterface
    public interface Handler {
        void serve(EpollConnection connection) throws IOException;
    }

    /** Descriptors above this are refused; one process may hold at most 20,000 files here. */
    private static final int MAX_FD = 1 << 16;
    private static final int MAX_EVENTS = 1024;
    private static final int EVENTS = Libc.EPOLLIN | Libc.EPOLLOUT | Libc.EPOLLRDHUP | Libc.EPOLLET;

    private final Handler handler;
    private final int listenFd, epfd, wakeFd, port;
    private final AtomicReferenceArray<EpollConnection> byFd = new AtomicReferenceArray<>(MAX_FD);
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final Thread acceptor, poller;
    private volatile boolean stopping;

    private EpollEngine(Handler handler, int listenFd, int epfd, int wakeFd, int port) {
        this.handler = handler;
        this.listenFd = listenFd;
        this.epfd = epfd;
        this.wakeFd = wakeFd;
        this.port = port;
        this.poller = Thread.ofPlatform().name("epoll-poller").daemon().unstarted(this::poll);
        this.acceptor = Thread.ofPlatform().name("epoll-accept").daemon().unstarted(this::accept);
    }

    /** Listens on 127.0.0.1:{@code port} (0 picks a free port) with SO_REUSEPORT and starts serving. */
    public static EpollEngine start(int port, Handler handler) throws IOException {
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
            int epfd = check(e, Libc.epollCreate1(e, Libc.SOCK_CLOEXEC), "epoll_create1");
            int wakeFd = check(e, Libc.eventfd(e, 0, Libc.EFD_NONBLOCK | Libc.EFD_CLOEXEC), "eventfd");
            MemorySegment ev = arena.allocate(Libc.EPOLL_EVENT_BYTES, 8);
            ev.set(ValueLayout.JAVA_INT, 0, Libc.EPOLLIN);
            ev.set(ValueLayout.JAVA_LONG_UNALIGNED, Libc.EPOLL_DATA_OFFSET, wakeFd);
            check(e, Libc.epollCtl(e, epfd, Libc.EPOLL_CTL_ADD, wakeFd, ev), "epoll_ctl eventfd");
            EpollEngine engine = new EpollEngine(handler, fd, epfd, wakeFd, bound);
            engine.poller.start();
            engine.acceptor.start();
            return engine;
        }
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
            if (Libc.epollCtl(e, epfd, Libc.EPOLL_CTL_ADD, fd, ev) == 0 && !stopping) {
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

    private void poll() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment e = Libc.errnoSegment(arena);
            MemorySegment events = arena.allocate(Libc.EPOLL_EVENT_BYTES * MAX_EVENTS, 8);
            while (!stopping) {
                int n = Libc.epollWait(e, epfd, events, MAX_EVENTS, -1);
                for (int i = 0; i < n; i++) {
                    long at = i * Libc.EPOLL_EVENT_BYTES;
                    int mask = events.get(ValueLayout.JAVA_INT, at);
                    int fd = (int) events.get(ValueLayout.JAVA_LONG_UNALIGNED, at + Libc.EPOLL_DATA_OFFSET);
                    // A late edge for a closed fd whose number was reused only makes a read that finds
                    // nothing: flags are hints, every wait re-checks by reading or writing.
                    EpollConnection c = fd == wakeFd ? null : byFd.get(fd);
                    if (c != null) {
                        c.ready(mask);
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
            Libc.write(e, wakeFd, one, 8); // wakes epoll_wait
            poller.join();
            Libc.close(e, listenFd);
            Libc.close(e, wakeFd);
            Libc.close(e, epfd);
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
