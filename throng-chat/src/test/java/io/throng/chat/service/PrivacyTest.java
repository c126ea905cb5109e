package io.throng.chat.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.chat.protocol.ClientMessage;
import io.throng.chat.protocol.ErrorCode;
import io.throng.chat.protocol.ServerMessage;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Direct messages and private rooms reach their parties and members only, by every path a frame can
 * take in the service: live, history, join, resume with {@code last} (replay and gap). carol is the
 * outsider in every test; her frames are checked after {@link ChatService#sync()}, so nothing is
 * still on its way when we look.
 */
class PrivacyTest extends ServiceFixture {
    TestClient carol;

    void threeUsers() throws InterruptedException {
        aliceAndBobSayHello();
        carol = new TestClient(service);
        carol.hello("carol");
    }

    static ClientMessage.History history(String room) {
        return new ClientMessage.History(room, OptionalLong.empty(), OptionalLong.empty(), 50);
    }

    /** Everything carol has received so far, asserting none of it carries {@code secret} or names {@code room}. */
    void outsiderSawNothing(TestClient outsider, String room, String secret) throws InterruptedException {
        service.sync();
        List<ServerMessage> got = outsider.drainNow();
        for (ServerMessage m : got) {
            assertFalse(m.toString().contains(secret), "leaked to an outsider: " + m);
            if (m instanceof ServerMessage.Message msg) {
                assertFalse(msg.room().equals(room), "a message of " + room + " reached an outsider: " + m);
            }
        }
    }

    ServerMessage.Error error(TestClient c) throws InterruptedException {
        return (ServerMessage.Error) c.await(m -> m instanceof ServerMessage.Error);
    }

    // ------------------------------------------------------------------ direct messages

    @Test
    void aDirectMessageReachesNobodyButItsTwoPartiesByAnyPath() throws Exception {
        start();
        threeUsers();
        carol.drop(); // carol will come back by resume, asking for both inboxes from the start
        alice.send(new ClientMessage.Direct("bob", "d1", "psst-secret"));
        assertEquals(new ServerMessage.Ack("@bob", "d1", 1), alice.ackOf("d1"));

        // carol, hostile: resume asking for replay of both parties' inboxes, read them, join them.
        assertInstanceOf(ServerMessage.Welcome.class, carol.resume(Map.of("@bob", 0L, "@alice", 0L)));
        carol.send(history("@bob"));
        assertEquals(ErrorCode.FORBIDDEN, error(carol).code());
        carol.send(history("@alice"));
        assertEquals(ErrorCode.FORBIDDEN, error(carol).code());
        carol.send(new ClientMessage.Join("@bob", OptionalLong.of(0)));
        assertEquals(ErrorCode.BAD_ROOM, error(carol).code());
        carol.send(new ClientMessage.Members("@bob"));
        assertEquals(ErrorCode.BAD_ROOM, error(carol).code());
        carol.send(new ClientMessage.Delete("@bob", 1));
        assertEquals(ErrorCode.BAD_ROOM, error(carol).code());
        outsiderSawNothing(carol, "@bob", "psst-secret");

        // The parties: bob live, alice her own copy naming bob (with her cid), both in their histories.
        ServerMessage.Message toBob = (ServerMessage.Message) bob.await(m -> m instanceof ServerMessage.Message);
        assertEquals(new ServerMessage.Message("@bob", 1, "alice", "psst-secret", toBob.time(), null, "bob", false),
                toBob);
        ServerMessage.Message copy = (ServerMessage.Message) alice.await(m -> m instanceof ServerMessage.Message);
        assertEquals(new ServerMessage.Message("@alice", 1, "alice", "psst-secret", copy.time(), "d1", "bob", false),
                copy);
        assertNotNull(service.live("@bob"), "bob's inbox has an orderer, so the room list below sees it");
        assertEquals(List.of(), service.publicRooms().stream().filter(r -> r.startsWith("@")).toList(),
                "an inbox is never listed");
        alice.send(history("@alice"));
        assertEquals(List.of(copy), assertInstanceOf(ServerMessage.HistoryPage.class,
                alice.await(m -> m instanceof ServerMessage.HistoryPage)).messages());
        bob.send(history("@bob"));
        assertEquals(List.of(toBob), assertInstanceOf(ServerMessage.HistoryPage.class,
                bob.await(m -> m instanceof ServerMessage.HistoryPage)).messages());

        // A retry is one message in each inbox, acknowledged once more with the original sequence.
        alice.send(new ClientMessage.Direct("bob", "d1", "psst-secret"));
        assertEquals(1, alice.ackOf("d1").seq());
        service.sync();
        assertEquals(1, store.head("@alice"));
        assertEquals(1, store.head("@bob"));

        // bob's own resume replays his inbox (the control: the path works, for the owner).
        bob.drop();
        bob.resume(Map.of("@bob", 0L));
        assertEquals("psst-secret",
                ((ServerMessage.Message) bob.await(m -> m instanceof ServerMessage.Message)).text());
        outsiderSawNothing(carol, "@alice", "psst-secret");
    }

    @Test
    void aGapInAnInboxIsNotAnOpeningEither() throws Exception {
        start(config().withOutbox(256, 2));
        threeUsers();
        for (int i = 0; i < 5; i++) {
            alice.send(new ClientMessage.Direct("bob", "d" + i, "secret-" + i));
            alice.ackOf("d" + i);
        }
        carol.drop();
        carol.resume(Map.of("@bob", 0L, "@carol", 0L));
        outsiderSawNothing(carol, "@bob", "secret-");
        bob.drop();
        bob.resume(Map.of("@bob", 0L));
        ServerMessage.Gap gap = (ServerMessage.Gap) bob.await(m -> m instanceof ServerMessage.Gap);
        assertEquals(new ServerMessage.Gap("@bob", 0, 5, "window"), gap);
    }

    // ------------------------------------------------------------------ private rooms

    void aliceCreatesPrivateRoomWithBob() throws InterruptedException {
        threeUsers();
        alice.send(new ClientMessage.Create("den", true));
        ServerMessage.Members created = (ServerMessage.Members) alice.await(m -> m instanceof ServerMessage.Members);
        assertEquals(new ServerMessage.Members("den", true,
                List.of(new ServerMessage.Member("alice", io.throng.chat.protocol.Role.OWNER))), created);
        alice.join("den");
        alice.send(new ClientMessage.Invite("den", "bob"));
        assertEquals(new ServerMessage.Invited("den", "alice"), bob.await(m -> m instanceof ServerMessage.Invited));
        bob.join("den");
    }

    @Test
    void aPrivateRoomIsClosedToNonMembersByEveryPath() throws Exception {
        start();
        aliceCreatesPrivateRoomWithBob();
        carol.drop();
        alice.say("den", "s1", "den-secret");
        assertEquals(1, alice.ackOf("s1").seq());
        assertEquals("den-secret", ((ServerMessage.Message) bob.await(m -> m instanceof ServerMessage.Message)).text());

        carol.resume(Map.of("den", 0L));
        for (ClientMessage probe : List.<ClientMessage>of(new ClientMessage.Join("den", OptionalLong.of(0)),
                history("den"), new ClientMessage.Members("den"), new ClientMessage.Invite("den", "carol"),
                new ClientMessage.Kick("den", "bob"), new ClientMessage.Delete("den", 1))) {
            carol.send(probe);
            assertEquals(ErrorCode.FORBIDDEN, error(carol).code(), probe.toString());
        }
        carol.say("den", "c1", "let me in");
        assertEquals(ErrorCode.NOT_MEMBER, error(carol).code());
        carol.send(new ClientMessage.Create("den", false));
        assertEquals(ErrorCode.ROOM_EXISTS, error(carol).code());
        assertFalse(service.publicRooms().contains("den"), "a private room is not listed");
        outsiderSawNothing(carol, "den", "den-secret");
    }

    @Test
    void aKickedMemberGetsNothingFurtherEvenByResume() throws Exception {
        start();
        aliceCreatesPrivateRoomWithBob();
        bob.send(new ClientMessage.Kick("den", "alice")); // hostile: a member kicking the owner
        assertEquals(ErrorCode.FORBIDDEN, error(bob).code());

        alice.send(new ClientMessage.Kick("den", "bob"));
        assertEquals(new ServerMessage.Removed("den", "kicked", "alice", null),
                bob.await(m -> m instanceof ServerMessage.Removed));
        alice.say("den", "s1", "after-kick");
        alice.ackOf("s1");
        outsiderSawNothing(bob, "den", "after-kick");
        bob.drop();
        bob.resume(Map.of("den", 0L));
        bob.send(history("den"));
        assertEquals(ErrorCode.FORBIDDEN, error(bob).code());
        bob.send(new ClientMessage.Join("den", OptionalLong.of(0)));
        assertEquals(ErrorCode.FORBIDDEN, error(bob).code());
        outsiderSawNothing(bob, "den", "after-kick");
    }

    // ------------------------------------------------------------------ moderation

    @Test
    void onlyModeratorsModerateAndNeverTheirBetters() throws Exception {
        start();
        aliceCreatesPrivateRoomWithBob();
        alice.send(new ClientMessage.Invite("den", "carol"));
        carol.join("den");
        for (ClientMessage hostile : List.<ClientMessage>of(new ClientMessage.Kick("den", "carol"),
                new ClientMessage.Sanction(ClientMessage.Kind.BAN, "den", "carol", OptionalLong.empty()),
                new ClientMessage.Sanction(ClientMessage.Kind.MUTE, "den", "carol", OptionalLong.of(60)),
                new ClientMessage.SetRole("den", "bob", io.throng.chat.protocol.Role.MODERATOR),
                new ClientMessage.Invite("den", "dave"))) {
            bob.send(hostile);
            assertEquals(ErrorCode.FORBIDDEN, error(bob).code(), hostile.toString());
        }
        alice.send(new ClientMessage.SetRole("den", "bob", io.throng.chat.protocol.Role.MODERATOR));
        bob.send(new ClientMessage.Kick("den", "alice"));
        assertEquals(ErrorCode.FORBIDDEN, error(bob).code(), "a moderator cannot kick the owner");
        alice.send(new ClientMessage.SetRole("den", "carol", io.throng.chat.protocol.Role.MODERATOR));
        bob.send(new ClientMessage.Kick("den", "carol"));
        assertEquals(ErrorCode.FORBIDDEN, error(bob).code(), "nor a fellow moderator");
    }

    @Test
    void aBanEndsWhenItExpiresAndAMuteRefusesPosts() throws Exception {
        start();
        threeUsers();
        alice.send(new ClientMessage.Create("hall", false));
        alice.join("hall");
        carol.join("hall");
        bob.join("hall");
        alice.send(new ClientMessage.Sanction(ClientMessage.Kind.MUTE, "hall", "carol", OptionalLong.empty()));
        alice.await(m -> m instanceof ServerMessage.Members);
        carol.say("hall", "c1", "shout");
        ServerMessage.Error muted = error(carol);
        assertEquals(new ServerMessage.Error(ErrorCode.MUTED, muted.message(), "say", "hall", "c1"), muted);
        alice.send(new ClientMessage.Lift(ClientMessage.Kind.MUTE, "hall", "carol"));
        alice.await(m -> m instanceof ServerMessage.Members);
        carol.say("hall", "c1", "calm");
        assertEquals(1, carol.ackOf("c1").seq());

        service.sync();
        bob.drainNow(); // what bob saw as a member is his; what follows the ban is not
        alice.send(new ClientMessage.Sanction(ClientMessage.Kind.BAN, "hall", "bob", OptionalLong.of(60)));
        ServerMessage.Removed removed = (ServerMessage.Removed) bob.await(m -> m instanceof ServerMessage.Removed);
        assertEquals(new ServerMessage.Removed("hall", "banned", "alice", clock.millis() + 60_000), removed);
        alice.say("hall", "a1", "while-banned");
        alice.ackOf("a1");
        bob.send(new ClientMessage.Join("hall", OptionalLong.empty()));
        assertEquals(ErrorCode.BANNED, error(bob).code());
        bob.send(history("hall"));
        assertEquals(ErrorCode.BANNED, error(bob).code());
        outsiderSawNothing(bob, "hall", "while-banned");

        // Bans are stored: a restart keeps this one, and its expiry lets bob back.
        restart();
        TestClient bob2 = new TestClient(service);
        bob2.hello("bob");
        bob2.send(new ClientMessage.Join("hall", OptionalLong.empty()));
        assertEquals(ErrorCode.BANNED, error(bob2).code());
        clock.advance(java.time.Duration.ofSeconds(61));
        bob2.join("hall");
    }

    @Test
    void deletedMessagesBecomeTombstonesLiveInHistoryAndOnDisk() throws Exception {
        start();
        aliceCreatesPrivateRoomWithBob();
        bob.say("den", "b1", "regrettable-text");
        bob.ackOf("b1");
        alice.say("den", "a1", "fine");
        alice.ackOf("a1");
        bob.send(new ClientMessage.Delete("den", 2));
        assertEquals(ErrorCode.FORBIDDEN, error(bob).code(), "a member deletes only their own");

        alice.send(new ClientMessage.Delete("den", 1));
        assertEquals(new ServerMessage.Tombstone("den", 1, "alice"), bob.await(m -> m instanceof ServerMessage.Tombstone));
        alice.send(new ClientMessage.Delete("den", 1));
        assertEquals(ErrorCode.NO_SUCH_MESSAGE, error(alice).code());

        bob.send(history("den"));
        List<ServerMessage.Message> page = ((ServerMessage.HistoryPage) bob.await(
                m -> m instanceof ServerMessage.HistoryPage)).messages();
        assertEquals(2, page.size());
        assertTrue(page.get(0).deleted());
        assertEquals("", page.get(0).text());
        assertEquals("fine", page.get(1).text());
        bob.drop();
        bob.resume(Map.of("den", 0L));
        ServerMessage.Message replayed = (ServerMessage.Message) bob.await(m -> m instanceof ServerMessage.Message);
        assertTrue(replayed.deleted(), "replay carries the tombstone too");

        service.close();
        store.close();
        byte[] db = java.nio.file.Files.readAllBytes(dir.resolve("chat.db"));
        assertFalse(new String(db, java.nio.charset.StandardCharsets.ISO_8859_1).contains("regrettable-text"),
                "the deleted text is gone from the file");
        store = null;
        service = null;
    }

    @Test
    void aVersionOneStoreIsUpgradedInPlaceAndItsDirectMessagesStayTheOwners() throws Exception {
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("chat.db"));
             var s = c.createStatement()) {
            s.execute("CREATE TABLE messages (room TEXT NOT NULL, seq INTEGER NOT NULL, sender TEXT NOT NULL, "
                    + "cid TEXT NOT NULL, text TEXT NOT NULL, time INTEGER NOT NULL, PRIMARY KEY (room, seq)) WITHOUT ROWID");
            s.execute("CREATE UNIQUE INDEX messages_dedup ON messages (room, sender, cid)");
            s.execute("INSERT INTO messages VALUES ('@bob', 1, 'alice', 'old', 'old-secret', 5)");
            s.execute("INSERT INTO messages VALUES ('lobby', 1, 'alice', 'l1', 'hello', 6)");
        }
        start();
        threeUsers();
        carol.send(history("@bob"));
        assertEquals(ErrorCode.FORBIDDEN, error(carol).code());
        bob.send(history("@bob"));
        assertEquals(List.of(new ServerMessage.Message("@bob", 1, "alice", "old-secret", 5, null, "bob", false)),
                ((ServerMessage.HistoryPage) bob.await(m -> m instanceof ServerMessage.HistoryPage)).messages());
        alice.send(new ClientMessage.Create("lobby", false));
        assertEquals(ErrorCode.ROOM_EXISTS, error(alice).code(), "an open room with a history cannot be taken over");
        alice.send(new ClientMessage.Direct("bob", "new", "new-secret"));
        assertEquals(2, alice.ackOf("new").seq());
        outsiderSawNothing(carol, "@bob", "secret");
    }

    @Test
    void aJoinThatRacedABanIsRefusedByTheRoomItself() throws Exception {
        start();
        threeUsers();
        alice.send(new ClientMessage.Create("hall", false));
        alice.join("hall");
        alice.send(new ClientMessage.Sanction(ClientMessage.Kind.BAN, "hall", "bob", OptionalLong.empty()));
        alice.await(m -> m instanceof ServerMessage.Members);
        // As if bob's join had passed the connection's check just before the ban: it reaches the room after.
        Session bobs = service.findSession(bob.token);
        bobs.addRoom("hall", false, 50);
        service.sendTo("hall", new Room.Join(bobs, OptionalLong.of(0)));
        ServerMessage.Error refused = error(bob);
        assertEquals(new ServerMessage.Error(ErrorCode.BANNED, refused.message(), "join", "hall", null), refused);
        assertFalse(bobs.isMember("hall"), "the room took itself out of the session: no resume brings it back");
        alice.say("hall", "a1", "banned-never-sees");
        alice.ackOf("a1");
        outsiderSawNothing(bob, "hall", "banned-never-sees");
    }

    @Test
    void aUserOwnsAtMostMaxRoomsRooms() throws Exception {
        start(config().withMaxRooms(2));
        threeUsers();
        alice.send(new ClientMessage.Create("one", false));
        alice.send(new ClientMessage.Create("two", true));
        alice.send(new ClientMessage.Create("three", false));
        ServerMessage.Error e = error(alice);
        assertEquals(new ServerMessage.Error(ErrorCode.TOO_MANY_ROOMS, e.message(), "create", "three", null), e);
        bob.send(new ClientMessage.Create("three", false));
        assertEquals("three", ((ServerMessage.Members) bob.await(m -> m instanceof ServerMessage.Members)).room());
    }
}
