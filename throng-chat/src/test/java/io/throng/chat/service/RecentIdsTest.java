package io.throng.chat.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.throng.chat.protocol.ServerMessage;
import org.junit.jupiter.api.Test;

/**
 * A room's recent-ids cache answers retries without the store, and keeps no message text: 4,096
 * entries of up to 4,000 characters each were up to 32 MB per room for as long as the room lived.
 */
class RecentIdsTest extends ServiceFixture {
    @Test
    void retriesOfLongMessagesAreAnsweredAndTheirTextsAreNotKept() throws Exception {
        start();
        aliceAndBobJoin("lobby");
        String text = "x".repeat(service.config().maxText());
        for (int i = 1; i <= 10; i++) {
            alice.say("lobby", "c" + i, text);
            assertEquals(new ServerMessage.Ack("lobby", "c" + i, i), alice.ackOf("c" + i));
        }
        alice.say("lobby", "c3", text); // a retry: the original's sequence, nothing stored again
        assertEquals(new ServerMessage.Ack("lobby", "c3", 3), alice.ackOf("c3"));
        service.sync();
        assertEquals(10, store.head("lobby"));
        assertEquals(0, service.live("lobby").recentTextChars(), "characters of text in the cache");
    }
}
