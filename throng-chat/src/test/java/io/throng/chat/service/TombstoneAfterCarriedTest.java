package io.throng.chat.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.chat.protocol.ClientMessage;
import io.throng.chat.protocol.Frame;
import io.throng.chat.protocol.ServerMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A deletion heard from another node, for a message whose notice carried it but found the room's channel
 * full (so the room only looks at the newest notice after its cycle): the room sends the message first,
 * then its tombstone; never the tombstone before the message, whose text (the carried copy's) would then
 * follow its own deletion. The full channel is made for certain: node two's room is held inside a head
 * read (the log's hook, on the room's thread) while the test queues the deletion and fills the channel
 * behind it, then node one commits the message and its notice finds no place.
 */
class TombstoneAfterCarriedTest extends TwoNodes {
    @Override
    ChatConfig config() {
        return ChatConfig.defaults().withRate(1e6, 1_000_000);
    }

    @Test
    void theCarriedMessageGoesOutBeforeItsTombstoneWhenItsNoticeFoundTheChannelFull() throws Exception {
        log.carries = true;
        TestClient alice = joined(one, "alice", "r");
        TestClient bob = joined(two, "bob", "r");
        TestClient dave = new TestClient(two);
        dave.hello("dave");
        one.sync();
        two.sync();
        bob.drainNow();
        Room room = two.live("r");
        List<String> setup = new ArrayList<>();

        n2.afterHead = () -> {
            if (!Thread.currentThread().getName().equals("room-r")) {
                return; // only node two's room r is held
            }
            n2.afterHead = null;
            Frame tombstone = Frame.of(new ServerMessage.Tombstone("r", 1, "alice"));
            setup.add("deletion queued: " + room.tryQueue(new Room.Deleted(tombstone)));
            int barriers = 0;
            while (room.tryQueue(new Room.Barrier(new CompletableFuture<>()))) {
                barriers++;
            }
            setup.add("full after barriers: " + (barriers > 0));
            alice.say("r", "m1", "soon deleted");
            assertEquals(1, alice.ackOf("m1").seq()); // committed: its notice (carrying it) has been to node two
            setup.add("still full: " + !room.tryQueue(new Room.Barrier(new CompletableFuture<>())));
        };
        // dave claims to have seen seq 1, past what node two has delivered: the room reads the log's head.
        dave.send(new ClientMessage.Join("r", OptionalLong.of(1)));

        List<ServerMessage> got = new ArrayList<>();
        while (got.size() < 2) {
            ServerMessage m = bob.next();
            if (m instanceof ServerMessage.Message || m instanceof ServerMessage.Tombstone) {
                got.add(m);
            }
        }
        assertEquals(List.of("deletion queued: true", "full after barriers: true", "still full: true"), setup);
        ServerMessage.Message first = assertInstanceOf(ServerMessage.Message.class, got.get(0),
                "the message before its tombstone, got " + got);
        assertEquals(1, first.seq());
        assertEquals("soon deleted", first.text());
        assertEquals(new ServerMessage.Tombstone("r", 1, "alice"), got.get(1));
        two.sync();
        assertFalse(bob.drainNow().stream().anyMatch(m -> m instanceof ServerMessage.Message), "sent once");
        assertTrue(n2.reads.get() == 0, "the carried copy, not a read");
    }
}
