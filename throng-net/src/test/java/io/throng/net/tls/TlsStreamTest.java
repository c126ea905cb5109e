package io.throng.net.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.net.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The byte-stream contract over TLS: a reader and a writer at once, a close from a third thread, close_notify. */
class TlsStreamTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aReaderAndAWriterRunAtOnceAndACloseFromAnotherThreadEndsTheRead(Engine engine) throws Exception {
        CompletableFuture<Object> readerEnded = new CompletableFuture<>();
        TlsServerFixture.Session session = tls -> {
            CountDownLatch quit = new CountDownLatch(1);
            Thread other = Thread.ofVirtual().start(() -> { // writes while this thread reads, then closes under it
                try {
                    tls.write(new ByteBuffer[] {ByteBuffer.wrap("hello ".getBytes()), ByteBuffer.wrap("there\n".getBytes())});
                    quit.await();
                    tls.close();
                } catch (IOException | InterruptedException e) {
                    readerEnded.completeExceptionally(e);
                }
            });
            ByteBuffer b = ByteBuffer.allocate(64);
            try {
                while (tls.read(b.clear()) > 0) {
                    if (b.get(0) == 'q') {
                        quit.countDown();
                    }
                }
                readerEnded.complete("end of stream"); // also acceptable for a close under a read
            } catch (IOException e) {
                readerEnded.complete(e);
            }
            try {
                other.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            assertFalse(tls.isOpen());
        };
        var config = TlsConfig.of(TlsCertificate.selfSigned());
        try (var server = new TlsServerFixture(engine, config, session);
                SSLSocket s = TlsPeersTest.javaClient(server.port(), "localhost", config.certificates().getFirst().leaf())) {
            InputStream in = s.getInputStream();
            assertEquals("hello there\n", new String(in.readNBytes(12), StandardCharsets.US_ASCII));
            s.getOutputStream().write('q');
            s.getOutputStream().flush();
            readerEnded.get(10, TimeUnit.SECONDS); // a reader not woken by the close would time out here
            assertEquals(-1, in.read()); // the close sent close_notify: a clean end for the client
            TlsHostileTest.awaitNoConnections(server);
        }
    }
}
