package io.throng.chat.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The presence channel's payload: what is not exactly ours is ignored; what is ours reads back whole,
 * split into parts under NOTIFY's 8000-byte limit when the room is big.
 */
class PresenceNoticeTest {
    @Test
    void somebodyElsesOrDamagedPayloadsAreNotLists() {
        for (String p : new String[] {null, "", "x", "node 1 den", "node 1 den 1", "node 1 den 1/", "node 1 den /1",
                "node x den 1/1 bob", "node 1 den 0/1 bob", "node 1 den 2/1 bob", "node 1 den -1/1 bob",
                "node 1 den 1/1001 bob", "node 1 @bob 1/1 bob", "node 1 Den 1/1 bob", "node 1 den 1/1 bob  cat",
                "node 1 den 1/1 b%b", "node 1 den 1/1 " + "b".repeat(25), " 1 den 1/1 bob", "hello world"}) {
            assertNull(PresenceNotice.parse(p), p);
        }
    }

    @Test
    void aListReadsBackAsSentEvenEmpty() {
        for (List<String> users : List.of(List.<String>of(), List.of("bob"), List.of("ann", "bob-2", "Cat_3"))) {
            List<String> payloads = PresenceNotice.payloads("node-1", 7, "den", users);
            assertEquals(1, payloads.size());
            assertEquals(new PresenceNotice("node-1", 7, "den", 1, 1, users), PresenceNotice.parse(payloads.getFirst()));
        }
    }

    @Test
    void aBigRoomIsSplitIntoPartsUnderTheLimitThatTogetherHoldEveryUserOnce() {
        String origin = java.util.UUID.randomUUID().toString();
        String room = "r".repeat(32);
        List<String> users = IntStream.range(0, 2_000).mapToObj(i -> "u" + "x".repeat(17) + String.format("%06d", i)).toList();
        List<String> payloads = PresenceNotice.payloads(origin, Long.MAX_VALUE, room, users);
        assertTrue(payloads.size() > 1, "2000 nicknames of 24 characters do not fit one notice");
        List<String> back = new ArrayList<>();
        for (int i = 0; i < payloads.size(); i++) {
            String p = payloads.get(i);
            assertTrue(p.getBytes(StandardCharsets.UTF_8).length < 8000, "part " + i + " is " + p.length() + " bytes");
            PresenceNotice n = PresenceNotice.parse(p);
            assertNotNull(n, p);
            assertEquals(i + 1, n.part());
            assertEquals(payloads.size(), n.parts());
            assertEquals(Long.MAX_VALUE, n.number());
            back.addAll(n.users());
        }
        assertEquals(users, back);
    }

    @Test
    void aListBeyondAThousandPartsIsRefusedRatherThanSentDamaged() {
        List<String> users = IntStream.range(0, 400_000).mapToObj(i -> "u" + "x".repeat(16) + String.format("%07d", i)).toList();
        assertThrows(IllegalArgumentException.class, () -> PresenceNotice.payloads("n", 1, "den", users));
    }
}
