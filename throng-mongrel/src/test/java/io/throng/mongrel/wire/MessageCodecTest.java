package io.throng.mongrel.wire;

import io.throng.net.codec.MalformedFrameException;
import io.throng.net.codec.TNetstring;

import static io.throng.mongrel.wire.Captures.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class MessageCodecTest {

    @Test
    void tnetstringRequestFromMongrel2RoundTripsByteForByte() {
        byte[] wire = bytes(Captures.TNS_GET);
        Request r = assertInstanceOf(Request.class, MessageCodec.decodeInbound(wire));
        assertEquals("34f9ceee-cd52-4b7f-b197-88bf2f0ec378", r.sender());
        assertEquals(1, r.connectionId());
        assertEquals("/tns/hello", r.path());
        assertEquals(HeaderFormat.TNETSTRING, r.format());
        assertEquals("GET", r.method());
        assertEquals("x=1&y=2", r.headers().get("QUERY", null));
        assertEquals("/tns/", r.headers().get("PATTERN", null));
        assertEquals(List.of("a", "b"), r.headers().all("x-test"), "repeated header is a list");
        assertEquals(0, r.bodyLength());
        assertArrayEquals(wire, MessageCodec.encode(r));
    }

    @Test
    void jsonRequestFromMongrel2RoundTripsByteForByte() {
        byte[] wire = bytes(Captures.JSON_POST);
        Request r = assertInstanceOf(Request.class, MessageCodec.decodeInbound(wire));
        assertEquals(2, r.connectionId());
        assertEquals(HeaderFormat.JSON, r.format());
        assertEquals("POST", r.method());
        assertEquals("/json/p?q=1", r.headers().get("URI", null));
        assertEquals("a=1&b=2", r.bodyText());
        assertArrayEquals(wire, MessageCodec.encode(r));
    }

    @Test
    void disconnectNoticesInBothFormatsRoundTrip() {
        for (String capture : List.of(Captures.JSON_DISCONNECT, Captures.TNS_DISCONNECT)) {
            Disconnect d = assertInstanceOf(Disconnect.class, MessageCodec.decodeInbound(bytes(capture)));
            assertEquals(5, d.connectionId());
            assertEquals(Captures.UUID, d.sender());
            assertArrayEquals(bytes(capture), MessageCodec.encode(d));
        }
        assertEquals(HeaderFormat.TNETSTRING,
                ((Disconnect) MessageCodec.decodeInbound(bytes(Captures.TNS_DISCONNECT))).format());
    }

    @Test
    void creditsNoticeDecodes() {
        Credits c = new Credits(Captures.UUID, 9, 4096, HeaderFormat.JSON);
        byte[] wire = MessageCodec.encode(c);
        assertEquals(Captures.UUID + " 9 @* 43:{\"METHOD\":\"JSON\",\"DOWNLOAD_CREDITS\":\"4096\"},18:{\"type\":\"credits\"},",
                new String(wire, StandardCharsets.US_ASCII));
        assertEquals(c, MessageCodec.decodeInbound(wire));
    }

    @Test
    void broadcastAndCloseRepliesRoundTrip() {
        Reply b = assertInstanceOf(Reply.class, MessageCodec.decodeOutbound(bytes(Captures.BROADCAST)));
        assertEquals(List.of(7L, 8L), b.connectionIds());
        assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nbroadcast", new String(b.body(), StandardCharsets.US_ASCII));
        assertArrayEquals(bytes(Captures.BROADCAST), MessageCodec.encode(b));

        Reply close = assertInstanceOf(Reply.class, MessageCodec.decodeOutbound(bytes(Captures.CLOSE_BOTH)));
        assertTrue(close.isClose());
        assertFalse(b.isClose());
        assertArrayEquals(bytes(Captures.CLOSE_BOTH), MessageCodec.encode(Reply.close(Captures.UUID, List.of(7L, 8L))));
    }

    @Test
    void aReplyDecodedInPlaceIsTheSameReplyAndLendsItsBodyReadOnly() {
        byte[] frame = bytes(Captures.BROADCAST);
        Reply copied = assertInstanceOf(Reply.class, MessageCodec.decodeOutbound(frame));
        Reply inPlace = assertInstanceOf(Reply.class, MessageCodec.decodeOutboundInPlace(bytes(Captures.BROADCAST)));
        assertEquals(copied, inPlace);
        assertEquals(copied.hashCode(), inPlace.hashCode());
        assertArrayEquals(frame, MessageCodec.encode(inPlace), "the body slice, not the frame, is encoded");
        java.nio.ByteBuffer view = inPlace.bodyView();
        assertTrue(view.isReadOnly());
        assertEquals(0, view.position(), "the view starts at the body, not at the frame's start");
        byte[] seen = new byte[view.remaining()];
        view.get(seen);
        assertArrayEquals(copied.body(), seen);
        assertEquals(seen.length, inPlace.bodyView().remaining(), "each view has its own position");
        inPlace.body()[0] = 'X'; // a copy: the reply does not change
        assertEquals('H', inPlace.bodyView().get(0));
        frame[frame.length - 1] = '!'; // decodeOutbound copied: the caller's array is still the caller's
        assertEquals('t', copied.bodyView().get(copied.bodyView().limit() - 1));
        assertTrue(assertInstanceOf(Reply.class, MessageCodec.decodeOutboundInPlace(bytes(Captures.CLOSE_BOTH))).isClose());
    }

    @Test
    void extendedCreditsReplyRoundTrips() {
        Control c = assertInstanceOf(Control.class, MessageCodec.decodeOutbound(bytes(Captures.CTL_CREDITS)));
        assertEquals(List.of(12L), c.connectionIds());
        assertEquals("ctl", c.name());
        assertEquals(new TNetstring.Int(65536), ((TNetstring.Dict) c.args()).get("credits"));
        assertArrayEquals(bytes(Captures.CTL_CREDITS), MessageCodec.encode(Control.credits(Captures.UUID, 12, 65536)));
    }

    @Test
    void replyTargetsAreLimitedTo128() {
        List<Long> ids = LongStream.rangeClosed(1, 128).boxed().toList();
        Reply r = new Reply("s", ids, new byte[] {1});
        assertEquals(ids, MessageCodec.decodeOutbound(MessageCodec.encode(r)).connectionIds());
        List<Long> tooMany = LongStream.rangeClosed(1, 129).boxed().toList();
        assertThrows(IllegalArgumentException.class, () -> new Reply("s", tooMany, new byte[0]));
        String ids129 = String.join(" ", tooMany.stream().map(String::valueOf).toList());
        WireFormatException e = assertThrows(WireFormatException.class,
                () -> MessageCodec.decodeOutbound(bytes("s " + ids129.length() + ":" + ids129 + ", x")));
        assertTrue(e.getMessage().contains("more than 128"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Reply("s", List.of(), new byte[0]));
    }

    /**
     * The hand-written JSON header writer against Jackson's, on the values that need escaping: every
     * control character, quote, backslash, DEL, Latin-1, a character outside the BMP (a surrogate pair),
     * an empty value and a repeated header; the bytes must be Jackson's and parse back to the same headers.
     */
    @Test
    void jsonHeadersAreWhatJacksonWritesForHostileValues() throws Exception {
        StringBuilder controls = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            controls.append(c);
        }
        Headers headers = Headers.builder().add("METHOD", "GET").add("x-controls", controls.toString())
                .add("x-quote", "a\"b\\c/d\u007f").add("x-latin", "café ü").add("x-astral", "x\uD83D\uDE00y")
                .add("x-empty", "").add("x-list", "one").add("x-list", "t\"wo").add("qu\"ote\u00e9", "k").build();
        Request r = new Request("s", 9, "/h", headers, new byte[0], HeaderFormat.JSON);
        byte[] wire = MessageCodec.encode(r);

        java.io.ByteArrayOutputStream json = new java.io.ByteArrayOutputStream();
        try (com.fasterxml.jackson.core.JsonGenerator g = new com.fasterxml.jackson.core.JsonFactory().createGenerator(json)) {
            g.writeStartObject();
            for (var e : headers.entries().entrySet()) {
                g.writeFieldName(e.getKey());
                if (e.getValue().size() == 1) {
                    g.writeString(e.getValue().getFirst());
                } else {
                    g.writeStartArray();
                    for (String v : e.getValue()) {
                        g.writeString(v);
                    }
                    g.writeEndArray();
                }
            }
            g.writeEndObject();
        }
        byte[] expectedJson = json.toByteArray();
        byte[] head = ("s 9 /h " + expectedJson.length + ":").getBytes(StandardCharsets.US_ASCII);
        byte[] expected = java.util.Arrays.copyOf(head, head.length + expectedJson.length + 4);
        System.arraycopy(expectedJson, 0, expected, head.length, expectedJson.length);
        System.arraycopy(",0:,".getBytes(StandardCharsets.US_ASCII), 0, expected, head.length + expectedJson.length, 4);
        assertEquals(new String(expected, StandardCharsets.UTF_8), new String(wire, StandardCharsets.UTF_8));
        assertEquals(headers.entries(), ((Request) MessageCodec.decodeInbound(wire)).headers().entries());
    }

    @Test
    void bodyBytesSurviveUntouched() {
        byte[] body = new byte[256];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        Request r = new Request("s", 3, "/bin", Headers.builder().add("METHOD", "POST").build(), body, HeaderFormat.JSON);
        assertArrayEquals(body, ((Request) MessageCodec.decodeInbound(MessageCodec.encode(r))).body());
        Reply reply = new Reply("s", List.of(3L), body);
        assertArrayEquals(body, ((Reply) MessageCodec.decodeOutbound(MessageCodec.encode(reply))).body());
    }

    @Test
    void senderOfAReplyMustBeMongrel2sCharset() {
        assertThrows(IllegalArgumentException.class, () -> new Reply("bad uuid", List.of(1L), new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new Reply("ü", List.of(1L), new byte[0]));
        WireFormatException e = assertThrows(WireFormatException.class, () -> MessageCodec.decodeOutbound(bytes("a_b 1:1, x")));
        assertEquals(1, e.offset());
    }

    @Test
    void everyTruncationOfEveryCaptureIsAClearError() {
        for (String capture : List.of(Captures.TNS_GET, Captures.JSON_POST, Captures.JSON_DISCONNECT, Captures.TNS_DISCONNECT)) {
            byte[] full = bytes(capture);
            for (int n = 0; n < full.length; n++) {
                byte[] cut = java.util.Arrays.copyOf(full, n);
                assertThrows(MalformedFrameException.class, () -> MessageCodec.decodeInbound(cut), "prefix of " + n + " bytes");
            }
        }
        for (String capture : List.of(Captures.BROADCAST, Captures.CTL_CREDITS)) {
            byte[] full = bytes(capture);
            int ws = capture.indexOf(", ") + 2; // a reply's body is "the rest", so only cuts before it are errors
            for (int n = 0; n < ws - 1; n++) {
                byte[] cut = java.util.Arrays.copyOf(full, n);
                assertThrows(MalformedFrameException.class, () -> MessageCodec.decodeOutbound(cut), "prefix of " + n + " bytes");
            }
        }
    }

    @Test
    void hugeAndWrongSizesFailFastWithoutAllocating() {
        assertMessage("exceeds", () -> MessageCodec.decodeInbound(bytes("s 1 /p 999999999:{},0:,")));
        assertMessage("more than 9 digits", () -> MessageCodec.decodeInbound(bytes("s 1 /p 1000000000:{},0:,")));
        assertMessage("exceeds", () -> MessageCodec.decodeOutbound(bytes("s 999999999:1, x")));
        assertMessage("trailing bytes", () -> MessageCodec.decodeInbound(bytes("s 1 /p 2:{},0:,junk")));
        assertMessage("body must be a netstring", () -> MessageCodec.decodeInbound(bytes("s 1 /p 2:{},0:}")));
        assertMessage("not valid JSON", () -> MessageCodec.decodeInbound(bytes("s 1 /p 2:{x,0:,")));
        assertMessage("must be an object", () -> MessageCodec.decodeInbound(bytes("s 1 /p 2:[],0:,")));
        assertMessage("connection id", () -> MessageCodec.decodeInbound(bytes("s x1 /p 2:{},0:,")));
        assertMessage("connection id", () -> MessageCodec.decodeInbound(bytes("s 1234567890123456789 /p 2:{},0:,")));
        assertMessage("connection id digit", () -> MessageCodec.decodeOutbound(bytes("s 3:1,2, x")));
        assertMessage("expected ' ' before the body", () -> MessageCodec.decodeOutbound(bytes("s 1:1,x")));
        assertMessage("extended reply body", () -> MessageCodec.decodeOutbound(bytes("s 3:X 1, 4:1:a,]")));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        MalformedFrameException e = assertThrows(MalformedFrameException.class, call);
        assertTrue(e.getMessage().contains(expected), "'" + e.getMessage() + "' should mention '" + expected + "'");
    }

    @Test
    void randomCorruptionNeverEscapesAsAnotherException() {
        java.util.Random random = new java.util.Random(7);
        byte[][] seeds = {bytes(Captures.TNS_GET), bytes(Captures.JSON_POST), bytes(Captures.TNS_DISCONNECT)};
        for (int round = 0; round < 20_000; round++) {
            byte[] m = seeds[round % seeds.length].clone();
            for (int k = 1 + random.nextInt(3); k > 0; k--) {
                m[random.nextInt(m.length)] = (byte) random.nextInt(256);
            }
            try {
                Inbound decoded = MessageCodec.decodeInbound(m);
                MessageCodec.encode(decoded); // whatever decodes must encode again
            } catch (MalformedFrameException expected) {
                // the only acceptable failure
            }
        }
    }
}
