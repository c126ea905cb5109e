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
 * frames with a 4-byte length field of at most {@link #MAX_FRAME}. Prints {@code ports LINE FRAME}; each
 * {@code count} line on stdin is answered with {@code count CONNECTIONS} (both servers). Its heap is read
 * from outside ({@link io.throng.net.LiveHeap}).
 */
public final class CodecHostileServer {
    static final int MAX_LINE = 4096;
    static final int MAX_FRAME = 64 * 1024;

    private CodecHostileServer() {}

    /** Echoes every frame on the detached connection's own thread until the peer leaves or breaks the framing. */
    static Protocol echo(Framing framing) {
        return connection -> {
            try (ByteStream stream = connection.detach()) {
                FrameReader in = new FrameReader(stream, framing);
                FrameWriter out = new FrameWriter(stream, framing);
                for (byte[] frame = in.read(); frame != null; frame = in.read()) {
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
        try (TcpServer lines = TcpServer.start(options, echo(LineFraming.of(MAX_LINE)));
                TcpServer frames = TcpServer.start(options, echo(LengthFieldFraming.of(MAX_FRAME, 0, 4, 0, 4)));
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            System.out.println("ports " + lines.port() + " " + frames.port());
            System.out.flush();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                System.out.println("count " + (lines.connectionCount() + frames.connectionCount()));
                System.out.flush();
            }
        }
    }
}
