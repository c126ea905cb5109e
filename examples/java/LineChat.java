// Twisted's classic chat server on Throng's line codec, as a single-file program:
//   java -cp throng-net/target/classes examples/java/LineChat.java [PORT]
// then `nc 127.0.0.1 PORT` from a few terminals. The first line you send is your name (the client speaks
// first: TcpServer gives a connection a thread when its first bytes arrive, so a silent one costs none);
// every line after it goes to everyone else as "<name> line". A line over 1024 bytes ends the connection; so does a client that
// falls 256 lines behind (it is dropped rather than slowing the room or growing a buffer).
import io.throng.net.ByteStream;
import io.throng.net.ServerOptions;
import io.throng.net.TcpServer;
import io.throng.net.codec.FrameReader;
import io.throng.net.codec.FrameWriter;
import io.throng.net.codec.LineFraming;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;

static final LineFraming LINES = new LineFraming(1024, true);
static final Map<String, Member> ROOM = new ConcurrentHashMap<>();

/** One connected user: lines for them wait in a bounded outbox that their own writer thread drains. */
record Member(String name, ByteStream stream, BlockingQueue<String> outbox) {
    void offer(String line) {
        if (!outbox.offer(line)) {
            leave(); // too far behind: drop the slow reader, never block the room
        }
    }

    /** Closes the connection: its reader ends, and with it the member. */
    void leave() {
        try {
            stream.close();
        } catch (IOException ignored) {
            // closed is closed
        }
    }
}

void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8123;
    TcpServer server = TcpServer.start(ServerOptions.of("127.0.0.1", port), connection -> {
        try (ByteStream stream = connection.detach()) { // this thread owns the user until they leave
            chat(stream);
        } catch (IOException | RuntimeException e) {
            // gone, too long a line, or dropped: the room carries on
        }
        return false;
    });
    System.out.println("listening on 127.0.0.1:" + server.port());
    Thread.currentThread().join();
}

void chat(ByteStream stream) throws IOException {
    FrameReader in = new FrameReader(stream, LINES);
    FrameWriter out = new FrameWriter(stream, LINES);
    Member me = null;
    while (me == null) {
        byte[] line = in.read();
        if (line == null) {
            return;
        }
        String name = new String(line, StandardCharsets.UTF_8).strip();
        Member candidate = new Member(name, stream, new ArrayBlockingQueue<>(256));
        if (name.isEmpty() || ROOM.putIfAbsent(name, candidate) != null) {
            out.write(utf8("Name taken, please choose another."));
        } else {
            me = candidate;
        }
    }
    Thread writer = Thread.ofVirtual().start(drain(me, out));
    try {
        me.offer("Welcome, " + me.name() + "!");
        for (byte[] line = in.read(); line != null; line = in.read()) {
            String text = "<" + me.name() + "> " + new String(line, StandardCharsets.UTF_8);
            for (Member m : ROOM.values()) {
                if (m != me) {
                    m.offer(text);
                }
            }
        }
    } finally {
        ROOM.remove(me.name(), me);
        writer.interrupt();
    }
}

Runnable drain(Member me, FrameWriter out) {
    return () -> {
        try {
            while (true) {
                out.write(utf8(me.outbox().take()));
            }
        } catch (IOException | InterruptedException e) {
            me.leave();
        }
    };
}

static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
}
