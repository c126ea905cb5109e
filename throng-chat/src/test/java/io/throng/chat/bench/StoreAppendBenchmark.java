package io.throng.chat.bench;

import io.throng.chat.store.ChatStore;
import io.throng.chat.store.Durability;
import io.throng.chat.store.StoredMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Appends per second through the group-committing store: {@code writers} virtual threads, each like a
 * room orderer with one message pending at a time (the worst case for batching: every batch is made of
 * other rooms' messages), for {@code seconds}. Not a test: run it by hand, see docs/chat-protocol.md.
 *
 * <p>Arguments: {@code [seconds=5] [writers=64] [FULL|NORMAL] [dir=a temporary directory]}.
 */
public final class StoreAppendBenchmark {
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int writers = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        Durability durability = args.length > 2 ? Durability.valueOf(args[2]) : Durability.FULL;
        Path dir = args.length > 3 ? Path.of(args[3]) : Files.createTempDirectory("chat-bench");
        Path file = dir.resolve("bench-" + System.nanoTime() + ".db");
        try (ChatStore store = ChatStore.open(file, durability, 2)) {
            LongAdder acked = new LongAdder();
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                String room = "room" + w;
                threads.add(Thread.ofVirtual().start(() -> {
                    long seq = 0;
                    try {
                        while (System.nanoTime() < end) {
                            seq++;
                            store.append(List.of(new StoredMessage(room, seq, "user", "c" + seq,
                                    "a message of a typical length for a chat, about sixty chars", seq))).get();
                            acked.increment();
                        }
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }));
            }
            long cpu0 = processCpuNanos();
        long start = System.nanoTime();
            for (Thread t : threads) {
                t.join();
            }
            double secs = (System.nanoTime() - start) / 1e9;
            double cpuMicros = (processCpuNanos() - cpu0) / 1e3 / acked.sum();
            System.out.printf("durability=%s writers=%d: %d appends in %.2f s = %.0f appends/s, %d commits "
                            + "(%.1f messages per commit, %.0f commits/s, %.2f ms per commit, writer busy %.0f%%); %.1f µs CPU per append%n",
                    durability, writers, acked.sum(), secs, acked.sum() / secs, store.commits(),
                    (double) store.committedMessages() / store.commits(), store.commits() / secs,
                    store.commitNanos() / 1e6 / store.commits(), store.commitNanos() / 1e7 / secs, cpuMicros);
        } finally {
            for (String suffix : new String[] {"", "-wal", "-shm"}) {
                Files.deleteIfExists(Path.of(file + suffix));
            }
        }
    }

    /** CPU time of this process: on a shared machine, CPU per message is the figure that travels. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
