package io.throng.net.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.net.Connection;
import io.throng.net.Engine;
import io.throng.net.Protocol;
import io.throng.net.TcpServer;
import io.throng.net.engine.Transport;
import io.throng.net.epoll.EpollSocket;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A failure the engine finds after the handshake (a record that does not decrypt) makes the session send a
 * fatal alert. To a client that never reads, with the server's send buffer full, that write would block the
 * reading thread for good; it goes out under the connection's deadline instead (the handshake timeout), and
 * the sweeper's close ends it.
 *
 * <p>The send buffer is stuffed below TLS, through the engine's transport (reached by reflection): on epoll
 * by writes that do not wait until the kernel takes nothing, on NIO by a thread whose write blocks. The
 * session's write lock stays free, as after a response that filled the buffer, so the alert is attempted.
 */
class TlsAlertDeadlineTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    static TestPki pki;
    static TlsConfig config;

    @BeforeAll
    static void makeCertificates() throws Exception {
        pki = new TestPki();
        config = TlsConfig.of(pki.tlsCertificate(pki.leaf(TestPki.ec(), "alpha.test"))).withHandshakeTimeout(TIMEOUT);
    }

    /** Reads a first request, hands the connection out, then reads again: where the bad record is found. */
    static final class HandOver implements Protocol {
        final BlockingQueue<Connection> handed = new LinkedBlockingQueue<>();
        final BlockingQueue<Throwable> failures = new LinkedBlockingQueue<>();

        @Override
        public boolean serve(Connection c) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(1024);
            if (c.read(b) < 0) {
                return false;
            }
            handed.add(c);
            try {
                c.read(b.clear());
                failures.add(new AssertionError("the bad record was read as data"));
            } catch (IOException e) {
                failures.add(e);
            }
            return false;
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void theAlertToAPeerThatReadsNothingIsBoundedByTheDeadline(Engine engine) throws Exception {
        HandOver protocol = new HandOver();
        try (TcpServer server = TlsConnectionTest.start(engine, config, protocol, Duration.ofSeconds(60));
                Socket raw = new Socket("127.0.0.1", server.port())) {
            SSLSocket tls = client(raw);
            tls.getOutputStream().write("hi".getBytes(StandardCharsets.US_ASCII));
            tls.getOutputStream().flush();
            Connection c = protocol.handed.poll(10, TimeUnit.SECONDS);
            assertTrue(c != null, "the first request was served");

            Transport below = below(c);
            AtomicLong stuffed = new AtomicLong();
            ByteBuffer garbage = ByteBuffer.allocate(64 * 1024);
            Thread stuffer = null;
            if (below instanceof EpollSocket socket) { // writes that do not wait, until the kernel takes nothing
                for (int n = socket.writeNow(garbage.clear()); n > 0; n = socket.writeNow(garbage.clear())) {
                    stuffed.addAndGet(n);
                }
            } else { // NIO: a thread writes until its write blocks, the buffer full; the close ends it
                stuffer = Thread.ofVirtual().start(() -> {
                    try {
                        while (true) {
                            stuffed.addAndGet(below.write(garbage.clear()));
                        }
                    } catch (IOException closed) {
                        // the sweeper closed the socket
                    }
                });
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (stuffer.getState() != Thread.State.WAITING || stuffed.get() == 0) {
                    assertTrue(System.nanoTime() < end, "the stuffing write never blocked");
                    Thread.sleep(10);
                }
            }

            long start = System.nanoTime();
            raw.getOutputStream().write(HexFormat.of().parseHex("1703030020" + "00".repeat(32))); // does not decrypt
            Throwable failure = protocol.failures.poll(TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(failure != null, "the reading thread is still blocked sending the alert after " + took + " ms");
            assertInstanceOf(SSLException.class, failure, String.valueOf(failure));
            System.out.printf("%s: alert write to a full buffer ended after %d ms (deadline %d ms), %d bytes stuffed%n",
                    engine, took, TIMEOUT.toMillis(), stuffed.get());
            TlsConnectionTest.await(server::connectionCount, 0);
            if (stuffer != null) {
                stuffer.join(TimeUnit.SECONDS.toMillis(10));
                assertEquals(Thread.State.TERMINATED, stuffer.getState(), "the close ended the stuffing write too");
            }
        }
    }

    /** The engine's transport under the connection's TLS (test-only reflection: nothing else may write below TLS). */
    private static Transport below(Connection c) throws ReflectiveOperationException {
        Field transport = Connection.class.getDeclaredField("transport");
        transport.setAccessible(true);
        Object tls = transport.get(c);
        Field inner = tls.getClass().getDeclaredField("inner");
        inner.setAccessible(true);
        return (Transport) inner.get(tls);
    }

    /** A JDK TLS client over {@code raw}, so that raw bytes can follow the handshake; it never reads. */
    private static SSLSocket client(Socket raw) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("anchor", pki.root.certificate());
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(raw, "alpha.test", raw.getPort(), false);
        s.startHandshake();
        return s;
    }
}
