// bench/line-echo's Throng server, as a single-file program, written the way the codec's guide
// (docs/codec.md) shows: TcpServer hands each connection's thread the stream, a FrameReader and a
// FrameWriter with LineFraming (max 1024, "\n") echo every line until the peer leaves.
//   java --enable-native-access=ALL-UNNAMED -cp throng-net/target/classes bench/echo/LineEcho.java PORT
// (native access lets TcpServer pick its epoll engine; without it, NIO.)
import io.throng.net.ByteStream;
import io.throng.net.ServerOptions;
import io.throng.net.TcpServer;
import io.throng.net.codec.FrameReader;
import io.throng.net.codec.FrameWriter;
import io.throng.net.codec.LineFraming;
import io.throng.net.codec.MalformedFrameException;
import java.io.IOException;

void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    LineFraming lines = LineFraming.of(1024);
    TcpServer server = TcpServer.start(ServerOptions.of("127.0.0.1", port).withMaxConnections(15_000), connection -> {
        try (ByteStream stream = connection.detach()) {
            FrameReader in = new FrameReader(stream, lines);
            FrameWriter out = new FrameWriter(stream, lines);
            for (byte[] line = in.read(); line != null; line = in.read()) {
                out.write(line);
            }
        } catch (IOException | MalformedFrameException e) {
            // gone, or a line over the limit: closed either way
        }
        return false;
    });
    System.out.println("line echo on 127.0.0.1:" + server.port());
    Thread.currentThread().join();
}
