package io.throng.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Shape 2: one producer and one consumer virtual thread stream values through one buffered(1024)
 * channel. With a buffer the two sides rarely meet, so this measures the buffer path and how often a
 * side still has to park when the buffer runs empty or full. Score: nanoseconds per message.
 */
public class Buffered extends ChannelBenchmark {
    static final int CAPACITY = 1024;
    static final int MESSAGES = 100_000;

    /** throng, jox, or queue ({@link java.util.concurrent.ArrayBlockingQueue}). */
    @Param({"throng", "jox", "queue"})
    public String impl;

    private Pipe pipe;

    @Setup
    public void setUp() {
        pipe = Pipe.of(impl, CAPACITY);
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public void producerConsumer() throws Exception {
        VirtualThreads.runAll(
                () -> {
                    for (int i = 0; i < MESSAGES; i++) {
                        pipe.send(ITEM);
                    }
                },
                () -> {
                    for (int i = 0; i < MESSAGES; i++) {
                        pipe.receive();
                    }
                });
    }
}
