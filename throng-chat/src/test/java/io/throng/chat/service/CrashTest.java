package io.throng.chat.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.chat.protocol.ServerMessage;
import io.throng.chat.store.ChatStore;
import io.throng.chat.store.Durability;
import io.throng.chat.store.StoredMessage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** kill -9 in the middle of a stream of sends: every acknowledged message is there after a restart. */
class CrashTest extends ServiceFixture {
    private static final int ACKS_BEFORE_KILL = 300;

    @Test
    void nothingAcknowledgedIsLostAndSequencesContinue() throws Exception {
        Path db = dir.resolve("chat.db");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(), db.toString(), "4")
                .redirectError(dir.resolve("child.err").toFile())
                .start();
        Map<String, Long> acked = new LinkedHashMap<>();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (acked.size() < ACKS_BEFORE_KILL && (line = out.readLine()) != null) {
                String[] f = line.split(" ");
                if (f.length == 3 && f[0].equals("ACK")) {
                    acked.put(f[2], Long.parseLong(f[1]));
                }
            }
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no close, mid-stream
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child died");
        } finally {
            child.destroyForcibly();
        }
        assertEquals(ACKS_BEFORE_KILL, acked.size(), "the child acked enough before the kill; see child.err");

        long head;
        try (ChatStore reopened = ChatStore.open(db, Durability.FULL, 1)) {
            for (Map.Entry<String, Long> a : acked.entrySet()) {
                String cid = a.getKey();
                Optional<StoredMessage> row = reopened.find("crash", cid.substring(0, cid.indexOf('-')), cid);
                assertTrue(row.isPresent(), "acked " + cid + " is stored");
                assertEquals(a.getValue(), row.get().seq(), cid + " kept its sequence");
            }
            head = reopened.head("crash");
            assertTrue(head >= acked.values().stream().mapToLong(Long::longValue).max().orElseThrow());
            List<StoredMessage> all = reopened.after("crash", 0, (int) head + 1);
            assertEquals(head, all.size(), "no holes");
            assertEquals(head, all.getLast().seq());
        }

        start(); // the fixture's service, on the same file
        TestClient c = new TestClient(service);
        c.hello("w0");
        c.join("crash");
        c.say("crash", "after-restart", "the next one");
        ServerMessage.Ack ack = c.ackOf("after-restart");
        assertEquals(head + 1, ack.seq(), "sequences continue after the restart");
        String w0cid = acked.keySet().stream().filter(k -> k.startsWith("w0-")).findFirst().orElseThrow();
        c.say("crash", w0cid, "a retry across the crash");
        assertEquals(acked.get(w0cid), c.ackOf(w0cid).seq(), "a retry across the crash is deduplicated");
    }
}
