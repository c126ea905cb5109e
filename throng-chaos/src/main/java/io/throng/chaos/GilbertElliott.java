package io.throng.chaos;

import java.util.random.RandomGenerator;

/**
 * The two-state loss chain of a {@link Toxic.PacketLoss}: in the good state datagrams pass, in the bad
 * state they are lost. Each datagram first moves the chain (good to bad with probability {@code p}, bad
 * to good with {@code r}), then meets the state it is in. The chain spends {@code p / (p + r)} of the
 * datagrams in the bad state (the loss rate) in runs of {@code 1 / r} on average (the mean burst).
 * Independent losses are the same chain with {@code p = rate} and {@code r = 1 - rate}: the next state
 * is then bad with probability {@code rate} whatever the last one was.
 */
final class GilbertElliott {
    private final double enterBad;
    private final double leaveBad;
    private final RandomGenerator random;
    private boolean bad;

    GilbertElliott(Toxic.PacketLoss toxic, RandomGenerator random) {
        double loss = toxic.rate() / 100;
        this.random = random;
        if (loss >= 1) {
            enterBad = 1;
            leaveBad = 0;
        } else if (toxic.burst() == 0) {
            enterBad = loss;
            leaveBad = 1 - loss;
        } else {
            leaveBad = 1 / toxic.burst();
            // The toxic's bounds keep this at most 1: burst >= rate / (1 - rate).
            enterBad = Math.min(1, loss * leaveBad / (1 - loss));
        }
        bad = random.nextDouble() < loss; // start in the chain's long-run state
    }

    /** Moves the chain on by one datagram; true if that datagram is lost. */
    boolean lose() {
        double u = random.nextDouble();
        bad = bad ? u >= leaveBad : u < enterBad;
        return bad;
    }
}
