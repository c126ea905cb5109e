package io.throng.bench;

import java.util.concurrent.Exchanger;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;

/**
 * The floor under {@link PingPong}: what a hand-off between two threads costs on this JVM with no
 * channel at all, so that a channel's ping-pong can be stated against what is physically possible.
 * Two threads pass a turn back and forth, 10,000 round trips, scored like PingPong in nanoseconds per
 * one-way message:
 * <ul>
 *   <li>{@code park}: a volatile turn flag plus {@link LockSupport#park}/{@link LockSupport#unpark},
 *       parking every time the turn is not ours. No queue, no lock, no allocation: the cheapest
 *       blocking hand-off there is. On virtual threads this is the continuation yield, the carrier
 *       scheduling and the thaw that any blocking channel pays when the partner is not already there.
 *   <li>{@code spinpark}: the same flag, busy-waiting up to 128 rounds (a Throng waiter's largest spin
 *       budget) and then parking, with a "parked" flag so that the passer unparks only a partner that
 *       may be parked. This is the cheapest form of what a channel does, so with {@code park} it is
 *       the floor that {@link PingPong} is held to: whichever of the two is cheaper in the same run.
 *   <li>{@code spin}: the same flag, busy-waiting and never parking: a cache-line transfer between
 *       two cores, the floor for a hand-off that catches its partner running.
 *   <li>{@code exchanger}, {@code synchronousqueue}: the JDK's own rendezvous objects, for reference.
 * </ul>
 * Each runs on two virtual threads and on two platform threads.
 */
public class HandOff extends ChannelBenchmark {
    static final int ROUND_TRIPS = 10_000;
    /** The spin of {@code spinpark} before it parks: Throng's {@code Waiter.SPINS}, its adaptive budget's cap. */
    private static final int SPINS_BEFORE_PARK = 128;
    /** A spinner yields after this many rounds, so that two virtual threads on one carrier still progress. */
    private static final int SPINS_BEFORE_YIELD = 1 << 12;

    @Param({"park", "spinpark", "spin", "exchanger", "synchronousqueue"})
    public String mode;

    @Param({"virtual", "platform"})
    public String threads;

    @Benchmark
    @OperationsPerInvocation(2 * ROUND_TRIPS)
    public void handOff() throws Exception {
        Runnable[] sides = switch (mode) {
            case "park" -> parkSides();
            case "spinpark" -> spinParkSides();
            case "spin" -> spinSides();
            case "exchanger" -> exchangerSides();
            case "synchronousqueue" -> queueSides();
            default -> throw new IllegalArgumentException("unknown mode: " + mode);
        };
        Thread.Builder builder = threads.equals("virtual") ? Thread.ofVirtual() : Thread.ofPlatform();
        Thread[] started = {builder.start(sides[1]), builder.start(sides[0])};
        for (Thread t : started) {
            if (!t.join(java.time.Duration.ofSeconds(60))) {
                started[0].interrupt();
                started[1].interrupt();
                throw new TimeoutException("hand-off threads still running after 60 s");
            }
        }
    }

    /** Whose turn it is (0: the pinger's, 1: the ponger's), and who to wake. */
    private static final class Baton {
        volatile int turn;
        volatile Thread pinger;
        volatile Thread ponger;

        /** Parks until the turn is {@code mine}; the flag is re-read after every return from park. */
        void parkUntil(int mine) {
            while (turn != mine) {
                LockSupport.park(this);
            }
        }

        volatile boolean pingerParked;
        volatile boolean pongerParked;

        /**
         * Spins a while for the turn, then parks; {@code parked} is published before the flag is
         * re-read, and the passer writes the turn before it reads {@code parked} (both volatile), so
         * one of the two sees the other and no wake-up is lost.
         */
        void spinThenParkUntil(int mine) {
            for (int i = 0; i < SPINS_BEFORE_PARK; i++) {
                if (turn == mine) {
                    return;
                }
                Thread.onSpinWait();
            }
            setParked(mine, true);
            while (turn != mine) {
                LockSupport.park(this);
            }
            setParked(mine, false);
        }

        private void setParked(int side, boolean parked) {
            if (side == 0) {
                pingerParked = parked;
            } else {
                pongerParked = parked;
            }
        }

        /** Gives the turn to {@code side} and unparks it only if it may be parked. */
        void pass(int side) {
            turn = side;
            if (side == 0 ? pingerParked : pongerParked) {
                wake(side == 0 ? pinger : ponger);
            }
        }

        void spinUntil(int mine) {
            int spins = 0;
            while (turn != mine) {
                if (++spins % SPINS_BEFORE_YIELD == 0) {
                    Thread.yield();
                } else {
                    Thread.onSpinWait();
                }
            }
        }
    }

    private static Runnable[] parkSides() {
        Baton b = new Baton();
        Runnable ping = () -> {
            b.pinger = Thread.currentThread();
            for (int i = 0; i < ROUND_TRIPS; i++) {
                b.turn = 1;
                wake(b.ponger);
                b.parkUntil(0);
            }
        };
        Runnable pong = () -> {
            b.ponger = Thread.currentThread();
            for (int i = 0; i < ROUND_TRIPS; i++) {
                b.parkUntil(1);
                b.turn = 0;
                wake(b.pinger);
            }
        };
        return new Runnable[] {ping, pong};
    }

    private static Runnable[] spinParkSides() {
        Baton b = new Baton();
        Runnable ping = () -> {
            b.pinger = Thread.currentThread();
            for (int i = 0; i < ROUND_TRIPS; i++) {
                b.pass(1);
                b.spinThenParkUntil(0);
            }
        };
        Runnable pong = () -> {
            b.ponger = Thread.currentThread();
            for (int i = 0; i < ROUND_TRIPS; i++) {
                b.spinThenParkUntil(1);
                b.pass(0);
            }
        };
        return new Runnable[] {ping, pong};
    }

    /**
     * The ponger publishes itself before it first waits, and the pinger starts second; if the pinger
     * still finds no ponger, that one has not read the flag yet and needs no wake-up.
     */
    private static void wake(Thread t) {
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    private static Runnable[] spinSides() {
        Baton b = new Baton();
        Runnable ping = () -> {
            for (int i = 0; i < ROUND_TRIPS; i++) {
                b.turn = 1;
                b.spinUntil(0);
            }
        };
        Runnable pong = () -> {
            for (int i = 0; i < ROUND_TRIPS; i++) {
                b.spinUntil(1);
                b.turn = 0;
            }
        };
        return new Runnable[] {ping, pong};
    }

    private static Runnable[] exchangerSides() {
        Exchanger<Integer> ex = new Exchanger<>();
        Runnable side = () -> {
            try {
                for (int i = 0; i < 2 * ROUND_TRIPS; i++) {
                    ex.exchange(ITEM);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        return new Runnable[] {side, side};
    }

    private static Runnable[] queueSides() {
        SynchronousQueue<Integer> ping = new SynchronousQueue<>(), pong = new SynchronousQueue<>();
        Runnable pinger = () -> {
            try {
                for (int i = 0; i < ROUND_TRIPS; i++) {
                    ping.put(ITEM);
                    pong.take();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        Runnable ponger = () -> {
            try {
                for (int i = 0; i < ROUND_TRIPS; i++) {
                    pong.put(ping.take());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        return new Runnable[] {pinger, ponger};
    }
}
