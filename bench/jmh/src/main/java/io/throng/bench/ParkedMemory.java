package io.throng.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * Shape 5: heap bytes per parked virtual thread. Starts N virtual threads that block in a receive
 * (on a channel of their own, or all on one shared channel) and measures the heap in use after a full
 * GC before and after; the difference divided by N is the cost of one parked thread, its frozen stack,
 * and its share of the channel and wait-queue entries. The baseline is a bare
 * {@link LockSupport#park()}, which is the least a parked virtual thread can cost.
 *
 * <p>A plain main, not a JMH benchmark: it is one measurement of a state, not a timing. Prints one
 * JSON line for bench/channels. Usage: {@code ParkedMemory throng|jox|park own|shared [threads]}.
 */
public final class ParkedMemory {
    private static final long PARK_LIMIT_NANOS = 180_000_000_000L;

    private ParkedMemory() {}

    /** One implementation's way to block a virtual thread, and to release it again. */
    private interface Blocker {
        void block(int i) throws InterruptedException;

        void releaseAll();
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: ParkedMemory throng|jox|park own|shared [threads]");
            System.exit(2);
        }
        String impl = args[0];
        boolean shared = switch (args[1]) {
            case "own" -> false;
            case "shared" -> true;
            default -> throw new IllegalArgumentException("layout must be own or shared: " + args[1]);
        };
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;

        Thread[] threads = new Thread[n]; // allocated before the baseline, so it is not counted
        long before = usedAfterGc();
        long start = System.nanoTime();
        Blocker blocker = blocker(impl, shared, n);
        for (int i = 0; i < n; i++) {
            int k = i;
            threads[i] = Thread.startVirtualThread(() -> {
                try {
                    blocker.block(k);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        awaitAllParked(threads, start);
        long parkedMillis = (System.nanoTime() - start) / 1_000_000;
        long after = usedAfterGc();

        // Release them the normal way (close, or unpark for the baseline); if that fails, by interrupt, and say so: a close that
        // cannot wake a million receivers is a finding too.
        String release = "ok";
        try {
            blocker.releaseAll();
        } catch (Throwable e) {
            release = "close failed (" + e.getClass().getSimpleName() + "), released by interrupt";
            for (Thread t : threads) {
                t.interrupt();
            }
        }
        long deadline = System.nanoTime() + PARK_LIMIT_NANOS;
        for (Thread t : threads) {
            if (!t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))) {
                throw new IllegalStateException("a virtual thread did not finish after release");
            }
        }
        System.out.printf(Locale.ROOT,
                "{\"impl\":\"%s\",\"layout\":\"%s\",\"threads\":%d,\"bytesPerThread\":%.1f,"
                        + "\"parkedMillis\":%d,\"release\":\"%s\"}%n",
                impl, args[1], n, (double) (after - before) / n, parkedMillis, release);
    }

    private static Blocker blocker(String impl, boolean shared, int n) {
        return switch (impl) {
            case "throng" -> {
                @SuppressWarnings("unchecked")
                io.throng.channels.Channel<Integer>[] chs = new io.throng.channels.Channel[shared ? 1 : n];
                for (int i = 0; i < chs.length; i++) {
                    chs[i] = io.throng.channels.Channel.unbuffered();
                }
                yield new Blocker() {
                    @Override
                    public void block(int i) throws InterruptedException {
                        chs[shared ? 0 : i].receive();
                    }

                    @Override
                    public void releaseAll() {
                        for (var ch : chs) {
                            ch.close();
                        }
                    }
                };
            }
            case "jox" -> {
                @SuppressWarnings("unchecked")
                com.softwaremill.jox.Channel<Integer>[] chs = new com.softwaremill.jox.Channel[shared ? 1 : n];
                for (int i = 0; i < chs.length; i++) {
                    chs[i] = com.softwaremill.jox.Channel.newRendezvousChannel();
                }
                yield new Blocker() {
                    @Override
                    public void block(int i) throws InterruptedException {
                        chs[shared ? 0 : i].receiveOrClosed();
                    }

                    @Override
                    public void releaseAll() {
                        for (var ch : chs) {
                            ch.done();
                        }
                    }
                };
            }
            case "park" -> new Blocker() {
                private volatile boolean released;
                private final Thread[] parked = new Thread[n];

                @Override
                public void block(int i) {
                    parked[i] = Thread.currentThread();
                    while (!released) {
                        LockSupport.park(this);
                    }
                }

                @Override
                public void releaseAll() {
                    released = true;
                    for (Thread t : parked) {
                        LockSupport.unpark(t);
                    }
                }
            };
            default -> throw new IllegalArgumentException("impl must be throng, jox or park: " + impl);
        };
    }

    /** Polls (bounded) until every thread is parked: only then is its stack frozen into the heap. */
    private static void awaitAllParked(Thread[] threads, long start) throws InterruptedException {
        int from = 0;
        while (from < threads.length) {
            Thread t = threads[from];
            if (t.getState() == Thread.State.WAITING) {
                from++;
            } else if (System.nanoTime() - start > PARK_LIMIT_NANOS) {
                throw new IllegalStateException("thread " + from + " is " + t.getState() + ", not parked");
            } else {
                Thread.sleep(1);
            }
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        // A few rounds: the first may leave reference-processing garbage for the next.
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
