package io.throng.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A protocol that speaks first is served at accept, before the client sends a byte, on both engines; after
 * its greeting the connection idles as any other and the client's bytes wake it. And a protocol that
 * detaches on its first wake reads every byte that woke it, whichever engine took them in.
 */
class SpeaksFirstTest {

    /** Greets each connection once at accept ("220 ready"), then echoes what each wake brings. */
    static final class Greeter implements Protocol {
        final Set<Connection> greeted = ConcurrentHashMap.newKeySet();

        @Override
        public boolean speaksFirst() {
            return true;
        }

        @Override
        public boolean serve(Connection c) throws java.io.IOException {
            if (greeted.add(c)) {
                c.write(ByteBuffer.wrap("220 ready\n".getBytes(StandardCharsets.US_ASCII)));
                return true; // idle until the client speaks
            }
            ByteBuffer b = ByteBuffer.allocate(256);
            if (c.read(b) < 0) {
                return false;
            }
            c.write(b.flip());
            return true;
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void theServerGreetsBeforeTheClientSendsAndThenServesItsBytes(Engine engine) throws Exception {
        try (TcpServer server = TcpServer.start(TcpServerTest.options(engine), new Greeter())) {
            for (int i = 0; i < 20; i++) { // several, so that both the idle-thread and the cold paths are taken
                try (Socket s = TcpServerTest.connect(server.port())) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                    assertEquals("220 ready", in.readLine(), "greeting " + i);
                    OutputStream out = s.getOutputStream();
                    out.write(("HELO " + i + "\n").getBytes(StandardCharsets.US_ASCII));
                    assertEquals("HELO " + i, in.readLine());
                    out.write("again\n".getBytes(StandardCharsets.US_ASCII));
                    assertEquals("again", in.readLine());
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aProtocolThatDetachesOnItsFirstWakeReadsTheBytesThatWokeIt(Engine engine) throws Exception {
        Protocol detachAndEcho = c -> {
            try (ByteStream stream = c.detach()) {
                ByteBuffer b = ByteBuffer.allocate(5);
                while (b.hasRemaining() && stream.read(b) >= 0) {
                    // until the five bytes are in
                }
                stream.write(b.flip());
            }
            return false;
        };
        try (TcpServer server = TcpServer.start(TcpServerTest.options(engine), detachAndEcho);
                Socket s = TcpServerTest.connect(server.port())) {
            s.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
            assertEquals("hello", new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
        }
    }
}
