package io.throng.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An interrupted waiter leaves the channel consistent and loses no value. A producer sends a known
 * sequence while many receivers (virtual and platform threads) wait, and an interrupter hits random
 * receivers all along. A receive that throws InterruptedException must have taken nothing; one that
 * returns a value had it (its interrupt status may be set: the transfer was decided first). Every
 * value must be received exactly once — counted separately for receivers that were interrupted and
 * ones that were not — and nothing may remain after the drain. The same for senders (an interrupted
 * send did not happen, so the sender retries the same value), for selects, and for timed receives
 * whose timeouts race with deliveries.
 */
class InterruptSafetyTest {
    private static final int N = 20_000;
    private static final int THREADS = 16;

    /** Counts how the values arrived, to show both paths were taken. */
    static final class Tally {
        final AtomicIntegerArray seen = new AtomicIntegerArray(N);
        final LongAdder normal = new LongAdder();
        final LongAdder withInterruptStatus = new LongAdder();
        final LongAdder interruptedEmpty = new LongAdder();

        void got(int v) {
            seen.incrementAndGet(v);
            if (Thread.interrupted()) { // the transfer won over the interrupt: value kept, status set
                withInterruptStatus.increment();
            } else {
                normal.increment();
            }
        }

        void assertExactlyOnce() {
            System.out.printf("values received normally %d, with interrupt status %d; interrupted or timed-out waits %d%n", normal.sum(), withInterruptStatus.sum(), interruptedEmpty.sum());
            for (int i = 0; i < N; i++) {
                assertEquals(1, seen.get(i), "value " + i + " received " + seen.get(i) + " times");
            }
            assertEquals(N, normal.sum() + withInterruptStatus.sum());
            assertTrue(interruptedEmpty.sum() > 0, "no wait was ever interrupted: the test proved nothing");
        }
    }

    private static Channel<Integer> channel(int capacity) {
        return capacity < 0 ? Channel.unbounded() : Channel.buffered(capacity);
    }

    /** Interrupts random threads of {@code targets} until {@code stop}, yielding between hits. */
    private static void interrupter(Workers w, List<Thread> targets, AtomicBoolean stop) {
        w.platform(() -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (!stop.get()) {
                targets.get(random.nextInt(targets.size())).interrupt();
                for (int i = random.nextInt(50); i > 0; i--) {
                    Thread.onSpinWait();
                }
                Thread.yield();
            }
        });
    }

    /**
     * Every 1,000 values, pauses the flow until some worker is parked in its operation, interrupts it,
     * and waits for it to give up: random interrupts alone may, on a busy machine, never hit a thread
     * while it waits, or always lose the race against a delivery.
     */
    private static void hitAParkedThread(int i, List<Thread> workers, Tally tally) {
        if (i % 1_000 != 500) {
            return;
        }
        Thread[] parked = new Thread[1];
        Await.until("some worker parks", () -> {
            boolean allDone = true;
            for (Thread t : workers) {
                Thread.State s = t.getState();
                if (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING) {
                    parked[0] = t;
                    return true;
                }
                allDone &= s == Thread.State.TERMINATED;
            }
            return allDone;
        });
        if (parked[0] != null) {
            long before = tally.interruptedEmpty.sum();
            parked[0].interrupt();
            // The flow is paused, so nobody can complete its wait: it must end in InterruptedException.
            Await.until("the interrupted worker gives up", () -> tally.interruptedEmpty.sum() > before);
        }
    }

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {0, 1, 16, -1})
    void interruptedReceiversLoseNothing(int capacity) throws Exception {
        Channel<Integer> ch = channel(capacity);
        Tally tally = new Tally();
        AtomicBoolean stop = new AtomicBoolean();
        try (Workers w = new Workers()) {
            List<Thread> receivers = new ArrayList<>();
            for (int r = 0; r < THREADS; r++) {
                Workers.Task body = () -> {
                    while (true) {
                        try {
                            Received<Integer> got = ch.receive();
                            if (!(got instanceof Received.Value<Integer>(Integer v))) {
                                Thread.interrupted(); // closed, perhaps with a stray interrupt pending
                                return;
                            }
                            tally.got(v);
                        } catch (InterruptedException e) {
                            tally.interruptedEmpty.increment();
                            if (w.closing()) {
                                return; // the test failed and is tearing down
                            }
                        }
                    }
                };
                receivers.add(r % 4 == 0 ? w.platform(body) : w.virtual(body));
            }
            interrupter(w, receivers, stop);
            for (int i = 0; i < N; i++) {
                hitAParkedThread(i, receivers, tally);
                Await.send(ch, i);
            }
            ch.close();
            for (Thread t : receivers) {
                Await.join(t);
            }
            stop.set(true);
            w.join(Await.PATIENCE);
        }
        tally.assertExactlyOnce();
        assertEquals(Received.closed(), ch.tryReceive(), "something was left undelivered");
    }

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {0, 1, 16})
    void interruptedSendersSendNothing(int capacity) throws Exception {
        Channel<Integer> ch = channel(capacity);
        Tally tally = new Tally();
        AtomicBoolean stop = new AtomicBoolean();
        try (Workers w = new Workers()) {
            List<Thread> senders = new ArrayList<>();
            for (int s = 0; s < THREADS; s++) {
                int first = s;
                Workers.Task body = () -> {
                    for (int v = first; v < N; v += THREADS) {
                        while (true) {
                            try {
                                ch.send(v);
                                Thread.interrupted(); // sent; an interrupt that lost the race is irrelevant
                                break;
                            } catch (InterruptedException e) {
                                tally.interruptedEmpty.increment(); // not sent: send the same value again
                                if (w.closing()) {
                                    return; // the test failed and is tearing down
                                }
                            }
                        }
                    }
                };
                senders.add(s % 4 == 0 ? w.platform(body) : w.virtual(body));
            }
            interrupter(w, senders, stop);
            for (int i = 0; i < N; i++) {
                hitAParkedThread(i, senders, tally);
                Received<Integer> r = ch.receive(Await.PATIENCE);
                if (!(r instanceof Received.Value<Integer>(Integer v))) {
                    throw new AssertionError("stalled after " + i + " values: " + r);
                }
                tally.got(v);
            }
            for (Thread t : senders) {
                Await.join(t);
            }
            stop.set(true);
            w.join(Await.PATIENCE);
        }
        tally.assertExactlyOnce();
        assertEquals(Received.empty(), ch.tryReceive(), "a value was sent twice");
    }

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {0, 4})
    void interruptedSelectsLoseNothing(int capacity) throws Exception {
        Channel<Integer> a = channel(capacity);
        Channel<Integer> b = channel(capacity);
        Channel<Integer> idle = Channel.unbuffered();
        Tally tally = new Tally();
        AtomicBoolean stop = new AtomicBoolean();
        try (Workers w = new Workers()) {
            List<Thread> receivers = new ArrayList<>();
            for (int r = 0; r < THREADS; r++) {
                receivers.add(w.virtual(() -> {
                    Channel<Integer> x = a;
                    Channel<Integer> y = b;
                    int open = 2;
                    while (open > 0) {
                        try {
                            Tagged got = Select.select(x.onReceiveOrClosed(m -> new Tagged(0, m)),
                                    y.onReceiveOrClosed(m -> new Tagged(1, m)), idle.onReceive(v -> null));
                            if (got.received() instanceof Received.Value<Integer>(Integer v)) {
                                tally.got(v);
                            } else {
                                open--; // closed and drained: switch the case off
                                if (got.from() == 0) {
                                    x = Channel.nil();
                                } else {
                                    y = Channel.nil();
                                }
                            }
                        } catch (InterruptedException e) {
                            tally.interruptedEmpty.increment();
                            if (w.closing()) {
                                return; // the test failed and is tearing down
                            }
                        }
                    }
                    Thread.interrupted();
                }));
            }
            interrupter(w, receivers, stop);
            for (int i = 0; i < N; i++) {
                hitAParkedThread(i, receivers, tally);
                Await.send(i % 2 == 0 ? a : b, i);
            }
            a.close();
            b.close();
            for (Thread t : receivers) {
                Await.join(t);
            }
            stop.set(true);
            w.join(Await.PATIENCE);
        }
        tally.assertExactlyOnce();
    }

    record Tagged(int from, Received<Integer> received) {}

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {0, 8})
    void timeoutsRacingWithDeliveriesLoseNothing(int capacity) throws Exception {
        Channel<Integer> ch = channel(capacity);
        Tally tally = new Tally();
        try (Workers w = new Workers()) {
            for (int r = 0; r < THREADS; r++) {
                w.virtual(() -> {
                    while (true) {
                        // Timeouts of a few microseconds expire all the time, right as values arrive.
                        Duration timeout = Duration.ofNanos(ThreadLocalRandom.current().nextInt(1_000, 50_000));
                        Received<Integer> got = ch.receive(timeout);
                        switch (got) {
                            case Received.Value<Integer>(Integer v) -> tally.got(v);
                            case Received.Empty<Integer> e -> tally.interruptedEmpty.increment();
                            case Received.Closed<Integer> c -> {
                                return;
                            }
                        }
                    }
                });
            }
            for (int i = 0; i < N; i++) {
                // Half the sends are timed too, retried when they time out.
                if (i % 2 == 0) {
                    Await.send(ch, i);
                } else {
                    while (!ch.send(i, Duration.ofNanos(20_000))) {
                        tally.interruptedEmpty.increment();
                    }
                }
            }
            ch.close();
            w.join(Await.PATIENCE);
        }
        tally.assertExactlyOnce();
    }
}
