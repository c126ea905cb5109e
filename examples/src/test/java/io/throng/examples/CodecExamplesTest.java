package io.throng.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The codec examples in examples/java, run as their users run them (single-file programs on the class
 * path) and spoken to over real sockets: the line chat (which greets first, and closes a client silent
 * mid-line) and the length-prefixed key-value store with its own client, each also refusing a hostile
 * client while serving the others.
 */
class CodecExamplesTest {
    static final int PATIENCE_SECONDS = 120; // a single-file program compiles itself first, on a loaded box

    private final List<ExampleProcess> started = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (ExampleProcess p : started) {
            p.close();
        }
    }

    /** Starts a server example and returns its port, read from its "listening on HOST:PORT" line. */
    private int serve(String file, String... args) throws Exception {
        ExampleProcess p = ExampleProcess.start("java/" + file, args);
        started.add(p);
        String line = p.nextLine(Duration.ofSeconds(PATIENCE_SECONDS));
        assertTrue(line.startsWith("listening on 127.0.0.1:"), file + " said: " + line);
        return Integer.parseInt(line.substring(line.lastIndexOf(':') + 1));
    }

    /** Runs a client example to its end and returns its output. */
    private String client(String file, String... args) throws Exception {
        ExampleProcess p = ExampleProcess.start("java/" + file, args);
        started.add(p);
        ExampleProcess.Finished done = p.awaitExit(Duration.ofSeconds(PATIENCE_SECONDS));
        String out = String.join("\n", done.lines()).strip();
        assertEquals(0, done.exitCode(), out + done.stderr());
        return out;
    }

    /** A line-speaking test client. */
    record User(Socket socket, BufferedReader in, OutputStream out) implements AutoCloseable {
        static User connect(int port) throws IOException {
            Socket s = new Socket("127.0.0.1", port);
            s.setSoTimeout(PATIENCE_SECONDS * 1000);
            return new User(s, new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)),
                    s.getOutputStream());
        }

        void say(String line) throws IOException {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        String hear() throws IOException {
            return in.readLine();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Reads until the server closes (end of stream or reset); false if it kept the connection instead. */
    private static boolean closedByServer(Socket s) throws IOException {
        try {
            byte[] sink = new byte[8192];
            while (s.getInputStream().read(sink) >= 0) {
                // discard what came before the close
            }
            return true;
        } catch (SocketException reset) {
            return true;
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        }
    }

    @Test
    void lineChatNamesUsersRelaysLinesAndDropsAnEndlessLine() throws Exception {
        int port = serve("LineChat.java", "0");
        try (User alice = User.connect(port); User bob = User.connect(port); User mallory = User.connect(port)) {
            // The server speaks first: each hears the prompt before sending anything.
            assertEquals("What's your name?", alice.hear());
            assertEquals("What's your name?", bob.hear());
            assertEquals("What's your name?", mallory.hear());
            alice.say("alice");
            assertEquals("Welcome, alice!", alice.hear());
            bob.say("alice");
            assertEquals("Name taken, please choose another.", bob.hear());
            bob.say("bob");
            assertEquals("Welcome, bob!", bob.hear());

            mallory.say("mallory");
            assertEquals("Welcome, mallory!", mallory.hear());
            byte[] noNewline = new byte[64 * 1024];
            java.util.Arrays.fill(noNewline, (byte) 'x');
            try {
                mallory.out().write(noNewline); // 64 KiB of one line: the limit is 1024 bytes
                mallory.out().flush();
            } catch (SocketException reset) {
                // closed while still sending: what is expected
            }
            assertTrue(closedByServer(mallory.socket()), "the endless line closes its connection");

            alice.say("hello");
            assertEquals("<alice> hello", bob.hear());
            bob.say("hi, alice");
            assertEquals("<bob> hi, alice", alice.hear(), "alice hears bob, and did not hear herself");
        }
    }

    @Test
    void lineChatClosesAClientSilentMidLineAfterItsIdleTime() throws Exception {
        int port = serve("LineChat.java", "0", "2"); // idle time 2 s
        try (User eve = User.connect(port)) {
            assertEquals("What's your name?", eve.hear());
            eve.out().write("ev".getBytes(StandardCharsets.UTF_8)); // half a name, then silence
            eve.out().flush();
            long start = System.nanoTime();
            assertTrue(closedByServer(eve.socket()), "the silent client is closed");
            assertTrue(System.nanoTime() - start >= Duration.ofSeconds(2).toNanos() - Duration.ofMillis(100).toNanos(),
                    "closed before its idle time");
        }
        try (User alice = User.connect(port)) { // connected now: a user silent as long as eve would be closed too
            assertEquals("What's your name?", alice.hear());
            alice.say("alice");
            assertEquals("Welcome, alice!", alice.hear(), "the room carries on");
        }
    }

    @Test
    void keyValueServerAnswersItsClientAndClosesAHugeLength() throws Exception {
        int port = serve("KeyValue.java", "serve", "0");
        String at = "127.0.0.1:" + port;
        assertEquals("NOT_FOUND", client("KeyValue.java", at, "GET", "colour"));
        assertEquals("OK", client("KeyValue.java", at, "SET", "colour", "dark blue"));
        try (Socket hostile = new Socket("127.0.0.1", port)) {
            hostile.setSoTimeout(PATIENCE_SECONDS * 1000);
            hostile.getOutputStream().write(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 'x'});
            assertTrue(closedByServer(hostile), "a 2 GiB length closes the connection at once");
        }
        assertEquals("OK dark blue", client("KeyValue.java", at, "GET", "colour"));
        assertEquals("ERROR unknown command", client("KeyValue.java", at, "FLY", "away"));
    }
}
