package io.throng.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Shape 1: two virtual threads bounce a value over a pair of unbuffered channels (ping one way, pong
 * back). Every message is a rendezvous, so this measures the hand-off itself: spin, park, unpark.
 * Score: nanoseconds per one-way message (a round trip is two). Go's {@code ChanSync} counts the same.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PingPong {
    static final int ROUND_TRIPS = 10_000;
    private static final Integer BALL = 42;

    /** throng, jox, or queue ({@link java.util.concurrent.SynchronousQueue}). */
    @Param({"throng", "jox", "queue"})
    public String impl;

    private Pipe ping;
    private Pipe pong;

    @Setup
    public void setUp() {
        ping = Pipe.of(impl, 0);
        pong = Pipe.of(impl, 0);
    }

    @Benchmark
    @OperationsPerInvocation(2 * ROUND_TRIPS)
    public void pingPong() throws Exception {
        VirtualThreads.runAll(
                () -> {
                    for (int i = 0; i < ROUND_TRIPS; i++) {
                        ping.send(BALL);
                        pong.receive();
                    }
                },
                () -> {
                    for (int i = 0; i < ROUND_TRIPS; i++) {
                        pong.send(ping.receive());
                    }
                });
    }
}
