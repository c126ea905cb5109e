// Twisted's classic chat server on Throng's line codec, as a single-file program:
//   java -cp throng-channels/target/classes:throng-net/target/classes examples/java/LineChat.java [PORT [IDLE_SECONDS]]
// then `nc 127.0.0.1 PORT` from a few terminals. The server speaks first, as Twisted's does: it asks
// "What's your name?" as soon as you connect (the protocol declares speaksFirst(), so TcpServer serves the
// connection at accept instead of at its first bytes). Every line after your name goes to everyone else
// as "<name> line". A line over 1024 bytes ends the connection; so does a client that falls 256 lines
// behind (it is dropped rather than slowing the room or growing a buffer), one silent for IDLE_SECONDS
// (default 600), and one that takes over 30 seconds to finish a line it started (a slowloris).
import io.throng.net.ByteStream;
import io.throng.net.Connection;
import io.throng.net.Protocol;
import io.throng.net.ServerOptions;
import io.throng.net.TcpServer;
import io.throng.net.codec.FrameReader;
import io.throng.net.codec.FrameWriter;
import io.throng.net.codec.LineFraming;
import io.throng.net.codec.ReadTimeouts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

/** Greets at accept, then owns the user's connection on this thread until they leave. */
record Chat(ReadTimeouts timeouts) implements Protocol {
    @Override
    public boolean speaksFirst() {
        return true;
    }

    @Override
    public boolean serve(Connection connection) {
        try (ByteStream stream = connection.detach()) {
            chat(stream, timeouts);
        } catch (IOException | RuntimeException e) {
            // gone, silent, too long a line, or dropped: the room carries on
        }
        return false;
    }
}

void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8123;
    Duration idle = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 600);
    TcpServer server = TcpServer.start(ServerOptions.of("127.0.0.1", port),
            new Chat(ReadTimeouts.idle(idle).withFrame(Duration.ofSeconds(30))));
    System.out.println("listening on 127.0.0.1:" + server.port());
    Thread.currentThread().join();
}

static void chat(ByteStream stream, ReadTimeouts timeouts) throws IOException {
    FrameReader in = new FrameReader(stream, LINES, timeouts);
    FrameWriter out = new FrameWriter(stream, LINES);
    out.write(utf8("What's your name?"));
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

static Runnable drain(Member me, FrameWriter out) {
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
