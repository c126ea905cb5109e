package io.throng.chat.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.chat.store.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The heads channel's payloads: a carrying one reads back as stored whatever the texts hold, stays
 * under NOTIFY's limit in bytes of any encoding (else it is plain), and what is not exactly ours gives
 * no messages: at most a head to read up to.
 */
class HeadNoticeTest {
    private static StoredMessage m(long seq, String text, String recipient) {
        return new StoredMessage("room \"1\"", seq, "alice", "c" + seq, text, 1_700_000_000_000L + seq, recipient, false);
    }

    @Test
    void messagesReadBackAsStoredWhateverTheirTextsHold() {
        List<StoredMessage> stored = List.of(m(7, "\"quotes\" 'and' \\backslashes\\ \\u0041", null),
                m(8, "lines\nand\r\nbreaks\t\u0001", "bob"), m(9, "ünïcødé 中文 😀 \uD83D", null), m(10, "", null));
        String payload = HeadNotice.payload("node-a", stored);
        assertTrue(payload.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f), "not printable ASCII: " + payload);
        HeadNotice n = HeadNotice.parse(payload, "node-b");
        assertEquals(new HeadNotice("room \"1\"", 10, "node-a", stored), n);
    }

    @Test
    void aNodeDoesNotDecodeTheMessagesOfItsOwnNotices() {
        String payload = HeadNotice.payload("node-a", List.of(m(1, "x", null)));
        assertEquals(new HeadNotice("room \"1\"", 1, "node-a", List.of()), HeadNotice.parse(payload, "node-a"));
    }

    @Test
    void aBatchOverTheLimitIsAnnouncedPlainAndOneJustUnderItCarries() {
        List<StoredMessage> big = new ArrayList<>();
        for (long seq = 1; seq <= 40; seq++) {
            big.add(m(seq, "é".repeat(40), null)); // 240 bytes each once escaped
        }
        String plain = HeadNotice.payload("n", big);
        assertEquals("40 room \"1\"", plain);
        assertEquals(new HeadNotice("room \"1\"", 40), HeadNotice.parse(plain, "x"));
        List<StoredMessage> fits = new ArrayList<>(big);
        while (true) {
            String p = HeadNotice.payload("n", fits);
            if (p.startsWith("{")) {
                assertTrue(p.getBytes(StandardCharsets.UTF_8).length <= HeadNotice.MAX_PAYLOAD);
                assertEquals(fits, HeadNotice.parse(p, "x").messages());
                break;
            }
            fits.removeFirst();
        }
        assertTrue(fits.size() > 20, "gave up carrying too soon: " + fits.size());
    }

    @Test
    void somebodyElsesOrDamagedPayloadsGiveNoMessages() {
        for (String p : new String[] {null, "", "x", "hello world", "0 r", "-1 r", "{", "{}", "[1]", "{\"room\":\"r\"}",
                "{\"head\":3}", "{\"room\":\"r\",\"head\":0,\"m\":[]}"}) {
            assertNull(HeadNotice.parse(p, "self"), p);
        }
        // Room and head readable, messages not trustworthy: the head is kept (the listener reads up to
        // it), the messages are not.
        for (String p : new String[] {
                "{\"node\":\"n\",\"room\":\"r\",\"head\":3,\"m\":[[3,\"a\",\"c\",\"t\",1,null,9]]}",
                "{\"node\":\"n\",\"room\":\"r\",\"head\":3,\"m\":[[3,\"a\",\"c\",\"t\",1]]}",
                "{\"node\":\"n\",\"room\":\"r\",\"head\":3,\"m\":[[3,null,\"c\",\"t\",1,null]]}",
                "{\"node\":\"n\",\"room\":\"r\",\"head\":3,\"m\":[[2,\"a\",\"c\",\"t\",1,null]]}",
                "{\"node\":\"n\",\"room\":\"r\",\"head\":3,\"m\":[[2,\"a\",\"c\",\"t\",1,null],[2,\"a\",\"d\",\"t\",1,null]]}",
                "{\"node\":\"n\",\"room\":\"r\",\"head\":3,\"m\":[[3,\"a\",\"c\",\"t\",1,null]",
                "{\"node\":\"n\",\"room\":\"r\",\"head\":3,\"m\":{}}"}) {
            assertEquals(new HeadNotice("r", 3, "n", List.of()), HeadNotice.parse(p, "self"), p);
        }
    }
}
