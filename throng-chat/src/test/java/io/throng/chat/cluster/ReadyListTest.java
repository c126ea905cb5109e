package io.throng.chat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The publisher's list of ready connections: each push handed out once, in the order pushed. */
class ReadyListTest {
    private static HubConnection conn(String id) {
        return new HubConnection("w", id, null);
    }

    @Test
    void connectionsComeOutInTheOrderPushedAndAgainOncePushedAgain() {
        ReadyList list = new ReadyList();
        HubConnection a = conn("a"), b = conn("b"), c = conn("c");
        assertTrue(list.isEmpty());
        list.push(a);
        list.push(b);
        assertEquals("a", list.poll().id);
        list.push(c); // pushed while b, taken earlier, is still waiting: after b
        list.push(a); // off the list since its poll: it may come again
        assertEquals(List.of("b", "c", "a"), List.of(list.poll().id, list.poll().id, list.poll().id));
        assertNull(list.poll());
        assertTrue(list.isEmpty());
    }

    /** Pushers on platform threads race the one poller; nothing is lost or repeated, and each pusher's order holds. */
    @Test
    void racingPushersLoseNothingAndKeepTheirOwnOrder() throws Exception {
        int pushers = 4, each = 20_000;
        ReadyList list = new ReadyList();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < pushers; p++) {
            String worker = "p" + p;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    list.push(new HubConnection(worker, Integer.toString(i), null));
                }
            }));
        }
        start.countDown();
        Map<String, Integer> next = new HashMap<>();
        int got = 0;
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (got < pushers * each) {
            HubConnection c = list.poll();
            if (c == null) {
                assertTrue(System.nanoTime() < deadline, "lost: " + got + " of " + pushers * each + " came out");
                Thread.onSpinWait();
                continue;
            }
            int expected = next.getOrDefault(c.worker, 0);
            assertEquals(expected, Integer.parseInt(c.id), "pusher " + c.worker + "'s order");
            next.put(c.worker, expected + 1);
            got++;
        }
        for (Thread t : threads) {
            t.join();
        }
        assertNull(list.poll());
        assertTrue(list.isEmpty());
    }
}
