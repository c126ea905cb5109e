package io.throng.net.epoll;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.net.ServerOptions;
import io.throng.net.TcpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The prototype against real clients: keep-alive, pipelining, byte-at-a-time heads, EOF, big writes. */
class EpollEngineTest {
    private static final byte[] GET = "GET /plaintext HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    @Test
    void servesKeepAliveAndPipelinedRequestsThenClosesOnClientEof() throws Exception {
        try (EpollEngine engine = EpollEngine.start(0, new PlaintextServer());
                Socket s = connect(engine)) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            for (int i = 0; i < 3; i++) { // one connection, one request after another
                out.write(GET);
                assertEquals("Hello, World!", body(in));
            }
            out.write(concat(GET, GET, "GET /nope HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            assertEquals("Hello, World!", body(in));
            assertEquals("Hello, World!", body(in));
            assertTrue(head(in).startsWith("HTTP/1.1 404 "));
            s.shutdownOutput();
            assertEquals(-1, in.read(), "the server closes once the client has sent its FIN");
        }
    }

    @Test
    void theSameFixtureServesKeepAliveOnThrongsEngine() throws Exception {
        try (TcpServer server = TcpServer.start(ServerOptions.of("127.0.0.1", 0), PlaintextServer.onConnection());
                Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(20_000);
            for (int i = 0; i < 3; i++) {
                s.getOutputStream().write(GET);
                assertEquals("Hello, World!", body(s.getInputStream()));
            }
            s.shutdownOutput();
            assertEquals(-1, s.getInputStream().read());
        }
    }

    @Test
    void readsAHeadThatArrivesOneByteAtATime() throws Exception {
        try (EpollEngine engine = EpollEngine.start(0, new PlaintextServer());
                Socket s = connect(engine)) {
            s.setTcpNoDelay(true);
            for (int round = 0; round < 2; round++) {
                for (byte b : GET) { // every read is short, so every next read parks on the edge flag
                    s.getOutputStream().write(b);
                    s.getOutputStream().flush();
                }
                assertEquals("Hello, World!", body(s.getInputStream()));
            }
        }
    }

    @Test
    void curlReusesTheConnection() throws Exception {
        try (EpollEngine engine = EpollEngine.start(0, new PlaintextServer())) {
            String url = "http://127.0.0.1:" + engine.port() + "/plaintext";
            Process p = new ProcessBuilder("curl", "-sv", "--max-time", "10", url, url).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor());
            assertEquals(2, output.split("Hello, World!", -1).length - 1, output);
            assertTrue(output.contains("Re-using existing connection") || output.contains("Reusing existing"), output);
        }
    }

    @Test
    void manyConcurrentConnectionsLoseNoWakeup() throws Exception {
        try (EpollEngine engine = EpollEngine.start(0, new PlaintextServer());
                ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> done = new ArrayList<>();
            for (int c = 0; c < 200; c++) {
                Callable<Integer> client = () -> {
                    try (Socket s = connect(engine)) {
                        int served = 0;
                        for (int i = 0; i < 50; i++) {
                            s.getOutputStream().write(GET);
                            served += body(s.getInputStream()).equals("Hello, World!") ? 1 : 0;
                        }
                        return served;
                    }
                };
                done.add(clients.submit(client));
            }
            for (Future<Integer> f : done) {
                assertEquals(50, f.get(60, TimeUnit.SECONDS)); // a lost wakeup would end in a read timeout
            }
        }
    }

    @Test
    void aWriteLargerThanTheSocketBuffersWaitsForTheReader() throws Exception {
        byte[] big = new byte[16 << 20];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        EpollEngine.Handler sendBig = c -> {
            byte[] one = new byte[1];
            if (c.read(one, 0, 1) == 1) {
                c.write(big, 0, big.length);
            }
        };
        try (EpollEngine engine = EpollEngine.start(0, sendBig);
                Socket s = connect(engine)) {
            s.setReceiveBufferSize(64 << 10);
            s.getOutputStream().write('x');
            assertArrayEquals(big, s.getInputStream().readAllBytes()); // the server closes after the write
        }
    }

    @Test
    void stopEndsConnectionsThatWaitForBytes() throws Exception {
        EpollEngine engine = EpollEngine.start(0, new PlaintextServer());
        try (Socket s = connect(engine)) {
            s.getOutputStream().write(GET);
            assertEquals("Hello, World!", body(s.getInputStream())); // its thread now waits for the next head
            engine.stop(Duration.ofSeconds(5));
            assertEquals(-1, s.getInputStream().read());
            assertEquals(0, engine.openConnections());
        }
    }

    private static Socket connect(EpollEngine engine) throws IOException {
        Socket s = new Socket("127.0.0.1", engine.port());
        s.setSoTimeout(20_000);
        return s;
    }

    /** Reads one response head up to CRLFCRLF. */
    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("end of stream inside a head: " + head);
            }
            head.write(b);
            String h = head.toString(StandardCharsets.US_ASCII);
            if (h.endsWith("\r\n\r\n")) {
                return h;
            }
        }
    }

    /** Reads one response and returns its body, sized by Content-Length. */
    private static String body(InputStream in) throws IOException {
        String h = head(in);
        assertTrue(h.startsWith("HTTP/1.1 200 OK\r\n"), h);
        int at = h.indexOf("Content-Length: ") + 16;
        int length = Integer.parseInt(h.substring(at, h.indexOf("\r\n", at)));
        return new String(in.readNBytes(length), StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            all.writeBytes(p);
        }
        return all.toByteArray();
    }
}
