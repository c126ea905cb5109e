package io.throng.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.throng.net.Race.HeldSweeper.At;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A thread that changes a connection's deadline while the sweeper expires it waits for the sweeper, and
 * that wait must neither burn a core (a sweeper descheduled mid-expiry would leave a spinning worker's
 * carrier, or the poller, busy for the rest of its time slice) nor miss the sweeper's end. The setters here
 * are platform threads, as the poller is (a virtual thread's CPU time cannot be read), calling the public
 * {@link Connection#deadline} the way the worker and the poller's wake-up do.
 */
class ExpiryWaitTest {
    /** How long the sweeper stays held: ticks of about a millisecond each, the sweeper descheduled meanwhile. */
    private static final int HELD_STEPS = 500;
    /**
     * What a waiter may spend across them. Measured at load 12 to 14 on 2 cores: a parked setter 0, the
     * second setter (it parks in bounded turns) about 4 ms, a spinning one 31 to 69 ms.
     */
    private static final long MAX_WAIT_CPU_NANOS = TimeUnit.MILLISECONDS.toNanos(15);

    /**
     * One setter (the worker or the poller), then two at once (both): each waits out the held sweeper on little
     * CPU, none returns before the sweeper is done, and each returns once it is.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void settersWaitingOnAHeldSweeperBurnNoCpuAndGoOnWhenItIsDone(int setters) throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        assumeTrue(mx.isThreadCpuTimeSupported(), "thread CPU time is measurable here");
        mx.setThreadCpuTimeEnabled(true);
        try (Race race = Race.start(Engine.NIO, c -> {
            c.clearDeadline();
            c.write(ByteBuffer.wrap("ok".getBytes(StandardCharsets.US_ASCII)));
            return false;
        })) {
            Connection c = race.connection;
            Race.HeldSweeper sweeper = race.holdSweeper(At.ACT); // took the deadline; expiring is set
            CountDownLatch done = new CountDownLatch(setters);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < setters; i++) {
                // Each stores its own deadline, hours apart, so the test sees when this one has stored (and
                // so waits), before it starts the next.
                long hours = 2 + i;
                threads.add(Thread.ofPlatform().name("test-setter-" + i).start(() -> {
                    c.deadline(Race.HOUR.multipliedBy(hours));
                    done.countDown();
                }));
                awaitStored(c, hours);
            }
            long[] before = new long[setters];
            for (int i = 0; i < setters; i++) {
                before[i] = mx.getThreadCpuTime(threads.get(i).threadId());
            }
            for (int step = 0; step < HELD_STEPS; step++) {
                Thread.sleep(1); // the measured interval, not a synchronisation: nothing waits for it to pass
            }
            for (int i = 0; i < setters; i++) {
                long spent = mx.getThreadCpuTime(threads.get(i).threadId()) - before[i];
                assertTrue(spent < MAX_WAIT_CPU_NANOS, "setter " + i + " burnt " + spent / 1000 + " µs of CPU waiting");
            }
            assertEquals(setters, done.getCount(), "no setter went on while the sweeper was still acting");
            sweeper.release();
            assertTrue(done.await(5, TimeUnit.SECONDS), "every setter went on once the sweeper was done");
            race.proceed();
            assertEquals("ok", new String(race.socket.getInputStream().readNBytes(2), StandardCharsets.US_ASCII),
                    "the worker, its new deadline armed after the expiry, is not timed out");
        }
    }

    /**
     * The sweeper and a setter run into each other many times over, the sweeper's act lasting a random
     * few spins, so the setter meets it while spinning, while registering to park and after it is gone. A
     * lost wake-up leaves the setter parked for good: the round's join times out.
     */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void aSetterIsNeverLeftParkedWhenTheSweeperFinishes(Engine engine) throws Exception {
        try (Race race = Race.start(engine, c -> false)) {
            Connection c = race.connection;
            c.actHook = () -> { // half the acts end within the setter's spins, half well after it parked
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = random.nextInt(random.nextBoolean() ? 200 : 5_000); i > 0; i--) {
                    Thread.onSpinWait();
                }
            };
            int rounds = 5_000;
            CyclicBarrier start = new CyclicBarrier(2);
            CyclicBarrier end = new CyclicBarrier(3);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            // Due only by the test's clock: the server's own sweeper never finds an hour passed.
            long later = Race.HOUR.multipliedBy(3).toNanos();
            Thread sweeper = Thread.ofPlatform().name("test-sweeper").start(() -> each(rounds, start, end, failure,
                    () -> c.deadline(Race.HOUR), // due again for this round: no expiry is under way now
                    () -> c.expire(System.nanoTime() + later)));
            Thread setter = Thread.ofPlatform().name("test-setter").start(() -> each(rounds, start, end, failure,
                    () -> {}, () -> c.deadline(Race.HOUR)));
            for (int r = 0; r < rounds; r++) {
                end.await(5, TimeUnit.SECONDS); // a lost wake-up: the setter never arrives, the wait times out
            }
            sweeper.join(5_000);
            setter.join(5_000);
            assertNull(failure.get());
            race.proceed();
        }
    }

    private interface Body {
        void run() throws Exception;
    }

    /**
     * Runs {@code prepare}, then {@code body} in step with the other thread, {@code rounds} times; each round
     * ends with the test.
     */
    private static void each(int rounds, CyclicBarrier start, CyclicBarrier end, AtomicReference<Throwable> failure,
            Body prepare, Body body) {
        try {
            for (int r = 0; r < rounds; r++) {
                prepare.run();
                start.await(5, TimeUnit.SECONDS);
                body.run();
                end.await(5, TimeUnit.SECONDS);
            }
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
    }

    /** Waits, bounded, until the deadline is about {@code hours} from now; polls observable state, orders nothing. */
    private static void awaitStored(Connection c, long hours) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (Math.round((c.deadlineNanos() - System.nanoTime()) / (double) Race.HOUR.toNanos()) != hours) {
            assertTrue(System.nanoTime() < end, "the setter stored its deadline of " + hours + " hours");
            Thread.sleep(1);
        }
    }
}
