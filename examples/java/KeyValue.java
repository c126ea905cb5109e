// A length-prefixed request/response protocol, server and client, as a single-file program:
//   java -cp throng-cli/target/throng.jar examples/java/KeyValue.java serve [PORT]
//   java -cp throng-cli/target/throng.jar examples/java/KeyValue.java HOST:PORT SET key value
//   java -cp throng-cli/target/throng.jar examples/java/KeyValue.java HOST:PORT GET key
// Each message is a 4-byte big-endian length and that many bytes of UTF-8 (Netty's
// LengthFieldBasedFrameDecoder(65540, 0, 4, 0, 4) reads it): a request "GET key", "SET key value" or
// "DEL key"; a response "OK", "OK value", "NOT_FOUND" or "ERROR why". A length over 64 KiB closes the
// connection before any of the message is read.
import io.throng.net.ByteStream;
import io.throng.net.ServerOptions;
import io.throng.net.TcpServer;
import io.throng.net.codec.FrameReader;
import io.throng.net.codec.FrameWriter;
import io.throng.net.codec.LengthFieldFraming;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

static final LengthFieldFraming MESSAGES = LengthFieldFraming.of(64 * 1024 + 4, 0, 4, 0, 4);
static final Map<String, String> STORE = new ConcurrentHashMap<>();

void main(String[] args) throws Exception {
    if (args.length >= 1 && args[0].equals("serve")) {
        serve(args.length > 1 ? Integer.parseInt(args[1]) : 8124);
    } else if (args.length >= 2) {
        String[] hostPort = args[0].split(":");
        String request = String.join(" ", java.util.Arrays.copyOfRange(args, 1, args.length));
        System.out.println(ask(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), request));
    } else {
        System.err.println("usage: KeyValue.java serve [PORT] | KeyValue.java HOST:PORT GET|SET|DEL key [value]");
        System.exit(2);
    }
}

void serve(int port) throws Exception {
    TcpServer server = TcpServer.start(ServerOptions.of("127.0.0.1", port), connection -> {
        try (ByteStream stream = connection.detach()) {
            FrameReader in = new FrameReader(stream, MESSAGES);
            FrameWriter out = new FrameWriter(stream, MESSAGES);
            for (byte[] request = in.read(); request != null; request = in.read()) {
                out.write(answer(new String(request, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException | RuntimeException e) {
            // the client left, or broke the framing: its connection is closed, nothing else is affected
        }
        return false;
    });
    System.out.println("listening on 127.0.0.1:" + server.port());
    Thread.currentThread().join();
}

String answer(String request) {
    String[] word = request.split(" ", 3);
    return switch (word[0]) {
        case "GET" -> word.length == 2 ? found(STORE.get(word[1])) : "ERROR usage: GET key";
        case "SET" -> {
            if (word.length != 3) {
                yield "ERROR usage: SET key value";
            }
            STORE.put(word[1], word[2]);
            yield "OK";
        }
        case "DEL" -> word.length == 2 ? (STORE.remove(word[1]) != null ? "OK" : "NOT_FOUND") : "ERROR usage: DEL key";
        default -> "ERROR unknown command";
    };
}

String found(String value) {
    return value == null ? "NOT_FOUND" : "OK " + value;
}

/** The client: one request, one response, on a blocking socket as a ByteStream. */
String ask(InetSocketAddress server, String request) throws IOException {
    try (ByteStream stream = ByteStream.of(SocketChannel.open(server))) {
        new FrameWriter(stream, MESSAGES).write(request.getBytes(StandardCharsets.UTF_8));
        byte[] response = new FrameReader(stream, MESSAGES).read();
        if (response == null) {
            throw new IOException("the server closed without answering");
        }
        return new String(response, StandardCharsets.UTF_8);
    }
}
