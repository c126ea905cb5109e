package io.throng.mongrel.zmtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The ZMTP codec without sockets: hostile input first, then the exchanges the gateway relies on. */
class ZmtpCodecTest {

    /** A source that hands out {@code bytes} a few at a time (to cross every buffer boundary), then ends. */
    private static FrameReader reader(byte[] bytes, long max) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        return new FrameReader(dst -> {
            if (!in.hasRemaining()) {
                return -1;
            }
            int n = Math.min(Math.min(3, dst.remaining()), in.remaining());
            dst.put(in.array(), in.position(), n);
            in.position(in.position() + n);
            return n;
        }, max, 64);
    }

    private static byte[] concat(ByteBuffer... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuffer p : parts) {
            ByteBuffer d = p.duplicate();
            byte[] b = new byte[d.remaining()];
            d.get(b);
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    private static byte[] greeting(int major, int minor, String mechanism) {
        byte[] g = Greeting.ours();
        g[10] = (byte) major;
        g[11] = (byte) minor;
        Arrays.fill(g, 12, 32, (byte) 0);
        byte[] m = mechanism.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(m, 0, g, 12, m.length);
        return g;
    }

    @Test
    void aPeerThatIsNotZmtpIsRefusedFromItsFirstTenBytes() {
        // Ten bytes and then the end: a refusal (not an end of stream) shows the signature was checked first.
        byte[] http = "GET / HTTP".getBytes(StandardCharsets.US_ASCII);
        ZmtpException e = assertThrows(ZmtpException.class, () -> reader(http, 100).greeting());
        assertTrue(e.getMessage().contains("signature"), e.getMessage());
    }

    @Test
    void otherVersionsAndMechanismsAreRefusedByName() {
        ZmtpException v2 = assertThrows(ZmtpException.class, () -> reader(greeting(2, 0, "NULL"), 100).greeting());
        assertTrue(v2.getMessage().contains("2.0"), v2.getMessage());
        ZmtpException curve = assertThrows(ZmtpException.class, () -> reader(greeting(3, 1, "CURVE"), 100).greeting());
        assertTrue(curve.getMessage().contains("CURVE"), curve.getMessage());
    }

    @Test
    void versionThreeZeroIsSpokenWithItsMessageFormSubscription() throws Exception {
        Greeting g30 = reader(greeting(3, 0, "NULL"), 100).greeting();
        assertFalse(g30.subscribesByCommand());
        Frame sub = reader(concat(Command.subscribe("ab".getBytes(StandardCharsets.US_ASCII), g30)), 100).next();
        assertFalse(sub.command());
        assertArrayEquals(new byte[] {1, 'a', 'b'}, sub.body());

        Greeting g31 = reader(Greeting.ours(), 100).greeting();
        assertTrue(g31.subscribesByCommand());
        Frame cmd = reader(concat(Command.subscribe("ab".getBytes(StandardCharsets.US_ASCII), g31)), 100).next();
        assertTrue(cmd.command());
        Command c = Command.parse(cmd.body());
        assertEquals("SUBSCRIBE", c.name());
        assertArrayEquals("ab".getBytes(StandardCharsets.US_ASCII), c.data());
    }

    @Test
    void aFrameOverTheLimitIsRefusedFromItsHeaderBeforeItsBodyArrives() {
        // A long frame claiming 1 GiB, and no body at all: refused on the size, not by the end of stream.
        ByteBuffer header = ByteBuffer.allocate(9);
        Frame.putHeader(header, 1L << 30, false);
        ZmtpException e = assertThrows(ZmtpException.class, () -> reader(header.array(), 1 << 20).next());
        assertTrue(e.getMessage().contains("1073741824") && e.getMessage().contains("limit"), e.getMessage());
        byte[] negative = {Frame.LONG, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0};
        assertThrows(ZmtpException.class, () -> reader(negative, Long.MAX_VALUE).next());
    }

    @Test
    void truncatedFramesEndAsEndOfStream() {
        byte[] whole = concat(Frame.message(new byte[300]));
        EOFException body = assertThrows(EOFException.class, () -> reader(Arrays.copyOf(whole, 200), 1000).next());
        assertTrue(body.getMessage().contains("inside a frame"), body.getMessage());
        assertThrows(EOFException.class, () -> reader(Arrays.copyOf(whole, 5), 1000).next()); // inside the size
        assertThrows(EOFException.class, () -> reader(new byte[] {0}, 1000).next());
    }

    @Test
    void reservedFlagBitsAndCommandsWithMoreAreRefused() {
        assertThrows(ZmtpException.class, () -> reader(new byte[] {(byte) 0x80, 0}, 100).next());
        assertThrows(ZmtpException.class, () -> reader(new byte[] {Frame.COMMAND | Frame.MORE, 0}, 100).next());
    }

    @Test
    void shortLongAndMultipartFramesRoundTrip() throws Exception {
        byte[] small = "hello".getBytes(StandardCharsets.US_ASCII);
        byte[] big = new byte[70_000];
        big[69_999] = 7;
        ByteBuffer first = ByteBuffer.allocate(2 + small.length);
        Frame.putHeader(first, small.length, true);
        first.put(small).flip();
        FrameReader r = reader(concat(first, Frame.message(big)), 100_000);
        Frame a = r.next();
        assertTrue(a.more());
        assertArrayEquals(small, a.body());
        Frame b = r.next();
        assertFalse(b.more());
        assertArrayEquals(big, b.body());
        assertThrows(EOFException.class, r::next);
    }

    @Test
    void readyNamesThePeerTypeAndOnlyPartnersAreAccepted() throws Exception {
        Command pull = Command.parse(reader(concat(Command.ready(SocketType.PULL)), 100).next().body());
        assertEquals(SocketType.PULL, pull.peerType(SocketType.PUSH));
        Command xpub = Command.parse(reader(concat(Command.ready(SocketType.XPUB)), 100).next().body());
        assertEquals(SocketType.XPUB, xpub.peerType(SocketType.SUB));
        ZmtpException wrong = assertThrows(ZmtpException.class, () -> xpub.peerType(SocketType.PUSH));
        assertTrue(wrong.getMessage().contains("XPUB") && wrong.getMessage().contains("PUSH"), wrong.getMessage());
        Command none = new Command("READY", Command.properties(java.util.Map.of("Identity", "x")));
        assertThrows(ZmtpException.class, () -> none.peerType(SocketType.SUB));
        Command dealer = new Command("READY", Command.properties(java.util.Map.of("socket-type", "DEALER")));
        assertThrows(ZmtpException.class, () -> dealer.peerType(SocketType.SUB));
    }

    @Test
    void malformedReadyAndCommandNamesAreRefused() {
        // A property whose value claims more bytes than the command has.
        byte[] data = {11, 'S', 'o', 'c', 'k', 'e', 't', '-', 'T', 'y', 'p', 'e', 0, 0, 0, 100, 'P', 'U', 'B'};
        assertThrows(ZmtpException.class, () -> new Command("READY", data).peerType(SocketType.SUB));
        assertThrows(ZmtpException.class, () -> Command.parse(new byte[] {9, 'R', 'E'})); // name past the end
        assertThrows(ZmtpException.class, () -> Command.parse(new byte[0]));
    }

    @Test
    void pingIsAnsweredWithItsContextAndUnknownCommandsEndTheConnection() throws Exception {
        Command ping = new Command("PING", new byte[] {0, 10, 'c', 't', 'x'});
        Command pong = Command.parse(reader(concat(ping.answer()), 100).next().body());
        assertEquals("PONG", pong.name());
        assertArrayEquals("ctx".getBytes(StandardCharsets.US_ASCII), pong.data());
        assertNull(pong.answer());
        assertThrows(ZmtpException.class, () -> new Command("PING", new byte[1]).answer());
        assertThrows(ZmtpException.class, () -> new Command("PING", new byte[19]).answer());
        ZmtpException unknown = assertThrows(ZmtpException.class, () -> new Command("FROB", new byte[0]).answer());
        assertTrue(unknown.getMessage().contains("FROB"), unknown.getMessage());
        ZmtpException error = assertThrows(ZmtpException.class,
                () -> new Command("ERROR", new byte[] {3, 'b', 'y', 'e'}).answer());
        assertTrue(error.getMessage().contains("bye"), error.getMessage());
    }

    @Test
    void theHandshakeSendsGreetingAndReadyAndLearnsThePeer() throws Exception {
        byte[] peer = concat(ByteBuffer.wrap(greeting(3, 0, "NULL")), Command.ready(SocketType.PULL));
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        Handshake.Peer p = Handshake.run(SocketType.PUSH, reader(peer, 1000), src -> {
            byte[] b = new byte[src.remaining()];
            src.get(b);
            sent.writeBytes(b);
        });
        assertEquals(SocketType.PULL, p.type());
        assertFalse(p.greeting().subscribesByCommand());
        FrameReader back = reader(sent.toByteArray(), 1000);
        assertEquals(1, back.greeting().minor());
        assertEquals(SocketType.PUSH, Command.parse(back.next().body()).peerType(SocketType.PULL));

        byte[] message = concat(ByteBuffer.wrap(Greeting.ours()), Frame.message(new byte[3]));
        assertThrows(ZmtpException.class, () -> Handshake.run(SocketType.PUSH, reader(message, 1000), src -> { }));
    }
}
