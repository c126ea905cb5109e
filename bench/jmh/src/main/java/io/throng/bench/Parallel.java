package io.throng.bench;

import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Shape 4, jox's "parallel" benchmark: 10,000 producer/consumer pairs of virtual threads, each pair
 * with its own buffered(16) channel, all running at once. With far more runnable threads than cores,
 * this measures throughput under load (scheduler, cache misses, parking when a small buffer fills),
 * not hand-off latency. Score: aggregate nanoseconds per message (wall time / all messages).
 */
public class Parallel extends ChannelBenchmark {
    static final int PAIRS = 10_000;
    static final int CAPACITY = 16;
    static final int PER_PAIR = 1_000;

    /** throng, jox, or queue ({@link java.util.concurrent.ArrayBlockingQueue}). */
    @Param({"throng", "jox", "queue"})
    public String impl;

    private List<VirtualThreads.Task> tasks;

    @Setup
    public void setUp() {
        tasks = new ArrayList<>(2 * PAIRS);
        for (int p = 0; p < PAIRS; p++) {
            Pipe pipe = Pipe.of(impl, CAPACITY);
            tasks.add(() -> {
                for (int i = 0; i < PER_PAIR; i++) {
                    pipe.send(ITEM);
                }
            });
            tasks.add(() -> {
                for (int i = 0; i < PER_PAIR; i++) {
                    pipe.receive();
                }
            });
        }
    }

    @Benchmark
    @OperationsPerInvocation(PAIRS * PER_PAIR)
    public void pairs() throws Exception {
        VirtualThreads.runAll(tasks);
    }
}
