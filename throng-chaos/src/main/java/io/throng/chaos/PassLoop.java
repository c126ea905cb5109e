package io.throng.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An event loop that relays the bytes of untouched TCP connections ({@link PassThrough}): one platform
 * thread blocked in the JDK's {@link Selector} (epoll on Linux), which reads whatever a socket has and
 * writes it to the other socket itself. A request crosses one wake-up of this thread, by the kernel,
 * where the threaded path crossed a poller's wake-up and then a virtual thread's unpark and mount, each
 * waiting for a free carrier on a busy box (profiled: docs/benchmarks.md, chaos section).
 *
 * <p>Not throng-net's epoll engine: that engine serves a socket to a blocking (virtual) thread, the very
 * hand-off this loop exists to skip, and it only adopts sockets its own listener accepted.
 *
 * <p>Other threads talk to a loop only through {@link #execute} (a task queue and a selector wake-up);
 * everything else here, and every {@link PassThrough} registered with it, belongs to the loop's thread.
 * A connection that leaves (a toxic now touches it) has its keys cancelled, and only after the next
 * select, which deregisters them, are its sockets made blocking again and handed to threads.
 */
final class PassLoop {
    /** Loops per process: one per core, at most two (beyond that the relay is not what limits). */
    private static final int LOOPS = Integer.getInteger("throng.chaos.loops",
            Math.clamp(Runtime.getRuntime().availableProcessors(), 1, 2));
    private static final AtomicInteger NEXT = new AtomicInteger();

    private final Selector selector;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Connections whose keys were cancelled, to finish leaving once a select has deregistered them. */
    private List<PassThrough> leaving = new ArrayList<>();
    /** The one buffer every relay of this loop reads into; only a write the peer could not take is copied out. */
    final ByteBuffer buffer = ByteBuffer.allocateDirect(Pipe.CHUNK);

    private PassLoop(int index) throws IOException {
        selector = Selector.open();
        Thread.ofPlatform().name("chaos-loop-" + index).daemon().start(this::run);
    }

    /** Shared by every proxy of the process, made at the first use; null if none can be (threads then). */
    private static final class Shared {
        static final PassLoop[] LOOPS = make();

        private static PassLoop[] make() {
            try {
                PassLoop[] loops = new PassLoop[PassLoop.LOOPS];
                for (int i = 0; i < loops.length; i++) {
                    loops[i] = new PassLoop(i);
                }
                return loops;
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
    }

    /** A loop for the next connection (round robin), or null if there is none: threads relay then. */
    static PassLoop next() {
        PassLoop[] loops = Shared.LOOPS;
        if (loops == null || LOOPS < 1) {
            return null;
        }
        return loops[Math.floorMod(NEXT.getAndIncrement(), loops.length)];
    }

    /** Runs {@code task} on the loop's thread, soon. Any thread. */
    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** Makes the loop select again (a closed socket's key is then deregistered and its descriptor freed). */
    void wakeup() {
        selector.wakeup();
    }

    SelectionKey register(java.nio.channels.SocketChannel channel, PassThrough relay) throws IOException {
        return channel.register(selector, SelectionKey.OP_READ, relay);
    }

    /** Called on the loop by a relay whose keys it has just cancelled. */
    void leave(PassThrough relay) {
        leaving.add(relay);
    }

    private void run() {
        while (true) {
            List<PassThrough> deregistering = List.of(); // a new list only when a relay left: not per select
            if (!leaving.isEmpty()) {
                deregistering = leaving;
                leaving = new ArrayList<>();
            }
            try {
                if (deregistering.isEmpty() && tasks.isEmpty()) {
                    selector.select(PassLoop::ready);
                } else {
                    selector.selectNow(PassLoop::ready); // deregisters the cancelled keys without waiting
                }
            } catch (IOException | UncheckedIOException e) {
                // A selector that fails has nothing to say about one connection; select again.
            }
            for (PassThrough r : deregistering) {
                r.toThreads();
            }
            Runnable task;
            while ((task = tasks.poll()) != null) {
                task.run();
            }
        }
    }

    private static void ready(SelectionKey key) {
        ((PassThrough) key.attachment()).ready(key);
    }
}
