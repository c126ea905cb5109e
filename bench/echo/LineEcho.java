// bench/line-echo's Throng server, as a single-file program, written the way the codec's guide
// (docs/codec.md) shows: TcpServer hands each connection's thread the stream, a FrameReader and a
// FrameWriter with LineFraming (max 1024, "\n") echo every line until the peer leaves.
//   java --enable-native-access=ALL-UNNAMED -cp throng.jar bench/echo/LineEcho.java PORT [--flush-on-read]
// (native access lets TcpServer pick its epoll engine; without it, NIO.)
//
// --flush-on-read is an experiment, not the guide's shape: the writer's frames wait in a buffer until the
// reader next needs bytes from the socket (Netty's "flush on read complete"), so a batch of pipelined lines
// goes back in one write instead of one write per line. It measures what the codec's write-per-frame costs.
import io.throng.net.ByteStream;
import io.throng.net.ServerOptions;
import io.throng.net.TcpServer;
import io.throng.net.codec.FrameReader;
import io.throng.net.codec.FrameWriter;
import io.throng.net.codec.LineFraming;
import io.throng.net.codec.MalformedFrameException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ReadableByteChannel;

void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    boolean flushOnRead = args.length > 1 && args[1].equals("--flush-on-read");
    LineFraming lines = LineFraming.of(1024);
    TcpServer server = TcpServer.start(ServerOptions.of("127.0.0.1", port).withMaxConnections(15_000), connection -> {
        try (ByteStream stream = connection.detach()) {
            FlushOnRead batched = flushOnRead ? new FlushOnRead(stream) : null;
            FrameReader in = new FrameReader(flushOnRead ? batched : stream, lines);
            FrameWriter out = new FrameWriter(flushOnRead ? batched : stream, lines);
            for (byte[] line = in.read(); line != null; line = in.read()) {
                out.write(line);
            }
        } catch (MalformedFrameException e) {
            System.err.println("closed a connection: " + e.getMessage()); // the bench's client never sends one
        } catch (IOException e) {
            // the peer left
        }
        return false;
    });
    System.out.println("line echo on 127.0.0.1:" + server.port() + (flushOnRead ? " (flush on read)" : ""));
    Thread.currentThread().join();
}

/** One connection's stream for one thread: writes wait in a 64 KiB buffer until the next read (or until full). */
static final class FlushOnRead implements ReadableByteChannel, GatheringByteChannel {
    private final ByteStream stream;
    private final ByteBuffer pending = ByteBuffer.allocateDirect(64 * 1024);

    FlushOnRead(ByteStream stream) {
        this.stream = stream;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        flush(); // about to wait for the peer: what it is owed goes first
        return stream.read(dst);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            total += srcs[i].remaining();
        }
        if (total > pending.remaining()) {
            flush();
        }
        if (total > pending.capacity()) {
            return stream.write(srcs, offset, length);
        }
        for (int i = offset; i < offset + length; i++) {
            pending.put(srcs[i]);
        }
        return total;
    }

    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
        return write(srcs, 0, srcs.length);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return (int) write(new ByteBuffer[] {src}, 0, 1);
    }

    private void flush() throws IOException {
        pending.flip();
        while (pending.hasRemaining()) {
            stream.write(pending);
        }
        pending.clear();
    }

    @Override
    public boolean isOpen() {
        return stream.isOpen();
    }

    @Override
    public void close() throws IOException {
        stream.close();
    }
}
