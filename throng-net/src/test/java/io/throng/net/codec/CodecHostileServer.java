package io.throng.net.codec;

import io.throng.net.ByteStream;
import io.throng.net.Protocol;
import io.throng.net.ServerOptions;
import io.throng.net.TcpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Two echo servers in a process of their own for {@link CodecHostileTest} (its clients and these
 * connections would not fit one process's 20,000 files): lines of at most {@link #MAX_LINE} bytes, and
 * frames with a 4-byte length field of at most {@link #MAX_FRAME}; and the same two with a read timeout
 * of {@link #IDLE}, for peers that go silent mid-frame. Prints {@code ports LINE FRAME TIMED_LINE
 * TIMED_FRAME}; each {@code count} line on stdin is answered with {@code count CONNECTIONS} (all four
 * servers). Its heap is read from outside ({@link io.throng.net.LiveHeap}).
 */
public final class CodecHostileServer {
    static final int MAX_LINE = 4096;
    static final int MAX_FRAME = 64 * 1024;
    static final java.time.Duration IDLE = java.time.Duration.ofSeconds(2);

    private CodecHostileServer() {}

    /** Echoes every frame on the detached connection's own thread until the peer leaves or breaks the framing. */
    static Protocol echo(Framing framing, ReadTimeouts timeouts) {
        return connection -> {
            try (ByteStream stream = connection.detach()) {
                FrameReader in = new FrameReader(stream, framing, timeouts);
                FrameWriter out = new FrameWriter(stream, framing);
                for (java.nio.ByteBuffer frame = in.readView(); frame != null; frame = in.readView()) {
                    out.write(frame);
                }
            } catch (IOException | MalformedFrameException e) {
                // gone, or hostile: closed either way
            }
            return false;
        };
    }

    public static void main(String[] args) throws Exception {
        ServerOptions options = ServerOptions.of("127.0.0.1", 0).withMaxConnections(15_000);
        LineFraming lineFraming = LineFraming.of(MAX_LINE);
        LengthFieldFraming frameFraming = LengthFieldFraming.of(MAX_FRAME, 0, 4, 0, 4);
        try (TcpServer lines = TcpServer.start(options, echo(lineFraming, ReadTimeouts.NONE));
                TcpServer frames = TcpServer.start(options, echo(frameFraming, ReadTimeouts.NONE));
                TcpServer timedLines = TcpServer.start(options, echo(lineFraming, ReadTimeouts.idle(IDLE)));
                TcpServer timedFrames = TcpServer.start(options, echo(frameFraming, ReadTimeouts.idle(IDLE)));
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            System.out.println("ports " + lines.port() + " " + frames.port() + " " + timedLines.port() + " " + timedFrames.port());
            System.out.flush();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                System.out.println("count " + (lines.connectionCount() + frames.connectionCount()
                        + timedLines.connectionCount() + timedFrames.connectionCount()));
                System.out.flush();
            }
        }
    }
}
