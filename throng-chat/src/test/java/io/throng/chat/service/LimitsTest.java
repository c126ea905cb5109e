package io.throng.chat.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.throng.chat.protocol.ClientMessage;
import io.throng.chat.protocol.Codec;
import io.throng.chat.protocol.ErrorCode;
import io.throng.chat.protocol.ServerMessage;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Every limit answers with its own error code, naming the request it refused. */
class LimitsTest extends ServiceFixture {

    @Override
    ChatConfig config() {
        return ChatConfig.defaults().withRate(2, 3).withMaxRooms(2).withMaxText(100);
    }

    private static ServerMessage.Error error(TestClient c) throws InterruptedException {
        return (ServerMessage.Error) c.await(m -> m instanceof ServerMessage.Error);
    }

    @Test
    void theTokenBucketAllowsABurstThenItsRate() throws Exception {
        start();
        TestClient alice = new TestClient(service);
        alice.hello("alice");
        alice.join("r");
        for (int i = 1; i <= 3; i++) {
            alice.say("r", "c" + i, "burst");
            alice.ackOf("c" + i);
        }
        alice.say("r", "c4", "one too many");
        ServerMessage.Error limited = error(alice);
        assertEquals(ErrorCode.RATE_LIMITED, limited.code());
        assertEquals(new ServerMessage.Error(ErrorCode.RATE_LIMITED, limited.message(), "say", "r", "c4"), limited);
        clock.advance(Duration.ofMillis(500)); // 2 per second: one token back
        alice.say("r", "c4", "retried");
        assertEquals(4, alice.ackOf("c4").seq());
        alice.send(new ClientMessage.Direct("bob", "d1", "dms count too"));
        assertEquals(ErrorCode.RATE_LIMITED, error(alice).code());
    }

    @Test
    void theBucketIsTheUsersNotTheConnectionsAndCountsManagementToo() throws Exception {
        start();
        TestClient first = new TestClient(service);
        first.hello("alice");
        TestClient second = new TestClient(service); // a second session of the same user
        second.hello("alice");
        first.send(new ClientMessage.Create("den", true));
        first.await(m -> m instanceof ServerMessage.Members);
        first.send(new ClientMessage.Invite("den", "bob"));
        first.await(m -> m instanceof ServerMessage.Members);
        second.send(new ClientMessage.Direct("bob", "d1", "third of a burst of 3"));
        second.ackOf("d1");
        second.send(new ClientMessage.Direct("bob", "d2", "one too many, from another session"));
        assertEquals(ErrorCode.RATE_LIMITED, error(second).code());
        first.send(new ClientMessage.Kick("den", "bob"));
        assertEquals(ErrorCode.RATE_LIMITED, error(first).code());
        first.send(new ClientMessage.Members("den")); // reading is not counted
        first.await(m -> m instanceof ServerMessage.Members);
        TestClient bob = new TestClient(service);
        bob.hello("bob");
        bob.send(new ClientMessage.Direct("alice", "b1", "another user has a bucket of its own"));
        bob.ackOf("b1");
    }

    @Test
    void roomsPerSessionTextSizeAndNames() throws Exception {
        start();
        TestClient alice = new TestClient(service);
        alice.hello("alice");
        alice.join("one");
        alice.join("two");
        alice.send(new ClientMessage.Join("three", OptionalLong.empty()));
        ServerMessage.Error tooMany = error(alice);
        assertEquals(ErrorCode.TOO_MANY_ROOMS, tooMany.code());
        assertEquals("three", tooMany.room());
        alice.join("one"); // joining again is not a new room
        alice.send(new ClientMessage.Leave("two"));
        alice.join("three");

        alice.say("one", "long", "x".repeat(101));
        ServerMessage.Error tooLong = error(alice);
        assertEquals(ErrorCode.TEXT_TOO_LONG, tooLong.code());
        assertEquals("long", tooLong.cid());
        alice.say("one", "fits", "x".repeat(100));
        alice.ackOf("fits");

        alice.say("nowhere", "n1", "hi");
        assertEquals(ErrorCode.NOT_MEMBER, error(alice).code());
        alice.send(new ClientMessage.Join("@bob", OptionalLong.empty()));
        assertEquals(ErrorCode.BAD_ROOM, error(alice).code());
        alice.sendRaw("{\"type\":\"join\",\"room\":\"Upper\"}");
        assertEquals(ErrorCode.BAD_ROOM, error(alice).code());
        alice.sendRaw("{\"type\":\"dm\",\"to\":\"no spaces\",\"cid\":\"d\",\"text\":\"t\"}");
        assertEquals(ErrorCode.BAD_NICK, error(alice).code());
        alice.send(new ClientMessage.Hello(Codec.VERSION, "alice"));
        assertEquals(ErrorCode.NOT_READY, error(alice).code());
    }

    @Test
    void aConnectionMustSayHelloFirstWithAValidNick() throws Exception {
        start();
        TestClient c = new TestClient(service);
        c.say("r", "c1", "too early");
        assertEquals(ErrorCode.NOT_READY, assertInstanceOf(ServerMessage.Error.class, c.next()).code());
        c.sendRaw("{\"type\":\"hello\",\"v\":1,\"nick\":\"1abc\"}");
        assertEquals(ErrorCode.BAD_NICK, assertInstanceOf(ServerMessage.Error.class, c.next()).code());
        c.sendRaw("{\"type\":\"hello\",\"v\":1,\"nick\":\"<script>\"}");
        assertEquals(ErrorCode.BAD_NICK, assertInstanceOf(ServerMessage.Error.class, c.next()).code());
        c.sendRaw("{\"type\":\"hello\",\"v\":3,\"nick\":\"alice\"}");
        assertEquals(ErrorCode.UNSUPPORTED_VERSION, assertInstanceOf(ServerMessage.Error.class, c.next()).code());
        // Version 2 takes the name from a login; this service has no accounts, so nobody gets in that way.
        c.sendRaw("{\"type\":\"hello\",\"v\":2,\"nick\":\"alice\"}");
        assertEquals(ErrorCode.AUTH_REQUIRED, assertInstanceOf(ServerMessage.Error.class, c.next()).code());
        c.sendRaw("{\"type\":\"resume\",\"v\":1,\"session\":\"forged\"}");
        assertEquals(ErrorCode.UNKNOWN_SESSION, assertInstanceOf(ServerMessage.Error.class, c.next()).code());
        c.hello("alice");
        assertEquals(6, service.stats().rejected(), "six refusals before the hello");
    }
}
