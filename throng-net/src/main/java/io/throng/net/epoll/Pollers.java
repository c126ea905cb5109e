package io.throng.net.epoll;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The epoll sets a server's sockets are registered with, and the loops that watch them: one
 * {@link SubPoller} per set (a virtual thread) and one master (a platform thread in {@code epoll_wait})
 * that wakes a sub-poller whose set became readable while it was parked. A socket goes to set
 * {@code fd % count}, and is found again by its descriptor number in one table. See the package doc for
 * the wake-up protocol.
 */
public final class Pollers {
    /** Descriptors above this are refused; one process may hold at most 20,000 files here. */
    static final int MAX_FD = 1 << 16;
    private static final int EVENTS = Libc.EPOLLIN | Libc.EPOLLOUT | Libc.EPOLLRDHUP | Libc.EPOLLET;
    /** epoll data of the stop eventfd in the master set; sub-pollers' sets are numbered from 0. */
    private static final long WAKE = -1;

    private final SubPoller[] sets;
    private final AtomicReferenceArray<EpollSocket> byFd = new AtomicReferenceArray<>(MAX_FD);
    private final int masterFd, wakeFd;
    private final Thread master;
    private volatile boolean stopping;

    private Pollers(int masterFd, int wakeFd, int[] setFds, String name) {
        this.masterFd = masterFd;
        this.wakeFd = wakeFd;
        this.sets = new SubPoller[setFds.length];
        for (int i = 0; i < setFds.length; i++) {
            sets[i] = new SubPoller(this, i, setFds[i], name);
        }
        this.master = Thread.ofPlatform().name(name + "-master").daemon().unstarted(this::master);
    }

    /** Creates {@code count} epoll sets and starts their loops; {@code name} prefixes the threads' names. */
    public static Pollers start(int count, String name) throws IOException {
        if (count < 1) {
            throw new IllegalArgumentException("count < 1: " + count);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment e = Libc.errnoSegment(arena);
            int masterFd = check(e, Libc.epollCreate1(e, Libc.SOCK_CLOEXEC), "epoll_create1");
            int wakeFd = check(e, Libc.eventfd(e, 0, Libc.EFD_NONBLOCK | Libc.EFD_CLOEXEC), "eventfd");
            MemorySegment ev = arena.allocate(Libc.EPOLL_EVENT_BYTES, 8);
            ev.set(ValueLayout.JAVA_INT, 0, Libc.EPOLLIN);
            ev.set(ValueLayout.JAVA_LONG_UNALIGNED, Libc.EPOLL_DATA_OFFSET, WAKE);
            check(e, Libc.epollCtl(e, masterFd, Libc.EPOLL_CTL_ADD, wakeFd, ev), "epoll_ctl eventfd");
            int[] setFds = new int[count];
            for (int i = 0; i < count; i++) {
                setFds[i] = check(e, Libc.epollCreate1(e, Libc.SOCK_CLOEXEC), "epoll_create1");
            }
            Pollers p = new Pollers(masterFd, wakeFd, setFds, name);
            for (SubPoller s : p.sets) {
                s.thread.start();
            }
            p.master.start();
            return p;
        }
    }

    /**
     * Adopts an accepted non-blocking socket: enters it in the table, then registers it once,
     * edge-triggered. The kernel reports at once whatever is already readable. {@code e} and {@code ev}
     * (an epoll_event) are the caller's scratch segments.
     */
    EpollSocket register(int fd, java.net.InetSocketAddress remote, MemorySegment e, MemorySegment ev) throws IOException {
        if (fd >= MAX_FD) {
            Libc.close(e, fd);
            throw new IOException("descriptor " + fd + " above the engine's table");
        }
        EpollSocket s = new EpollSocket(this, fd, remote);
        byFd.set(fd, s); // before epoll_ctl, so that the first edge finds the socket
        ev.set(ValueLayout.JAVA_INT, 0, EVENTS);
        ev.set(ValueLayout.JAVA_LONG_UNALIGNED, Libc.EPOLL_DATA_OFFSET, fd);
        if (stopping || Libc.epollCtl(e, sets[fd % sets.length].epfd, Libc.EPOLL_CTL_ADD, fd, ev) < 0) {
            String why = stopping ? "stopping" : Libc.describe(Libc.errno(e));
            s.close();
            throw new IOException("cannot watch the socket: " + why);
        }
        return s;
    }

    boolean stopping() {
        return stopping;
    }

    int masterFd() {
        return masterFd;
    }

    EpollSocket socket(int fd) {
        return fd >= 0 && fd < MAX_FD ? byFd.get(fd) : null;
    }

    /** Drops the socket from the table; called just before its close(2). */
    void forget(EpollSocket s) {
        byFd.compareAndSet(s.fd, s, null);
    }

    /** Per set: whether its sub-poller is parked on the master, and how often the master woke it. */
    public record SetState(boolean parked, long wakeups) {}

    public List<SetState> states() {
        return Arrays.stream(sets).map(s -> new SetState(s.parked(), s.wakeups())).toList();
    }

    /**
     * The master: blocks until some sub-poller's set is readable (each registers its set one-shot just
     * before it parks) and wakes that sub-poller. The eventfd ends it.
     */
    private void master() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment e = Libc.errnoSegment(arena);
            MemorySegment events = arena.allocate(Libc.EPOLL_EVENT_BYTES * (sets.length + 1), 8);
            while (!stopping) {
                int n = Libc.epollWait(e, masterFd, events, sets.length + 1, -1);
                for (int i = 0; i < n; i++) {
                    long set = events.get(ValueLayout.JAVA_LONG_UNALIGNED, i * Libc.EPOLL_EVENT_BYTES + Libc.EPOLL_DATA_OFFSET);
                    if (set != WAKE) {
                        sets[(int) set].wake();
                    }
                }
            }
        }
    }

    /** Stops every loop and closes the epoll sets. Sockets are the server's to close, before this. */
    public void stop() throws InterruptedException {
        if (stopping) {
            return;
        }
        stopping = true;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment e = Libc.errnoSegment(arena);
            Libc.write(e, wakeFd, arena.allocateFrom(ValueLayout.JAVA_LONG, 1), 8);
            master.join();
            for (SubPoller s : sets) {
                s.unparkForStop(); // a parked sub-poller sees stopping; a polling one sees it before its next poll
                s.thread.join();
            }
            Libc.close(e, wakeFd);
            for (SubPoller s : sets) {
                Libc.close(e, s.epfd);
            }
            Libc.close(e, masterFd);
        }
    }

    static int check(MemorySegment e, int result, String what) throws IOException {
        if (result < 0) {
            throw new IOException(what + " failed: " + Libc.describe(Libc.errno(e)));
        }
        return result;
    }
}
