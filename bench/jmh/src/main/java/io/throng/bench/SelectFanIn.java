package io.throng.bench;

import com.softwaremill.jox.SelectClause;
import io.throng.channels.Case;
import io.throng.channels.Channel;
import io.throng.channels.Select;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Shape 3: four producer virtual threads each send on their own channel; one consumer virtual
 * thread takes every message with a select over the four receives (Go's {@code select} with four
 * {@code case v := <-ch}). Each select builds its cases afresh, as a Go or jox select statement does.
 * Queues have no select, so they are not measured here. Score: nanoseconds per message.
 *
 * <p>{@code impl=floor} is this shape's lower bound on virtual threads: the same five threads and the
 * same parks and unparks as a channel select, with no channel. Each producer owns one slot. A producer
 * that finds the consumer waiting hands its value over directly and goes on; otherwise it fills its
 * slot and parks until the consumer has emptied it. The consumer empties the first full slot from a
 * rotating start and unparks its producer, and parks only when all four are empty. Exactly one party
 * parks per message, as with channels (an unbuffered send waits for its receiver, or finds it
 * waiting), but with no lock, queue, allocation or select case: what is left is the virtual threads'
 * own hand-off.
 */
public class SelectFanIn extends ChannelBenchmark {
    static final int PRODUCERS = 4;
    static final int PER_PRODUCER = 25_000;
    static final int MESSAGES = PRODUCERS * PER_PRODUCER;

    /** throng, jox, or floor (no channel: see the class documentation). */
    @Param({"throng", "jox", "floor"})
    public String impl;

    /** Capacity of each of the four channels; 0 (unbuffered) is the default shape. */
    @Param({"0"})
    public int capacity;

    private List<Channel<Integer>> throng;
    private List<com.softwaremill.jox.Channel<Integer>> jox;

    @Setup
    public void setUp() {
        throng = new ArrayList<>();
        jox = new ArrayList<>();
        for (int i = 0; i < PRODUCERS; i++) {
            throng.add(Channel.buffered(capacity));
            jox.add(capacity == 0
                    ? com.softwaremill.jox.Channel.newRendezvousChannel()
                    : com.softwaremill.jox.Channel.newBufferedChannel(capacity));
        }
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public void fanIn() throws Exception {
        if (impl.equals("floor")) {
            VirtualThreads.runAll(new Slots().tasks());
            return;
        }
        List<VirtualThreads.Task> tasks = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            int k = p;
            tasks.add(switch (impl) {
                case "throng" -> () -> send(throng.get(k));
                case "jox" -> () -> send(jox.get(k));
                default -> throw new IllegalArgumentException("unknown implementation: " + impl);
            });
        }
        tasks.add(switch (impl) {
            case "throng" -> this::selectThrong;
            case "jox" -> this::selectJox;
            default -> throw new IllegalArgumentException("unknown implementation: " + impl);
        });
        VirtualThreads.runAll(tasks);
    }

    private static void send(Channel<Integer> ch) throws InterruptedException {
        for (int i = 0; i < PER_PRODUCER; i++) {
            ch.send(ITEM);
        }
    }

    private static void send(com.softwaremill.jox.Channel<Integer> ch) throws InterruptedException {
        for (int i = 0; i < PER_PRODUCER; i++) {
            ch.send(ITEM);
        }
    }

    private void selectThrong() throws InterruptedException {
        Channel<Integer> a = throng.get(0), b = throng.get(1), c = throng.get(2), d = throng.get(3);
        long sum = 0;
        for (int i = 0; i < MESSAGES; i++) {
            Case<Integer> ca = a.onReceive(v -> v), cb = b.onReceive(v -> v),
                    cc = c.onReceive(v -> v), cd = d.onReceive(v -> v);
            sum += Select.select(ca, cb, cc, cd);
        }
        check(sum);
    }

    private void selectJox() throws InterruptedException {
        com.softwaremill.jox.Channel<Integer> a = jox.get(0), b = jox.get(1), c = jox.get(2), d = jox.get(3);
        long sum = 0;
        for (int i = 0; i < MESSAGES; i++) {
            SelectClause<Integer> ca = a.receiveClause(), cb = b.receiveClause(),
                    cc = c.receiveClause(), cd = d.receiveClause();
            sum += com.softwaremill.jox.Select.select(ca, cb, cc, cd);
        }
        check(sum);
    }

    private static void check(long sum) {
        if (sum != (long) ITEM * MESSAGES) {
            throw new AssertionError("select lost or duplicated messages: sum " + sum);
        }
    }

    /**
     * The floor's meeting point: one slot per producer (null when empty) and the consumer's box. The box
     * is null while the consumer runs, {@code WAITING} while it may be parked; a producer that finds it
     * waiting puts its value straight into the box (Go's direct hand-off to a waiting select: the
     * producer does not park), or {@code WAKE} if it had already filled its slot. So exactly one of the
     * two parties parks per message, as in a channel, except in the rare race where a producer fills
     * its slot just as the consumer goes to sleep. Lost wake-ups are excluded Dekker-style: a producer
     * writes its slot before it reads the box, the consumer writes the box before it re-reads the slots
     * (all volatile), so one of the two sees the other.
     */
    private static final class Slots {
        private static final Object WAITING = new Object();
        private static final Object WAKE = new Object();

        final AtomicReferenceArray<Integer> slots = new AtomicReferenceArray<>(PRODUCERS);
        final AtomicReference<Object> box = new AtomicReference<>();
        final Thread[] producers = new Thread[PRODUCERS];
        volatile Thread consumer;

        List<VirtualThreads.Task> tasks() {
            List<VirtualThreads.Task> tasks = new ArrayList<>();
            tasks.add(this::consume);
            for (int p = 0; p < PRODUCERS; p++) {
                int k = p;
                tasks.add(() -> produce(k));
            }
            return tasks;
        }

        private void produce(int k) {
            // Published before the first value: the consumer reads it only after taking that value.
            producers[k] = Thread.currentThread();
            for (int i = 0; i < PER_PRODUCER; i++) {
                if (box.get() == WAITING && box.compareAndSet(WAITING, ITEM)) {
                    LockSupport.unpark(consumer); // handed over: nothing to wait for
                    continue;
                }
                slots.set(k, ITEM);
                if (box.get() == WAITING && box.compareAndSet(WAITING, WAKE)) {
                    LockSupport.unpark(consumer); // it may have looked at the slot before we filled it
                }
                while (slots.get(k) != null) {
                    LockSupport.park(this);
                }
            }
        }

        private void consume() {
            // The box becomes WAITING only after this, so a producer that sees WAITING sees the thread.
            consumer = Thread.currentThread();
            long sum = 0;
            int start = 0;
            for (int i = 0; i < MESSAGES; i++) {
                start = (start + 1) & (PRODUCERS - 1);
                sum += take(start);
            }
            check(sum);
        }

        /** One message: from the first full slot from {@code start} on, or handed over in the box. */
        private int take(int start) {
            while (true) {
                int k = full(start);
                if (k >= 0) {
                    return takeSlot(k);
                }
                box.set(WAITING);
                k = full(start);
                if (k >= 0 && box.compareAndSet(WAITING, null)) {
                    return takeSlot(k);
                }
                // Asleep, or a producer already claimed the box: wait for what it put there.
                Object b;
                while ((b = box.get()) == WAITING) {
                    LockSupport.park(this);
                }
                box.set(null);
                if (b != WAKE) {
                    return (Integer) b;
                }
            }
        }

        private int takeSlot(int k) {
            int v = slots.get(k);
            slots.set(k, null);
            LockSupport.unpark(producers[k]);
            return v;
        }

        /** The first full slot from {@code start} on, or -1. */
        private int full(int start) {
            for (int j = 0; j < PRODUCERS; j++) {
                int k = (start + j) & (PRODUCERS - 1);
                if (slots.get(k) != null) {
                    return k;
                }
            }
            return -1;
        }
    }
}
