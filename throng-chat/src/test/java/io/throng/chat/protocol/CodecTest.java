package io.throng.chat.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CodecTest {
    private final Codec codec = new Codec(20, 200, 50);

    static Stream<ClientMessage> clientMessages() {
        return Stream.of(
                new ClientMessage.Hello(1, "alice"),
                new ClientMessage.Resume(1, "tok-123", Map.of("lobby", 41L, "@alice", 3L)),
                new ClientMessage.Resume(1, "tok-123", Map.of()),
                new ClientMessage.Join("lobby", OptionalLong.empty()),
                new ClientMessage.Join("lobby", OptionalLong.of(41)),
                new ClientMessage.Leave("lobby"),
                new ClientMessage.Say("lobby", "c-17", "hi \"there\" é 😀"),
                new ClientMessage.Direct("bob", "c-18", "psst"),
                new ClientMessage.History("lobby", OptionalLong.of(100), OptionalLong.empty(), 50),
                new ClientMessage.History("lobby", OptionalLong.empty(), OptionalLong.of(0), 1),
                new ClientMessage.History("@alice", OptionalLong.empty(), OptionalLong.empty(), 10),
                new ClientMessage.Create("den", true),
                new ClientMessage.Create("hall", false),
                new ClientMessage.Invite("den", "bob"),
                new ClientMessage.Members("den"),
                new ClientMessage.SetRole("den", "bob", Role.MODERATOR),
                new ClientMessage.Kick("den", "bob"),
                new ClientMessage.Sanction(ClientMessage.Kind.BAN, "den", "bob", OptionalLong.of(3600)),
                new ClientMessage.Sanction(ClientMessage.Kind.MUTE, "den", "bob", OptionalLong.empty()),
                new ClientMessage.Lift(ClientMessage.Kind.BAN, "den", "bob"),
                new ClientMessage.Lift(ClientMessage.Kind.MUTE, "den", "bob"),
                new ClientMessage.Delete("den", 7));
    }

    @ParameterizedTest
    @MethodSource("clientMessages")
    void everyClientMessageSurvivesTheWire(ClientMessage m) {
        assertEquals(new Codec.Decoded.Ok(m), codec.decode(Codec.encode(m)));
    }

    static Stream<ServerMessage> serverMessages() {
        var msg = new ServerMessage.Message("lobby", 42, "alice", "<b>&</b>\n", 1764000000000L, null);
        return Stream.of(
                new ServerMessage.Welcome(1, "tok", "alice", true, new ServerMessage.Limits(4000, 5.0, 20, 50, 200)),
                msg,
                msg.withCid("c-17"),
                new ServerMessage.Ack("lobby", "c-17", 42),
                ServerMessage.Presence.joined("lobby", "bob"),
                ServerMessage.Presence.left("lobby", "bob"),
                ServerMessage.Presence.online("lobby", List.of("alice", "bob")),
                new ServerMessage.HistoryPage("lobby", List.of(msg, msg.withCid("x")), true),
                new ServerMessage.HistoryPage("lobby", List.of(), false),
                new ServerMessage.Gap("lobby", 41, 900, "window"),
                new ServerMessage.Error(ErrorCode.RATE_LIMITED, "slow down", "say", "lobby", "c-19"),
                new ServerMessage.Message("@alice", 3, "alice", "psst", 1L, "d-1", "bob", false),
                new ServerMessage.Message("den", 4, "bob", "", 1L, null, null, true),
                new ServerMessage.Members("den", true, List.of(new ServerMessage.Member("alice", Role.OWNER),
                        new ServerMessage.Member("bob", Role.MEMBER))),
                new ServerMessage.Tombstone("den", 4, "alice"),
                new ServerMessage.Removed("den", "banned", "alice", 1764000000000L),
                new ServerMessage.Removed("den", "kicked", "alice", null),
                new ServerMessage.Invited("den", "alice"),
                new ServerMessage.Error(ErrorCode.FORBIDDEN, "no", "history", "den", null),
                ServerMessage.Error.of(ErrorCode.BAD_JSON, "nope"));
    }

    @ParameterizedTest
    @MethodSource("serverMessages")
    void everyServerMessageSurvivesTheWire(ServerMessage m) {
        assertEquals(m, Codec.decodeServer(Codec.encode(m)));
    }

    static Stream<Arguments> badFrames() {
        return Stream.of(
                Arguments.of("", ErrorCode.BAD_JSON),
                Arguments.of("not json", ErrorCode.BAD_JSON),
                Arguments.of("[1,2]", ErrorCode.BAD_JSON),
                Arguments.of("\"hello\"", ErrorCode.BAD_JSON),
                Arguments.of("{\"type\":\"say\"", ErrorCode.BAD_JSON),
                Arguments.of("{\"type\":\"leave\",\"room\":\"a\"} {}", ErrorCode.BAD_JSON),
                Arguments.of("{\"type\":\"leave\",\"room\":\"a\",\"room\":\"b\"}", ErrorCode.BAD_JSON),
                Arguments.of("{\"room\":\"a\"}", ErrorCode.UNKNOWN_TYPE),
                Arguments.of("{\"type\":7}", ErrorCode.UNKNOWN_TYPE),
                Arguments.of("{\"type\":\"shout\"}", ErrorCode.UNKNOWN_TYPE),
                Arguments.of("{\"type\":\"hello\",\"nick\":\"a\"}", ErrorCode.MISSING_FIELD),
                Arguments.of("{\"type\":\"hello\",\"v\":1}", ErrorCode.MISSING_FIELD),
                Arguments.of("{\"type\":\"hello\",\"v\":1.5,\"nick\":\"a\"}", ErrorCode.BAD_FIELD),
                Arguments.of("{\"type\":\"hello\",\"v\":\"1\",\"nick\":\"a\"}", ErrorCode.BAD_FIELD),
                Arguments.of("{\"type\":\"hello\",\"v\":3,\"nick\":\"a\"}", ErrorCode.UNSUPPORTED_VERSION),
                Arguments.of("{\"type\":\"hello\",\"v\":1,\"nick\":\"a b\"}", ErrorCode.BAD_NICK),
                Arguments.of("{\"type\":\"hello\",\"v\":1,\"nick\":\"abcdefghijklmnopqrstuvwxy\"}", ErrorCode.BAD_NICK),
                Arguments.of("{\"type\":\"hello\",\"v\":1,\"nick\":null}", ErrorCode.MISSING_FIELD),
                Arguments.of("{\"type\":\"say\",\"room\":\"a\",\"text\":\"t\"}", ErrorCode.MISSING_FIELD),
                Arguments.of("{\"type\":\"say\",\"room\":\"a\",\"cid\":\"c\"}", ErrorCode.MISSING_FIELD),
                Arguments.of("{\"type\":\"say\",\"room\":\"a\",\"cid\":\"c\",\"text\":5}", ErrorCode.BAD_FIELD),
                Arguments.of("{\"type\":\"say\",\"room\":\"a\",\"cid\":\"c\",\"text\":\"\"}", ErrorCode.BAD_FIELD),
                Arguments.of("{\"type\":\"say\",\"room\":\"a\",\"cid\":\"has space\",\"text\":\"t\"}", ErrorCode.BAD_FIELD),
                Arguments.of("{\"type\":\"say\",\"room\":\"a\",\"cid\":\"c\",\"text\":\"123456789012345678901\"}",
                        ErrorCode.TEXT_TOO_LONG),
                Arguments.of("{\"type\":\"say\",\"room\":\"A\",\"cid\":\"c\",\"text\":\"t\"}", ErrorCode.BAD_ROOM),
                Arguments.of("{\"type\":\"say\",\"room\":\"-a\",\"cid\":\"c\",\"text\":\"t\"}", ErrorCode.BAD_ROOM),
                Arguments.of("{\"type\":\"join\",\"room\":\"a\",\"after\":-1}", ErrorCode.BAD_FIELD),
                Arguments.of("{\"type\":\"join\",\"room\":\"a\",\"after\":1e3}", ErrorCode.BAD_FIELD),
                Arguments.of("{\"type\":\"join\",\"room\":\"a\",\"after\":9007199254740992}", ErrorCode.BAD_FIELD),
                Arguments.of("{\"type\":\"history\",\"room\":\"a\",\"before\":5,\"after\":1}", ErrorCode.BAD_FIELD),
                Arguments.of("{\"type\":\"history\",\"room\":\"a\",\"limit\":0}", ErrorCode.BAD_FIELD),
                Arguments.of("{\"type\":\"history\",\"room\":\"a\",\"limit\":51}", ErrorCode.BAD_FIELD),
                Arguments.of("{\"type\":\"resume\",\"v\":1,\"session\":\"t\",\"last\":[1]}", ErrorCode.BAD_FIELD),
                Arguments.of("{\"type\":\"resume\",\"v\":1,\"session\":\"t\",\"last\":{\"r\":\"1\"}}", ErrorCode.BAD_FIELD),
                Arguments.of("{\"type\":\"resume\",\"v\":1,\"session\":\"t\",\"last\":{\"R R\":1}}", ErrorCode.BAD_ROOM),
                Arguments.of("{\"type\":\"dm\",\"to\":\"@bob\",\"cid\":\"c\",\"text\":\"t\"}", ErrorCode.BAD_NICK),
                Arguments.of("{\"type\":\"create\",\"room\":\"den\",\"private\":\"yes\"}", ErrorCode.BAD_FIELD),
                Arguments.of("{\"type\":\"role\",\"room\":\"den\",\"nick\":\"bob\",\"role\":\"owner\"}",
                        ErrorCode.BAD_FIELD),
                Arguments.of("{\"type\":\"role\",\"room\":\"den\",\"nick\":\"bob\",\"role\":\"god\"}",
                        ErrorCode.BAD_FIELD),
                Arguments.of("{\"type\":\"ban\",\"room\":\"den\",\"nick\":\"bob\",\"seconds\":0}", ErrorCode.BAD_FIELD),
                Arguments.of("{\"type\":\"ban\",\"room\":\"den\",\"nick\":\"bob\",\"seconds\":1e99}",
                        ErrorCode.BAD_FIELD),
                Arguments.of("{\"type\":\"mute\",\"room\":\"den\",\"nick\":\"@bob\"}", ErrorCode.BAD_NICK),
                Arguments.of("{\"type\":\"kick\",\"room\":\"den\"}", ErrorCode.MISSING_FIELD),
                Arguments.of("{\"type\":\"delete\",\"room\":\"den\",\"seq\":0}", ErrorCode.BAD_FIELD),
                Arguments.of("{\"type\":\"delete\",\"room\":\"den\"}", ErrorCode.MISSING_FIELD),
                Arguments.of("{\"type\":\"leave\",\"room\":\"" + "a".repeat(300) + "\"}", ErrorCode.FRAME_TOO_LARGE));
    }

    @ParameterizedTest
    @MethodSource("badFrames")
    void badFramesBecomeErrorsWithCodes(String frame, ErrorCode expected) {
        Codec.Decoded d = codec.decode(frame);
        ServerMessage.Error e = assertInstanceOf(Codec.Decoded.Invalid.class, d, frame).error();
        assertEquals(expected, e.code(), frame + " -> " + e.message());
    }

    @Test
    void anErrorRepeatsTheRequestsTypeRoomAndCid() {
        var e = ((Codec.Decoded.Invalid) codec.decode(
                "{\"type\":\"say\",\"room\":\"lobby\",\"cid\":\"c-9\",\"text\":\"" + "x".repeat(21) + "\"}")).error();
        assertEquals(new ServerMessage.Error(ErrorCode.TEXT_TOO_LONG, e.message(), "say", "lobby", "c-9"), e);
        var hostile = ((Codec.Decoded.Invalid) codec.decode("{\"type\":\"" + "t".repeat(100) + "\"}")).error();
        assertNull(hostile.re(), "long values are not echoed back");
    }

    @Test
    void unknownFieldsAreIgnoredForForwardCompatibility() {
        assertEquals(new Codec.Decoded.Ok(new ClientMessage.Leave("a")),
                codec.decode("{\"type\":\"leave\",\"room\":\"a\",\"future\":{\"x\":[1]}}"));
    }

    @Test
    void textLengthCountsUtf16UnitsLikeJavaScript() {
        String twentyUnits = "😀".repeat(10);
        assertInstanceOf(Codec.Decoded.Ok.class,
                codec.decode(Codec.encode(new ClientMessage.Say("a", "c", twentyUnits))));
        assertEquals(ErrorCode.TEXT_TOO_LONG, ((Codec.Decoded.Invalid) codec.decode(
                Codec.encode(new ClientMessage.Say("a", "c", twentyUnits + "x")))).error().code());
    }
}
