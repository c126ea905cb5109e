package io.throng.bench;

import io.throng.channels.Channel;
import io.throng.channels.Scope;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The virtual-thread pitfalls of docs/concurrency.md, measured on this JVM: what still pins a carrier,
 * what a ThreadLocal costs per thread, what CPU-bound work does to everyone else, and how long a
 * cancellation takes with and without cooperation. Each cell runs {@code rounds} times; the table shows
 * the median and the range. A plain main, not JMH: these are wall-clock effects of scheduling, not
 * throughput of a hot loop. Usage: {@code Pitfalls [rounds]} (bench/coroutines).
 */
public final class Pitfalls {

    private static final int CARRIERS = Runtime.getRuntime().availableProcessors();

    private Pitfalls() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        System.out.printf(Locale.ROOT, "carriers: %d (jdk.virtualThreadScheduler.parallelism defaults to the cores), JDK %s%n%n",
                CARRIERS, Runtime.version());
        System.out.println("| pitfall | case | median | range |");
        System.out.println("|---|---|---:|---:|");
        row("blocking while holding a monitor", "100 virtual threads: synchronized { Thread.sleep(20 ms) }", rounds, "ms",
                () -> blockingInside(100, true));
        row("blocking in native code", "100 virtual threads: libc usleep(20 ms) through FFM", rounds, "ms",
                () -> nativeSleep(100));
        row("blocking in native code", "100 virtual threads: Thread.sleep(20 ms), for comparison", rounds, "ms",
                () -> blockingInside(100, false));
        row("ThreadLocal per thread", "heap per parked virtual thread, nothing thread-local", rounds, "bytes",
                () -> heapPerParkedThread(50_000, 0));
        row("ThreadLocal per thread", "heap per parked virtual thread holding an 8 KiB ThreadLocal buffer", rounds, "bytes",
                () -> heapPerParkedThread(50_000, 8192));
        row("CPU-bound work on carriers", "worst lateness of a 5 ms sleeper, " + CARRIERS + " busy virtual threads for 500 ms", rounds, "ms",
                () -> sleeperLateness(true, false));
        row("CPU-bound work on carriers", "the same with Thread.yield() every 1 ms of work", rounds, "ms",
                () -> sleeperLateness(true, true));
        row("CPU-bound work on carriers", "the same work on platform threads", rounds, "ms",
                () -> sleeperLateness(false, false));
        row("cancellation", "Scope.close() with 10,000 tasks blocked in a channel receive", rounds, "ms",
                () -> cancelBlocked(10_000));
        row("cancellation", "Scope.close() with one task in a 300 ms loop that never checks interrupts", rounds, "ms",
                Pitfalls::cancelUncooperative);
    }

    private interface Measure {
        double run() throws Exception;
    }

    private static void row(String pitfall, String what, int rounds, String unit, Measure measure) throws Exception {
        double[] values = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            values[i] = measure.run();
        }
        Arrays.sort(values);
        System.out.printf(Locale.ROOT, "| %s | %s | %.0f %s | %.0f–%.0f |%n", pitfall, what,
                values[rounds / 2], unit, values[0], values[rounds - 1]);
    }

    /** Elapsed ms for {@code n} virtual threads each blocking 20 ms, inside a monitor of its own or not. */
    private static double blockingInside(int n, boolean synchronize) throws InterruptedException {
        return elapsedMillis(n, i -> {
            Object lock = new Object();
            if (synchronize) {
                synchronized (lock) { // JDK 24+ (JEP 491): the virtual thread unmounts even here
                    Thread.sleep(20);
                }
            } else {
                Thread.sleep(20);
            }
        });
    }

    private static final MethodHandle USLEEP = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("usleep").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    /** A native frame cannot be unmounted: each usleep holds its carrier for the whole 20 ms. */
    private static double nativeSleep(int n) throws InterruptedException {
        return elapsedMillis(n, i -> {
            try {
                int ignored = (int) USLEEP.invokeExact(20_000);
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private interface Body {
        void run(int i) throws Exception;
    }

    private static double elapsedMillis(int n, Body body) throws InterruptedException {
        List<Thread> threads = new ArrayList<>(n);
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            int index = i;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    body.run(index);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        return (System.nanoTime() - start) / 1e6;
    }

    private static final ThreadLocal<byte[]> BUFFER = new ThreadLocal<>();

    /** Heap in use after a full GC, per parked thread, with each thread holding a buffer in a ThreadLocal or not. */
    private static double heapPerParkedThread(int n, int bufferBytes) throws InterruptedException {
        long before = heapAfterGc();
        CountDownLatch parked = new CountDownLatch(n);
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                if (bufferBytes > 0) {
                    BUFFER.set(new byte[bufferBytes]); // the "cache a buffer per thread" habit of pooled-thread code
                }
                parked.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        parked.await();
        double perThread = (double) (heapAfterGc() - before) / n;
        release.countDown();
        for (Thread t : threads) {
            t.join();
        }
        return perThread;
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * A virtual thread that sleeps 5 ms in a loop measures how late it wakes while {@link #CARRIERS}
     * threads burn CPU for 500 ms each. Virtual threads are not preempted: a busy one keeps its carrier
     * until it blocks or yields, so with every carrier busy the sleeper waits for a whole burst.
     */
    private static double sleeperLateness(boolean virtual, boolean yielding) throws InterruptedException {
        AtomicLong worst = new AtomicLong();
        CountDownLatch busyDone = new CountDownLatch(CARRIERS);
        Thread sleeper = Thread.ofVirtual().start(() -> {
            while (busyDone.getCount() > 0) {
                long start = System.nanoTime();
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
                long late = System.nanoTime() - start - 5_000_000;
                worst.accumulateAndGet(late, Math::max);
            }
        });
        Thread.sleep(20); // let the sleeper start its loop before the carriers fill up
        for (int i = 0; i < CARRIERS; i++) {
            Runnable burn = () -> {
                long end = System.nanoTime() + 500_000_000;
                long nextYield = System.nanoTime() + 1_000_000;
                while (System.nanoTime() < end) {
                    Blackhole.consume(Math.sqrt(System.nanoTime()));
                    if (yielding && System.nanoTime() > nextYield) {
                        Thread.yield();
                        nextYield = System.nanoTime() + 1_000_000;
                    }
                }
                busyDone.countDown();
            };
            (virtual ? Thread.ofVirtual() : Thread.ofPlatform()).start(burn);
        }
        busyDone.await();
        sleeper.join();
        return worst.get() / 1e6;
    }

    /** Keeps the JIT from deleting the busy loop. */
    private static final class Blackhole {
        static volatile double sink;

        static void consume(double v) {
            sink = v;
        }
    }

    /** ms from Scope.close() until every one of {@code n} tasks blocked in a receive has returned. */
    private static double cancelBlocked(int n) throws InterruptedException {
        Channel<String> never = Channel.unbuffered();
        CountDownLatch blocked = new CountDownLatch(n);
        Scope scope = new Scope();
        for (int i = 0; i < n; i++) {
            scope.go(() -> {
                blocked.countDown();
                never.receive();
            });
        }
        blocked.await();
        long start = System.nanoTime();
        scope.close();
        return (System.nanoTime() - start) / 1e6;
    }

    /** ms Scope.close() waits for a task that never looks at its interrupt: cancellation is cooperative. */
    private static double cancelUncooperative() throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        Scope scope = new Scope();
        scope.go(() -> {
            running.countDown();
            long end = System.nanoTime() + 300_000_000;
            while (System.nanoTime() < end) {
                Blackhole.consume(Math.sqrt(end)); // no blocking call, no isInterrupted(): deaf to cancel
            }
        });
        running.await();
        long start = System.nanoTime();
        scope.close();
        return (System.nanoTime() - start) / 1e6;
    }
}
