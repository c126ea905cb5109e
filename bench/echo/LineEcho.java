// bench/line-echo's Throng server, as a single-file program, written the way the codec's guide
// (docs/codec.md) shows a request/response server: TcpServer hands each connection's thread the stream,
// wrapped in FlushOnRead so the answers to lines that arrived together leave in one write, and a
// FrameReader (readView: no copy per line) and a FrameWriter with LineFraming (max 1024, "\n") echo every
// line until the peer leaves.
//   java --enable-native-access=ALL-UNNAMED -cp throng.jar bench/echo/LineEcho.java PORT [--write-per-frame]
// (native access lets TcpServer pick its epoll engine; without it, NIO.)
//
// --write-per-frame leaves FlushOnRead out: one write(2) per answer, which prices what FlushOnRead saves.
import io.throng.net.ByteStream;
import io.throng.net.ServerOptions;
import io.throng.net.TcpServer;
import io.throng.net.codec.FlushOnRead;
import io.throng.net.codec.FrameReader;
import io.throng.net.codec.FrameWriter;
import io.throng.net.codec.LineFraming;
import io.throng.net.codec.MalformedFrameException;
import java.io.IOException;
import java.nio.ByteBuffer;

void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    boolean perFrame = args.length > 1 && args[1].equals("--write-per-frame");
    LineFraming lines = LineFraming.of(1024);
    TcpServer server = TcpServer.start(ServerOptions.of("127.0.0.1", port).withMaxConnections(15_000), connection -> {
        try (ByteStream detached = connection.detach(); ByteStream stream = perFrame ? detached : new FlushOnRead(detached)) {
            FrameReader in = new FrameReader(stream, lines);
            FrameWriter out = new FrameWriter(stream, lines);
            // readView: the line stays in the reader's buffer until the next read, and the answer's one copy is
            // FlushOnRead's, into the batch that leaves with the next read.
            for (ByteBuffer line = in.readView(); line != null; line = in.readView()) {
                out.write(line);
            }
        } catch (MalformedFrameException e) {
            System.err.println("closed a connection: " + e.getMessage()); // the bench's client never sends one
        } catch (IOException e) {
            // the peer left
        }
        return false;
    });
    System.out.println("line echo on 127.0.0.1:" + server.port() + (perFrame ? " (a write per frame)" : ""));
    Thread.currentThread().join();
}
