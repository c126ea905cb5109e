package io.throng.chat.cluster;

import static org.junit.jupiter.api.Assertions.*;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.throng.chat.service.ChatConfig;
import io.throng.chat.service.ChatService;
import io.throng.chat.store.ChatStore;
import io.throng.chat.store.Durability;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The room service's side of the worker hop under hostile traffic: a connection that floods, one
 * closed in the middle of a burst, many connections' commands at once, and idle connections, which
 * must hold no thread. Real {@link ChatService} and SQLite store; the worker is {@link FakeWorker}.
 */
class HubLoadTest {
    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");
    private static final Pattern CID = Pattern.compile("\"cid\":\"([^\"]*)\"");

    @TempDir
    Path dir;
    ChatStore store;
    ChatService chat;
    RoomServiceHub hub;
    FakeWorker worker;

    @BeforeEach
    void start() throws Exception {
        store = ChatStore.open(dir.resolve("chat.db"), Durability.NORMAL, 2);
        // No rate limit: the floods below must reach the rooms, not stop at the token bucket; and room in
        // the outboxes for a room's whole batch (a flood's acks and copies), so that only a stalled
        // publisher, not the size of one commit, could cut a connection.
        chat = new ChatService(store, ChatConfig.defaults().withRate(1e9, 1_000_000).withOutbox(8_192, 500),
                InstantSource.system());
        hub = RoomServiceHub.start(chat, "127.0.0.1");
        worker = new FakeWorker(hub, "wL");
    }

    @AfterEach
    void stop() throws Exception {
        worker.close();
        chat.close();
        hub.close();
        store.close();
    }

    /** Opens {@code conn}, says hello as {@code nick} and joins {@code room}; waits for the online list. */
    private void enter(String conn, String nick, String room) {
        worker.open(conn);
        worker.frame(conn, "{\"type\":\"hello\",\"v\":1,\"nick\":\"" + nick + "\"}");
        worker.frame(conn, "{\"type\":\"join\",\"room\":\"" + room + "\"}");
        worker.await(s -> s.stream().anyMatch(l -> l.is(conn, "presence") && l.json().contains("\"online\"")),
                conn + " joined " + room);
    }

    private static String say(String room, String cid) {
        return "{\"type\":\"say\",\"room\":\"" + room + "\",\"cid\":\"" + cid + "\",\"text\":\"t\"}";
    }

    private static long number(Pattern p, String json) {
        Matcher m = p.matcher(json);
        assertTrue(m.find(), json);
        return Long.parseLong(m.group(1).replaceAll("\\D", ""));
    }

    @Test
    void oneConnectionFloodsWhileTheOthersKeepFlowing() {
        enter("flood", "flo", "a");
        enter("calm", "cal", "b");
        int flood = 3_000;
        for (int i = 0; i < flood; i++) {
            worker.frame("flood", say("a", "f" + i));
        }
        worker.frame("calm", say("b", "c0"));
        worker.await(s -> worker.count("calm", "ack") == 1 && worker.count("flood", "ack") == flood,
                "the calm connection's ack, and every one of the flood's");
        // The flood's acks in the order it said them, sequences 1, 2, 3... with no hole or repeat.
        List<Long> cids = new ArrayList<>();
        List<Long> seqs = new ArrayList<>();
        for (FakeWorker.Line l : worker.seen) {
            if (l.is("flood", "ack")) {
                cids.add(number(CID, l.json()));
                seqs.add(number(SEQ, l.json()));
            }
        }
        for (int i = 0; i < flood; i++) {
            assertEquals(i, cids.get(i), "ack " + i + " answers say " + i);
            assertEquals(i + 1, seqs.get(i), "ack " + i + "'s sequence");
        }
        assertEquals(0, worker.seen.stream().filter(FakeWorker.Line::close).count(), "nobody was cut");
    }

    @Test
    void aConnectionClosedMidBurstSendsNothingAfterItsCloseAndTheRoomHasNoHole() {
        enter("talk", "tal", "r");
        enter("hear", "hea", "r");
        for (int i = 0; i < 500; i++) {
            worker.frame("talk", say("r", "t" + i));
        }
        // The client went away in the middle of its burst: most of it still queued in the room service.
        worker.up("close", worker.id, "talk");
        worker.frame("hear", say("r", "end"));
        worker.await(s -> s.stream().anyMatch(l -> l.close() && l.conn().equals("talk"))
                        && s.stream().anyMatch(l -> l.is("hear", "message") && l.json().contains("\"cid\":\"end\"")),
                "the close of the closed connection, and the listener's own last message");
        int closeAt = -1;
        for (int i = 0; i < worker.seen.size(); i++) {
            FakeWorker.Line l = worker.seen.get(i);
            if (l.conn().equals("talk") && l.close()) {
                assertEquals(-1, closeAt, "one close");
                assertEquals("", l.reason(), "closed by the worker: no reason to give");
                closeAt = i;
            } else if (l.conn().equals("talk")) {
                assertEquals(-1, closeAt, "nothing for a connection after its close: " + l);
            }
        }
        // The listener got every message up to its own last one, in order, once.
        long expected = 1;
        for (FakeWorker.Line l : worker.seen) {
            if (l.is("hear", "message")) {
                assertEquals(expected++, number(SEQ, l.json()), "contiguous: " + l.json());
                if (l.json().contains("\"cid\":\"end\"")) {
                    break;
                }
            }
        }
        assertTrue(expected >= 2, "the listener's own message arrived");
        assertEquals(2, chat.sessionCount(), "the closed connection's session survives, resumable");
    }

    @Test
    void everyConnectionsCommandsKeepTheirOrderWhenManyTalkAtOnce() {
        int conns = 20;
        int says = 150;
        for (int c = 0; c < conns; c++) {
            enter("c" + c, "u" + c, "room" + (c % 4));
        }
        // Interleaved as a worker forwards many clients: one say of each in turn.
        for (int i = 0; i < says; i++) {
            for (int c = 0; c < conns; c++) {
                worker.frame("c" + c, say("room" + (c % 4), "c" + c + "x" + i));
            }
        }
        worker.await(s -> {
            for (int c = 0; c < conns; c++) {
                if (worker.count("c" + c, "ack") < says) {
                    return false;
                }
            }
            return true;
        }, "every ack");
        for (int c = 0; c < conns; c++) {
            long lastSeq = 0;
            int i = 0;
            for (FakeWorker.Line l : worker.seen) {
                if (l.is("c" + c, "ack")) {
                    assertTrue(l.json().contains("\"cid\":\"c" + c + "x" + i + "\""), "c" + c + "'s ack " + i + ": " + l.json());
                    long seq = number(SEQ, l.json());
                    assertTrue(seq > lastSeq, "sequences grow along one sender's says");
                    lastSeq = seq;
                    i++;
                }
            }
        }
    }

    /**
     * A member of two rooms, each room with listeners of its own, while both rooms talk at once: every
     * connection gets each room's messages in that room's order with no hole, and a message the worker's
     * connections share travels once per frames message, not once per member.
     */
    @Test
    void aMemberOfTwoRoomsGetsBothInOrderAndSharedFramesTravelOnce() {
        int listeners = 4;
        int says = 200;
        enter("both", "bob", "a");
        worker.frame("both", "{\"type\":\"join\",\"room\":\"b\"}");
        worker.await(s -> s.stream().filter(l -> l.is("both", "presence") && l.json().contains("\"online\"")).count() == 2,
                "both joined b");
        for (int i = 0; i < listeners; i++) {
            enter("a" + i, "ua" + i, "a");
            enter("b" + i, "ub" + i, "b");
        }
        for (int i = 0; i < says; i++) { // interleaved, as two senders in two rooms
            worker.frame("a0", say("a", "a" + i));
            worker.frame("b0", say("b", "b" + i));
        }
        worker.await(s -> s.stream().filter(l -> l.is("both", "message")).count() == 2L * says
                        && s.stream().filter(l -> l.is("a" + (listeners - 1), "message")).count() == says
                        && s.stream().filter(l -> l.is("b" + (listeners - 1), "message")).count() == says,
                "every message to the member of both rooms and to the last listeners");
        for (String conn : List.of("both", "a1", "b1", "a" + (listeners - 1))) {
            long[] next = {1, 1}; // per room
            for (FakeWorker.Line l : worker.seen) {
                if (l.is(conn, "message")) {
                    int room = l.json().contains("\"room\":\"a\"") ? 0 : 1;
                    assertEquals(next[room]++, number(SEQ, l.json()), conn + ": room order, no hole: " + l.json());
                }
            }
        }
        long bodies = worker.framesMessages.stream().mapToLong(m -> m[0]).sum();
        long deliveries = worker.framesMessages.stream().mapToLong(m -> m[1]).sum();
        // Each say goes to 6 connections as 3 frames: its ack, the sender's copy (with its cid), and one copy
        // shared by the room's 4 other members; one frame per delivery (bodies == deliveries) is the old format.
        assertTrue(bodies <= deliveries * 0.6, bodies + " distinct frames for " + deliveries + " deliveries");
    }

    @Test
    void idleConnectionsHoldNoThread() throws Exception {
        int conns = 200;
        for (int c = 0; c < conns; c++) {
            worker.open("i" + c);
            worker.frame("i" + c, "{\"type\":\"hello\",\"v\":1,\"nick\":\"idle" + c + "\"}");
            worker.frame("i" + c, "{\"type\":\"join\",\"room\":\"lobby\"}");
        }
        worker.await(s -> s.stream().filter(l -> l.json() != null && l.json().contains("\"online\"")).count() == conns,
                "every online list");
        assertEquals(conns, hub.connectionCount());
        // Served and quiet now: the readers that fed their frames end once the frames are taken.
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long threads;
        while ((threads = hubThreads()) > 0) {
            assertTrue(System.nanoTime() < end, threads + " room-service threads for " + conns + " idle connections");
            worker.up("ping", worker.id, ""); // alive: a silent worker's connections would close, and their threads end
            Thread.sleep(50); // polling a condition with a deadline
        }
        assertEquals(conns, hub.connectionCount(), "still served: idle, not closed");
    }

    /** Live threads of the room service per connection (virtual ones included), by name. */
    private static long hubThreads() throws IOException {
        Path dump = Files.createTempDirectory("hub-threads").resolve("dump.txt"); // dumpThreads never overwrites
        try {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(dump.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.TEXT_PLAIN);
            return Files.readAllLines(dump).stream()
                    .filter(l -> l.contains("\"chat-hub-reader\"") || l.contains("\"chat-hub-pump\"")).count();
        } finally {
            Files.deleteIfExists(dump);
            Files.deleteIfExists(dump.getParent());
        }
    }
}
