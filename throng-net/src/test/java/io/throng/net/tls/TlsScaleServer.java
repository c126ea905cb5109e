package io.throng.net.tls;

import io.throng.net.Engine;
import io.throng.net.ServerOptions;
import io.throng.net.TcpServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * A TLS echo server in a process of its own for {@link TlsScaleTest}, so that the test's clients and the
 * server's connections do not share one process's file limit. Arguments: engine, handshake timeout in ms.
 * Prints {@code port N}; then each {@code stats} line on stdin is answered with the server's counts, its
 * platform threads and its open descriptors ({@code count}: the counts only). Its heap is read from outside,
 * by {@code jcmd} (see the test).
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
                    System.out.println("stats " + server.connectionCount() + " " + server.activeConnections() + " 0 0");
                    System.out.flush();
                } else if (line.equals("stats")) {
                    System.out.println("stats " + server.connectionCount() + " " + server.activeConnections() + " "
                            + ManagementFactory.getThreadMXBean().getThreadCount() + " " + openFiles());
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
}
