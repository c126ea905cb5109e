package io.throng.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.chaos.Direction;
import io.throng.chaos.NamedToxic;
import io.throng.chaos.Proxies;
import io.throng.chaos.Proxy;
import io.throng.chaos.Toxic;
import io.throng.chat.server.ChatServer;
import io.throng.chat.server.ChatServerOptions;
import io.throng.chat.service.ChatConfig;
import io.throng.chat.service.ChatService;
import io.throng.chat.store.Durability;
import io.throng.chat.web.ChatWeb;
import io.throng.load.LoadRunner;
import io.throng.load.TargetPolicy;
import io.throng.load.chat.ChatLoad;
import io.throng.load.chat.ChatReport;
import io.throng.load.chat.ChatScenario;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat under faults: {@code throng load chat}'s users (which reconnect and {@code resume} with the last
 * sequence they saw, and resend unacknowledged says with the same cid) talk to the real {@code throng chat}
 * server through a {@code throng chaos} proxy while it adds latency with jitter, slices the bytes, resets
 * connections, times them out, and partitions then heals. In the end every acknowledged message reached every
 * member of its room, once and in order: the load tool's per-member ledgers count lost, duplicated and
 * out-of-order messages.
 */
class ChatUnderChaosTest {
    private static final int USERS = 30;
    private static final int ROOMS = 3;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedMessageReachesEveryMemberOnceAndInOrder() throws Exception {
        ChatServerOptions options = new ChatServerOptions("127.0.0.1", 0, dir.resolve("chat.db"), Durability.NORMAL,
                ChatConfig.defaults(), ChatWeb.Options.defaults(), Duration.ofSeconds(2)).withInsecureNicknames(true);
        try (ChatServer<ChatService> chat = ChatServer.start(options); Proxies proxies = new Proxies()) {
            Proxy proxy = proxies.create(new Proxies.Spec("chat", "127.0.0.1:0", "127.0.0.1:" + chat.port(), true));
            ChatScenario scenario = ChatScenario.of("ws://" + proxy.listen() + "/ws", USERS, ROOMS,
                    Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(9), Duration.ofSeconds(20),
                    Duration.ofSeconds(5), 0, 1);
            CompletableFuture<ChatReport> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return new LoadRunner(new TargetPolicy(Set.of())).run(new ChatLoad(scenario, 1, null));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });

            pause(1_500); // every user joined (the ramp is 1 s)
            fault(proxy, 1_000, up("lag_up", 1f, new Toxic.Latency(40, 30)), down("lag_down", 1f, new Toxic.Latency(40, 30)));
            fault(proxy, 1_000, up("slice_up", 1f, new Toxic.Slicer(7, 5, 100)), down("slice_down", 1f, new Toxic.Slicer(7, 5, 100)));
            long connected = proxy.connectionCount();
            fault(proxy, 300, down("reset", 0.4f, new Toxic.ResetPeer(50)));
            pause(700);
            fault(proxy, 600, down("timeout", 0.4f, new Toxic.Timeout(200)));
            pause(700);
            fault(proxy, 1_000, down("cut", 1f, new Toxic.Partition()));

            ChatReport r = run.get(2, TimeUnit.MINUTES);
            List<String> violations = r.violations(null, 0, 0);
            String summary = r.summary(violations);
            System.out.println("chat under chaos: " + r.reconnects() + " reconnects, " + r.says() + " says, "
                    + r.delivered() + " delivered\n" + summary);
            assertTrue(connected > 0, "users were connected through the proxy");
            assertTrue(r.reconnects() > 0, "reset_peer and timeout made users reconnect and resume\n" + summary);
            assertEquals(0, r.lost(), summary);
            assertEquals(0, r.duplicated(), summary);
            assertEquals(0, r.outOfOrder(), summary);
            assertEquals(0, r.gaps(), summary);
            assertEquals(0, r.unacked(), summary);
            assertEquals(r.says(), r.acks(), summary);
            assertTrue(r.delivered() > r.says(), "messages were delivered to the rooms\n" + summary);
            assertTrue(violations.isEmpty(), summary);
        }
    }

    /** Adds the toxics, keeps them for {@code millis}, removes them. */
    private static void fault(Proxy proxy, long millis, NamedToxic... toxics) throws InterruptedException {
        for (NamedToxic t : toxics) {
            proxy.addToxic(t);
        }
        pause(millis);
        for (NamedToxic t : toxics) {
            proxy.removeToxic(t.name());
        }
    }

    /** The faults' schedule: how long each lasts, not a wait for something to happen. */
    private static void pause(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }

    private static NamedToxic up(String name, float toxicity, Toxic toxic) {
        return new NamedToxic(name, Direction.UPSTREAM, toxicity, toxic);
    }

    private static NamedToxic down(String name, float toxicity, Toxic toxic) {
        return new NamedToxic(name, Direction.DOWNSTREAM, toxicity, toxic);
    }
}
