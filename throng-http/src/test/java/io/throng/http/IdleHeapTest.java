package io.throng.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.net.ServerOptions;
import io.throng.net.tls.TlsCertificate;
import io.throng.net.tls.TlsConfig;
import io.throng.net.tls.TlsContext;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Heap per idle keep-alive connection: a separate Python process opens N connections, makes one request
 * on each and keeps them open; the server's heap after GC is compared with the heap before. The client
 * lives in another process so that only server-side objects are counted. Run {@link #main} for larger N.
 */
class IdleHeapTest {
    private static final String CLIENT = """
            import socket, ssl, sys
            n, port, tls = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "tls"
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            socks = []
            for i in range(n):
                s = socket.create_connection(("127.0.0.1", port))
                if tls:
                    s = context.wrap_socket(s)
                s.sendall(b"GET /plaintext HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n")
                socks.append(s)
            for s in socks:
                got = b""
                while not got.endswith(b"Hello, World!"):
                    chunk = s.recv(4096)
                    if not chunk:
                        sys.exit("closed")
                    got += chunk
            print("ready", flush=True)
            sys.stdin.readline()
            """;

    /**
     * Bytes of server heap per idle keep-alive connection, measured with {@code n} connections. With
     * no idle threads every connection is cold (no thread) once answered; with enough, every connection
     * keeps its thread parked in a read.
     */
    static long measure(int n, int idleThreads) throws Exception {
        return measure(n, idleThreads, null);
    }

    /** The same over TLS when {@code tls} is given: what an idle connection's engine and session state cost. */
    static long measure(int n, int idleThreads, TlsContext tls) throws Exception {
        Router r = new Router().get("/plaintext", (req, res) -> res.send("Hello, World!"));
        ServerOptions net = ServerOptions.of("127.0.0.1", 0).withIdleThreads(idleThreads).withTls(tls);
        String mode = tls != null ? "tls" : "plain";
        try (HttpServer server = HttpServer.start(net, HttpOptions.defaults(), r)) {
            MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
            // Warm up the path once so that class loading is not counted per connection.
            Process warm = python(10, server.port(), mode);
            awaitReady(warm);
            warm.getOutputStream().close();
            warm.waitFor(10, TimeUnit.SECONDS);
            awaitCount(server, 0);
            long before = usedAfterGc(mem);
            long rssBefore = rssBytes();
            Process p = python(n, server.port(), mode);
            awaitReady(p);
            awaitCount(server, n);
            long after = usedAfterGc(mem);
            System.out.println("RSS growth per idle connection (JVM slack included): "
                    + (rssBytes() - rssBefore) / n + " bytes");
            p.getOutputStream().close();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            return (after - before) / n;
        }
    }

    /** Resident set size of this process from /proc (Linux), or 0. */
    private static long rssBytes() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            // Not Linux: report nothing rather than a wrong number.
        }
        return 0;
    }

    private static Process python(int n, int port, String mode) throws Exception {
        return new ProcessBuilder("/usr/bin/python3", "-c", CLIENT, Integer.toString(n), Integer.toString(port), mode)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static void awaitReady(Process p) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
        assertEquals("ready", r.readLine());
    }

    private static void awaitCount(HttpServer server, int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (server.connectionCount() != n && System.nanoTime() < end) {
            Thread.sleep(20); // polling a condition with a deadline
        }
        assertEquals(n, server.connectionCount());
    }

    private static long usedAfterGc(MemoryMXBean mem) throws InterruptedException {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(50);
            best = Math.min(best, mem.getHeapMemoryUsage().getUsed());
        }
        return best;
    }

    @Test
    void idleKeepAliveConnectionsCostAtMostTwoKibibytesOfHeap() throws Exception {
        long perConnection = measure(2000, 0);
        System.out.println("heap per idle keep-alive connection: " + perConnection + " bytes (2000 connections)");
        assertTrue(perConnection <= 2048, perConnection + " bytes per idle connection");
    }

    /**
     * An idle TLS keep-alive connection keeps its SSLEngine's session state but no 16 KiB record buffer
     * (two of them, inbound and decrypted, would be 32 KiB) and no thread.
     */
    @Test
    void idleTlsConnectionsHoldNoRecordBuffer() throws Exception {
        TlsContext tls = TlsContext.of(TlsConfig.of(TlsCertificate.selfSigned()));
        long perConnection = measure(500, 0, tls);
        System.out.println("heap per idle TLS keep-alive connection: " + perConnection + " bytes (500 connections)");
        assertTrue(perConnection < 16 * 1024, perConnection + " bytes per idle TLS connection");
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 15000;
        System.out.println("heap per cold keep-alive connection: " + measure(n, 0)
                + " bytes (" + n + " connections)");
        System.out.println("heap per idle keep-alive connection with its thread: " + measure(n, n)
                + " bytes (" + n + " connections)");
    }
}
