package io.throng.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Shape 1: two virtual threads bounce a value over a pair of unbuffered channels (ping one way, pong
 * back). Every message is a rendezvous, so this measures the hand-off itself: spin, park, unpark.
 * Score: nanoseconds per one-way message (a round trip is two). Go's {@code ChanSync} counts the same.
 * {@code impl=floor} is the shape's lower bound: the same two virtual threads and code, through a
 * {@link FloorPipe} instead of a channel.
 */
public class PingPong extends ChannelBenchmark {
    static final int ROUND_TRIPS = 10_000;

    /**
     * throng, jox, queue ({@link java.util.concurrent.SynchronousQueue}), or floor (no channel: one park
     * and one unpark per message, see {@link FloorPipe}).
     */
    @Param({"throng", "jox", "queue", "floor"})
    public String impl;

    private Pipe ping;
    private Pipe pong;

    @Setup
    public void setUp() {
        ping = impl.equals("floor") ? FloorPipe.pipe() : Pipe.of(impl, 0);
        pong = impl.equals("floor") ? FloorPipe.pipe() : Pipe.of(impl, 0);
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
