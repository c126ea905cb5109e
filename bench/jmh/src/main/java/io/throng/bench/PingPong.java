package io.throng.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Shape 1: two virtual threads bounce a value over a pair of unbuffered channels (ping one way, pong
 * back). Every message is a rendezvous, so this measures the hand-off itself: spin, park, unpark.
 * Score: nanoseconds per one-way message (a round trip is two). Go's {@code ChanSync} counts the same.
 */
public class PingPong extends ChannelBenchmark {
    static final int ROUND_TRIPS = 10_000;

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
                        ping.send(ITEM);
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
