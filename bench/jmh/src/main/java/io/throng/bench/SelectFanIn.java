package io.throng.bench;

import com.softwaremill.jox.SelectClause;
import io.throng.channels.Case;
import io.throng.channels.Channel;
import io.throng.channels.Select;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Shape 3: four producer virtual threads each send on their own channel; one consumer virtual
 * thread takes every message with a select over the four receives (Go's {@code select} with four
 * {@code case v := <-ch}). Each select builds its cases afresh, as a Go or jox select statement does.
 * Queues have no select, so they are not measured here. Score: nanoseconds per message.
 */
public class SelectFanIn extends ChannelBenchmark {
    static final int PRODUCERS = 4;
    static final int PER_PRODUCER = 25_000;
    static final int MESSAGES = PRODUCERS * PER_PRODUCER;

    /** throng or jox. */
    @Param({"throng", "jox"})
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
}
