package io.throng.chat.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.chat.protocol.ErrorCode;
import io.throng.chat.protocol.ServerMessage;
import io.throng.chat.store.StoredMessage;
import io.throng.chat.store.postgres.PgCluster;
import io.throng.chat.store.postgres.PgMessageLog;
import io.throng.chat.store.postgres.PgUrl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL crashes ({@code pg_ctl stop -m immediate}) under a running chat and comes back: sends
 * during the outage are answered {@code store_failed}, never acknowledged, each within a bound (one pool
 * timeout of 3 s plus slack, however the sends queue behind the failing attempts); after the restart the
 * chat recovers by itself (the pool reconnects, the LISTEN connection comes back) and a retry with
 * the same cid is stored once, with no hole in the room's sequence.
 */
class PgOutageTest {
    /** store_failed within one pool timeout (3 s) and slack for a loaded box: a correctness bound, not a speed claim. */
    private static final Duration OUTAGE_BOUND = Duration.ofSeconds(5);
    private static final int OUTAGE_SENDS = 24;
    private static final Duration OUTAGE_SEND_EVERY = Duration.ofMillis(300);

    private PgCluster pg;
    private PgMessageLog log;
    private ChatService service;

    @BeforeEach
    void start() throws Exception {
        pg = PgCluster.start();
        log = PgMessageLog.open(PgUrl.parse(pg.jdbcUrl()), 2);
        service = new ChatService(log, ChatConfig.defaults().withRate(1e6, 1_000_000), new MutableClock());
    }

    @AfterEach
    void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        if (log != null) {
            log.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void sendsDuringAnOutageFailAndTheChatRecoversByItself() throws Exception {
        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        log.watch((room, head) -> heard.add(room + "@" + head));
        TestClient alice = new TestClient(service);
        TestClient bob = new TestClient(service);
        alice.hello("alice");
        bob.hello("bob");
        alice.join("lobby");
        bob.join("lobby");
        alice.join("second");
        alice.say("lobby", "c1", "before");
        alice.say("second", "s1", "before");
        assertEquals(1, alice.ackOf("s1").seq());
        assertEquals(1, alice.ackOf("c1").seq());

        pg.stop(true);
        // Sends spread over two pool timeouts, so some queue behind a failing attempt, alternating between
        // two rooms: the first send fails at once (the pooled connection is dead), the other room's first
        // append waits for the pool's timeout. Each answer must still come within one timeout (3 s) and
        // slack, not after two or three (6-9 s before: the failed append, then a head read, each waiting).
        List<String> cids = new ArrayList<>();
        for (int i = 0; i < OUTAGE_SENDS; i++) {
            cids.add(i == 0 ? "c2" : "o" + i);
        }
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Thread sender = Thread.ofVirtual().start(() -> {
            try {
                for (String cid : cids) {
                    sentAt.put(cid, System.nanoTime());
                    alice.say(cids.indexOf(cid) % 2 == 0 ? "lobby" : "second", cid,
                            cid.equals("c2") ? "during" : "during " + cid);
                    Thread.sleep(OUTAGE_SEND_EVERY); // pacing the sends, not waiting for anything
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Map<String, Long> answeredAt = new HashMap<>();
        while (answeredAt.size() < cids.size()) {
            ServerMessage answer = alice.await(m -> m instanceof ServerMessage.Error e && cids.contains(e.cid())
                    || m instanceof ServerMessage.Ack a && cids.contains(a.cid()));
            long at = System.nanoTime();
            ServerMessage.Error failed = assertInstanceOf(ServerMessage.Error.class, answer, "acknowledged in the outage");
            assertEquals(ErrorCode.STORE_FAILED, failed.code());
            answeredAt.put(failed.cid(), at);
        }
        sender.join();
        for (String cid : cids) {
            long waited = answeredAt.get(cid) - sentAt.get(cid);
            assertTrue(waited <= OUTAGE_BOUND.toNanos(), cid + " was answered store_failed "
                    + Duration.ofNanos(waited).toMillis() + " ms after it was sent (bound " + OUTAGE_BOUND + ")");
        }
        service.sync();
        assertFalse(bob.drainNow().stream().anyMatch(m -> m instanceof ServerMessage.Message msg
                && msg.cid() == null && msg.text().startsWith("during")), "nothing unstored is fanned out");
        assertThrows(ExecutionException.class, () -> log.append(List.of(
                new StoredMessage("direct", 1, "x", "x1", "during", 1))).get(), "the log itself refuses");

        pg.startAgain();
        // The client retries with the same cid, as store_failed tells it to, until the chat takes it.
        ServerMessage.Ack ack = retryUntilAcked(alice, "c2", "during", Duration.ofSeconds(30));
        assertEquals(2, ack.seq(), "the failed attempt left no hole");
        ServerMessage.Message got = (ServerMessage.Message) bob.await(m -> m instanceof ServerMessage.Message msg
                && msg.text().equals("during"));
        assertEquals(2, got.seq());
        assertEquals(List.of("before", "during"), log.after("lobby", 0, 10).stream().map(StoredMessage::text).toList());

        // The LISTEN connection is back: another writer's commit is heard.
        try (PgMessageLog other = PgMessageLog.open(PgUrl.parse(pg.jdbcUrl()), 1)) {
            other.append(List.of(new StoredMessage("elsewhere", 1, "carol", "e1", "hi", 1))).get();
        }
        awaitNotice(heard, "elsewhere@1");
    }

    private static ServerMessage.Ack retryUntilAcked(TestClient c, String cid, String text, Duration limit)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            c.say("lobby", cid, text);
            ServerMessage answer = c.await(m -> m instanceof ServerMessage.Error e && cid.equals(e.cid())
                    || m instanceof ServerMessage.Ack a && a.cid().equals(cid));
            if (answer instanceof ServerMessage.Ack a) {
                return a;
            }
            assertEquals(ErrorCode.STORE_FAILED, ((ServerMessage.Error) answer).code());
            assertTrue(System.nanoTime() < deadline, "the chat did not recover within " + limit);
        }
    }

    private static void awaitNotice(BlockingQueue<String> heard, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (expected.equals(heard.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS))) {
                return;
            }
        }
        throw new AssertionError("no notice " + expected + " after the restart");
    }
}
