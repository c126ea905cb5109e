package io.throng.net.tls;

import io.throng.net.Engine;
import io.throng.net.ServerOptions;
import io.throng.net.TcpServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * A TLS echo server in a process of its own for {@link TlsScaleTest}, so that the test's clients and the
 * server's connections do not share one process's file limit. Arguments: engine, handshake timeout in ms.
 * Prints {@code port N}; then each {@code stats} line on stdin is answered with the server's counts, its
 * platform threads, its open descriptors and its heap after GC ({@code count}: the counts only, no GC).
 */
public final class TlsScaleServer {
    private TlsScaleServer() {}

    public static void main(String[] args) throws Exception {
        Engine engine = Engine.valueOf(args[0]);
        Duration timeout = Duration.ofMillis(Long.parseLong(args[1]));
        TestPki pki = new TestPki();
        TlsConfig config = TlsConfig.of(pki.tlsCertificate(pki.leaf(TestPki.ec(), "scale.test"))).withHandshakeTimeout(timeout);
        ServerOptions options = ServerOptions.of("127.0.0.1", 0).withTick(Duration.ofMillis(20)).withEngine(engine)
                .withIdleTimeout(timeout).withMaxConnections(50_000).withTls(TlsContext.of(config));
        try (TcpServer server = TcpServer.start(options, new TlsConnectionTest.Echo());
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            System.out.println("port " + server.port());
            System.out.flush();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals("count")) { // cheap, for polling: no GC
                    System.out.println("stats " + server.connectionCount() + " " + server.activeConnections() + " 0 0 0");
                    System.out.flush();
                } else if (line.equals("stats")) {
                    System.out.println("stats " + server.connectionCount() + " " + server.activeConnections() + " "
                            + ManagementFactory.getThreadMXBean().getThreadCount() + " " + openFiles() + " " + heapAfterGc());
                    System.out.flush();
                }
            }
        }
    }

    private static long openFiles() throws Exception {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    /**
     * The heap a full collection leaves, summed over the heap's pools, once it stops falling. One
     * {@code System.gc()} is not enough: closed sockets are released by the JDK's cleaner thread after the
     * collection that found them unreachable, so right after 100,000 closes the first readings were up to
     * 15 MB above the live total that {@code jcmd GC.class_histogram} showed a second later.
     */
    private static long heapAfterGc() throws InterruptedException {
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 20; i++) {
            System.gc();
            long used = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                    used += pool.getCollectionUsage().getUsed();
                }
            }
            if (used > last - 64 * 1024) {
                return Math.min(used, last);
            }
            last = used;
            Thread.sleep(100); // lets the cleaner thread run what this collection queued
        }
        return last;
    }
}
