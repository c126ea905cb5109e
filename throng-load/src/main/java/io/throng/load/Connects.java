package io.throng.load;

import java.util.Locale;
import java.util.StringJoiner;

/**
 * How the connections a run asked for ended up: every one of the {@code asked} is in exactly one bucket, so the
 * buckets add up to {@code asked} and a connection the tool neither opened nor saw fail cannot go unreported.
 * Each load kind says in its own documentation when it takes the count and what {@code pending} means for it.
 *
 * @param asked connections (or users) the run asked for
 * @param held established (WebSocket: open when measuring began; chat: joined at least once)
 * @param refused the server refused the TCP connection (nothing listening, or the listen queue said no)
 * @param timedOut the TCP connect plus handshake took longer than {@code --timeout}
 * @param failed failed otherwise: reset, rejected upgrade, protocol error, local I/O error
 * @param notStarted never tried: cancelled because the run's connect budget ran out, or its turn came too late
 * @param pending still connecting when the count was taken (HTTP: they keep trying during the measured phase)
 * @param handshakes how long the attempts that got an answer took, where the load kind measures it (WebSocket)
 * @param tls over https:// and wss:// (http and chat loads): TCP connect and TLS handshake times of every connection
 *     of the run, and its failed handshakes by reason; {@link TlsTimes#NONE} otherwise
 */
public record Connects(long asked, long held, long refused, long timedOut, long failed, long notStarted,
        long pending, HandshakeTimes handshakes, TlsTimes tls) {

    /** Nothing asked: the value of every sample but the one that carries a process's count. */
    public static final Connects NONE = new Connects(0, 0, 0, 0, 0, 0, 0);

    public Connects {
        handshakes = handshakes == null ? HandshakeTimes.NONE : handshakes;
        tls = tls == null ? TlsTimes.NONE : tls;
    }

    /** Counts with handshake times, without TLS figures. */
    public Connects(long asked, long held, long refused, long timedOut, long failed, long notStarted, long pending,
            HandshakeTimes handshakes) {
        this(asked, held, refused, timedOut, failed, notStarted, pending, handshakes, TlsTimes.NONE);
    }

    /** The same counts with {@code more} TLS figures added. */
    public Connects withTls(TlsTimes more) {
        return more.none() ? this : new Connects(asked, held, refused, timedOut, failed, notStarted, pending,
                handshakes, tls.plus(more));
    }

    /** Counts without handshake times. */
    public Connects(long asked, long held, long refused, long timedOut, long failed, long notStarted, long pending) {
        this(asked, held, refused, timedOut, failed, notStarted, pending, HandshakeTimes.NONE);
    }

    /** The sum of two processes' (or loops') counts. */
    public Connects plus(Connects o) {
        return new Connects(asked + o.asked, held + o.held, refused + o.refused, timedOut + o.timedOut,
                failed + o.failed, notStarted + o.notStarted, pending + o.pending, handshakes.plus(o.handshakes),
                tls.plus(o.tls));
    }

    /** Asked but not held, whatever the reason. */
    public long missing() {
        return refused + timedOut + failed + notStarted + pending;
    }

    /** True when every bucket is accounted for: {@code held + missing == asked}. */
    public boolean balanced() {
        return held + missing() == asked;
    }

    /** {@code 100 asked, 94 held, 6 not held (refused 1, timed out 2, not started 3)}: non-empty buckets only. */
    public String describe() {
        String head = String.format(Locale.ROOT, "%d asked, %d held", asked, held);
        if (missing() == 0) {
            return head;
        }
        StringJoiner why = new StringJoiner(", ", ", " + missing() + " not held (", ")");
        bucket(why, "refused", refused);
        bucket(why, "timed out", timedOut);
        bucket(why, "failed", failed);
        bucket(why, "not started", notStarted);
        bucket(why, "pending", pending);
        return head + why;
    }

    /** Counts connections into their buckets, one {@link ConnectOutcome} each; not thread-safe. */
    public static final class Counter {
        private final long[] n = new long[ConnectOutcome.values().length];
        private HandshakeTimes handshakes = HandshakeTimes.NONE;

        public void add(ConnectOutcome outcome) {
            n[outcome.ordinal()]++;
        }

        /** One handshake that got an answer and took {@code nanos}. */
        public void handshake(long nanos) {
            handshakes = handshakes.plus(HandshakeTimes.of(nanos));
        }

        /** The buckets of everything added, out of {@code asked}. */
        public Connects of(long asked) {
            return new Connects(asked, n[ConnectOutcome.HELD.ordinal()], n[ConnectOutcome.REFUSED.ordinal()],
                    n[ConnectOutcome.TIMED_OUT.ordinal()], n[ConnectOutcome.FAILED.ordinal()],
                    n[ConnectOutcome.NOT_STARTED.ordinal()], n[ConnectOutcome.PENDING.ordinal()], handshakes);
        }
    }

    private static void bucket(StringJoiner into, String name, long n) {
        if (n > 0) {
            into.add(name + " " + n);
        }
    }
}
