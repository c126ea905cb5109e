package io.throng.net.codec;

import static io.throng.net.codec.Streams.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.throng.net.Engine;
import io.throng.net.ServerOptions;
import io.throng.net.TcpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The codec's read timeouts on a real server's detached connections, on both engines: a detached stream
 * has no server deadline, so these are what close a peer that goes silent mid-frame. The silent peer is
 * closed and the server holds nothing afterwards; a slow but live peer passes the per-read timeout and is
 * cut by the per-frame one. Bounds are generous: the box is loaded, and the exact times are
 * {@link ReadTimeoutsTest}'s business, on a fake clock.
 */
class CodecDeadlineTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static TcpServer server(Engine engine, Framing framing, ReadTimeouts timeouts) throws IOException {
        return TcpServer.start(ServerOptions.of("127.0.0.1", 0).withTick(Duration.ofMillis(20)).withEngine(engine),
                CodecHostileServer.echo(framing, timeouts));
    }

    private static Socket connect(TcpServer server) throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout((int) PATIENCE.toMillis());
        return s;
    }

    /** True once the server closed {@code s} (end of stream or reset); fails if it stays open past PATIENCE. */
    private static boolean closedByServer(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        try {
            while (in.read() >= 0) {
                // the server echoes nothing of an unfinished frame; anything else would be a bug we catch below
                fail("the server answered an unfinished frame");
            }
            return true;
        } catch (SocketException reset) {
            return true;
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aPeerSilentMidLineIsClosedAndHoldsNothing(Engine engine) throws Exception {
        try (TcpServer server = server(engine, LineFraming.of(1024), ReadTimeouts.idle(Duration.ofMillis(300)));
                Socket s = connect(server)) {
            s.getOutputStream().write("half a li".getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            assertTrue(closedByServer(s));
            assertTrue(System.nanoTime() - start >= Duration.ofMillis(300).toNanos(), "closed before the idle time");
            until("the server holds no connection", () -> server.connectionCount() == 0);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aPeerSilentMidLengthFieldFrameIsClosedAndHoldsNothing(Engine engine) throws Exception {
        try (TcpServer server = server(engine, LengthFieldFraming.of(1 << 16, 0, 4, 0, 4), ReadTimeouts.idle(Duration.ofMillis(300)));
                Socket s = connect(server)) {
            s.getOutputStream().write(new byte[] {0, 0, 0, 100, 'a', 'b', 'c'});
            assertTrue(closedByServer(s));
            until("the server holds no connection", () -> server.connectionCount() == 0);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aSlowButLivePeerPassesThePerReadTimeout(Engine engine) throws Exception {
        // A byte every 100 ms against a 3 s idle time: ample margin for a loaded box.
        try (TcpServer server = server(engine, LineFraming.of(1024), ReadTimeouts.idle(Duration.ofSeconds(3)));
                Socket s = connect(server)) {
            String line = "slow but alive, 1.6 seconds";
            for (byte b : (line + "\n").getBytes(StandardCharsets.US_ASCII)) {
                s.getOutputStream().write(b);
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos()); // pacing the peer, not synchronising
            }
            byte[] echo = s.getInputStream().readNBytes(line.length() + 1);
            assertEquals(line + "\n", new String(echo, StandardCharsets.US_ASCII));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aSlowlorisPeerIsCutByThePerFrameDeadline(Engine engine) throws Exception {
        // 600 bytes at one per 10 ms take 6 s; the frame deadline is 1 s and the per-read one generous.
        try (TcpServer server = server(engine, LineFraming.of(1024),
                        ReadTimeouts.idle(Duration.ofSeconds(5)).withFrame(Duration.ofSeconds(1)));
                Socket s = connect(server)) {
            // What the peer got done, recorded by the peer itself: once the server has closed, the peer's next
            // write may fail and end its thread at any moment, so whether that thread is still alive proves
            // nothing. That it never finished its line does: the server cut a frame that was still coming.
            AtomicBoolean lineFinished = new AtomicBoolean();
            long start = System.nanoTime(); // before the first byte: the server's frame clock starts after this
            Thread peer = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 600; i++) {
                        s.getOutputStream().write('x');
                        LockSupport.parkNanos(Duration.ofMillis(10).toNanos()); // pacing the peer, not synchronising
                    }
                    s.getOutputStream().write('\n');
                    lineFinished.set(true);
                } catch (IOException e) {
                    // cut off: what the test expects
                }
            });
            assertTrue(closedByServer(s));
            assertFalse(lineFinished.get(), "the server waited for the whole slow frame");
            assertTrue(System.nanoTime() - start >= Duration.ofSeconds(1).toNanos(), "closed before the frame deadline");
            s.close(); // ends the peer's next write if the server's close has not yet
            peer.join(PATIENCE);
            assertFalse(peer.isAlive());
            until("the server holds no connection", () -> server.connectionCount() == 0);
        }
    }
}
