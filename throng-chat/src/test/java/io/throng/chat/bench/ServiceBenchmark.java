package io.throng.chat.bench;

import io.throng.channels.Received;
import io.throng.chat.protocol.ClientMessage;
import io.throng.chat.protocol.Codec;
import io.throng.chat.protocol.Frame;
import io.throng.chat.service.ChatConfig;
import io.throng.chat.service.ChatService;
import io.throng.chat.service.Connection;
import io.throng.chat.store.ChatStore;
import io.throng.chat.store.Durability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * End-to-end sends per second through the service (decode, order, group commit, ack, fan-out,
 * encode), without a network: {@code rooms} rooms of {@code users} users; every user sends
 * {@code perUser} messages with up to 8 unacknowledged at a time and reads everything its room sends.
 * Not a test: run it by hand, see docs/chat-protocol.md.
 *
 * <p>Arguments: {@code [rooms=10] [users=10] [perUser=200] [FULL|NORMAL]}.
 */
public final class ServiceBenchmark {
    public static void main(String[] args) throws Exception {
        int rooms = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int users = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int perUser = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        Durability durability = args.length > 3 ? Durability.valueOf(args[3]) : Durability.FULL;
        Path dir = Files.createTempDirectory("chat-bench");
        Path file = dir.resolve("chat.db");
        LongAdder acks = new LongAdder();
        LongAdder delivered = new LongAdder();
        long cpu0 = processCpuNanos();
        long start;
        long elapsed;
        try (ChatStore store = ChatStore.open(file, durability, 4)) {
            ChatService service = new ChatService(store,
                    ChatConfig.defaults().withRate(1e6, 1_000_000).withOutbox(4096, 500), InstantSource.system());
            List<Connection> conns = new ArrayList<>();
            for (int r = 0; r < rooms; r++) {
                for (int u = 0; u < users; u++) {
                    Connection c = service.connect();
                    c.receive(Codec.encode(new ClientMessage.Hello(Codec.VERSION, "u" + r + "x" + u)));
                    c.receive(Codec.encode(new ClientMessage.Join("room" + r, OptionalLong.empty())));
                    conns.add(c);
                }
            }
            service.sync();
            for (Connection c : conns) {
                c.outbox().drain(Integer.MAX_VALUE);
            }
            start = System.nanoTime();
            List<Thread> threads = new ArrayList<>();
            long expectedPerMember = (long) users * perUser;
            for (int i = 0; i < conns.size(); i++) {
                Connection c = conns.get(i);
                int room = i / users;
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        int sent = 0;
                        int acked = 0;
                        long messages = 0;
                        while (acked < perUser || messages < expectedPerMember) {
                            while (sent < perUser && sent - acked < 8) {
                                c.receive(Codec.encode(new ClientMessage.Say("room" + room, "c" + sent, "hello " + sent)));
                                sent++;
                            }
                            if (!(c.outbox().receive(Duration.ofSeconds(30)) instanceof Received.Value<Frame>(Frame f))) {
                                throw new IllegalStateException("stalled or closed: " + c.outbox().closeReason());
                            }
                            // Cheap classification: the benchmark measures the server, not a client parser.
                            if (f.json().startsWith("{\"type\":\"ack\"")) {
                                acked++;
                                acks.increment();
                            } else if (f.json().startsWith("{\"type\":\"message\"")) {
                                messages++;
                                delivered.increment();
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            elapsed = System.nanoTime() - start;
            double cpuMicros = (processCpuNanos() - cpu0) / 1e3 / acks.sum();
            service.close();
            System.out.printf("durability=%s rooms=%d users/room=%d: %d acked sends in %.2f s = %.0f sends/s, "
                            + "%.0f deliveries/s; %d commits (%.1f messages per commit); %.1f µs CPU per send (all its deliveries included)%n",
                    durability, rooms, users, acks.sum(), elapsed / 1e9, acks.sum() / (elapsed / 1e9),
                    delivered.sum() / (elapsed / 1e9), store.commits(),
                    (double) store.committedMessages() / store.commits(), cpuMicros);
        } finally {
            for (String suffix : new String[] {"", "-wal", "-shm"}) {
                Files.deleteIfExists(Path.of(file + suffix));
            }
            Files.deleteIfExists(dir);
        }
    }

    /** CPU time of this process: on a shared machine, CPU per message is the figure that travels. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
