package io.throng.chat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.channels.Received;
import io.throng.chat.protocol.Frame;
import io.throng.chat.service.ChatConfig;
import io.throng.chat.service.ChatService;
import io.throng.chat.service.Connection;
import io.throng.chat.store.ChatStore;
import io.throng.chat.store.Durability;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker's receiving thread ({@code chat-link-sub}) takes every frame the room service sends the worker; waking a
 * connection's socket writes to it, so the wake-ups must run elsewhere, or one thread writes every frame of the
 * worker and becomes its limit (2026-12-07: 14,280 of 30,000 users held with --workers 2, 29,960 once woken on
 * threads of their own). A real room service and a real link; the outbox's reader records where it is woken.
 */
class LinkWakeTest {
    @TempDir
    Path dir;

    /**
     * One frames message to more connections than one writer thread wakes: every one of them is woken, each
     * once, off the receiving thread, and by a thread per share of {@link ServiceLink#WAKES_PER_WRITER}
     * connections, not a thread per connection (a virtual thread per delivery was the worker's largest
     * allocation at 30,000 users).
     */
    @Test
    void aFramesMessageWakesEveryConnectionItWentToOnAThreadPerShare() throws Exception {
        int n = 2 * ServiceLink.WAKES_PER_WRITER + 1;
        try (FakeService service = new FakeService("wW", ChatConfig.defaults())) {
            StringBuilder targets = new StringBuilder();
            java.util.concurrent.CountDownLatch woken = new java.util.concurrent.CountDownLatch(n);
            java.util.Map<Thread, Integer> wakers = new java.util.concurrent.ConcurrentHashMap<>();
            java.util.Map<String, Integer> wakes = new java.util.concurrent.ConcurrentHashMap<>();
            for (int i = 0; i < n; i++) {
                FakeService.Opened c = service.open();
                c.conn().outbox().onReady(() -> {
                    wakers.merge(Thread.currentThread(), 1, Integer::sum);
                    wakes.merge(c.id(), 1, Integer::sum);
                    woken.countDown();
                });
                targets.append(c.id()).append(" 0\n");
            }
            service.publish(LinkProtocol.FRAMES, "0 - {\"type\":\"x\"}\n", targets.toString());
            assertTrue(woken.await(10, java.util.concurrent.TimeUnit.SECONDS),
                    (n - woken.getCount()) + " of " + n + " connections woken");
            assertEquals(n, wakes.size());
            assertTrue(wakes.values().stream().allMatch(w -> w == 1), "woken more than once: " + wakes);
            assertTrue(wakers.keySet().stream().allMatch(t -> t.getName().equals("chat-link-write")),
                    "woken on " + wakers.keySet());
            assertEquals(3, wakers.size(), "one thread per share of connections: " + wakers.values());
        }
    }

    @Test
    void framesFromTheRoomServiceWakeTheirConnectionsOffTheReceivingThread() throws Exception {
        try (ChatStore store = ChatStore.open(dir.resolve("chat.db"), Durability.NORMAL, 2)) {
            ChatService chat = new ChatService(store, ChatConfig.defaults(), InstantSource.system());
            RoomServiceHub hub = RoomServiceHub.start(chat, "127.0.0.1");
            ServiceLink link = ServiceLink.connect(hub.requestEndpoint(), hub.eventEndpoint(), "w1",
                    ChatConfig.defaults(), Duration.ofSeconds(30));
            try {
                List<String> wokenOn = new CopyOnWriteArrayList<>();
                Connection alice = link.connect(null);
                java.util.concurrent.CountDownLatch woken = new java.util.concurrent.CountDownLatch(1);
                alice.outbox().onReady(() -> {
                    wokenOn.add(Thread.currentThread().getName());
                    woken.countDown();
                });
                alice.receive("{\"type\":\"hello\",\"v\":1,\"nick\":\"alice\"}");
                alice.receive("{\"type\":\"join\",\"room\":\"lobby\"}");
                alice.receive("{\"type\":\"say\",\"room\":\"lobby\",\"cid\":\"c1\",\"text\":\"hi\"}");
                int frames = 0;
                boolean acked = false;
                while (!acked) {
                    Received<Frame> r = alice.outbox().receive(Duration.ofSeconds(20));
                    Frame f = (Frame) assertInstanceOf(Received.Value.class, r, "frames stopped after " + frames).value();
                    frames++;
                    acked = f.json().contains("\"type\":\"ack\"");
                }
                // The frames are in the outbox before their wake-up runs: the reader may have them first.
                assertTrue(woken.await(10, java.util.concurrent.TimeUnit.SECONDS), "the reader was never woken");
                assertTrue(wokenOn.stream().noneMatch(n -> n.equals("chat-link-sub")),
                        "woken on the link's receiving thread: " + wokenOn);
                assertEquals(List.of(), wokenOn.stream().filter(n -> !n.equals("chat-link-write")).toList());
            } finally {
                link.close();
                hub.close();
                chat.close();
            }
        }
    }
}
