package io.throng.load;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Debian's nginx on a loopback port with a generated config in a temporary directory: a real, fast peer. */
final class Nginx implements AutoCloseable {
    private final Process process;
    private final int port;

    /** The nginx binary, or a skipped test with the reason if it is not installed. */
    static Path binary() {
        for (String candidate : List.of("/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        Assumptions.abort("nginx is not installed (Debian package `nginx`, listed in .ci/run); skipping");
        throw new AssertionError("unreachable");
    }

    Nginx(Path dir) throws IOException, InterruptedException {
        this(dir, 2, List.of());
    }

    /** {@code prefix}: words put before the nginx command, e.g. {@code taskset -c 0} to pin it to one CPU. */
    Nginx(Path dir, int workers, List<String> prefix) throws IOException, InterruptedException {
        this(dir, workers, prefix, null);
    }

    /**
     * With {@code tls} (a certificate chain and its key), nginx speaks HTTPS on the port, with an access log
     * ({@link #accessLog}) so a test can count what nginx answered; without, plain HTTP and no log.
     */
    Nginx(Path dir, int workers, List<String> prefix, TestCa.Leaf tls) throws IOException, InterruptedException {
        Path nginx = binary();
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Files.writeString(dir.resolve("words.txt"), words(16 * 1024));
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, """
                worker_processes %3$d;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 4096; }
                http {
                  access_log %4$s;
                  client_body_temp_path %1$s; proxy_temp_path %1$s; fastcgi_temp_path %1$s;
                  uwsgi_temp_path %1$s; scgi_temp_path %1$s;
                  keepalive_requests 10000000;
                  server {
                    listen 127.0.0.1:%2$d backlog=4096%5$s;
                    location = /plaintext { default_type text/plain; return 200 "Hello, World!"; }
                    location = /json { default_type application/json; return 200 '{"message":"Hello, World!"}'; }
                    location = /gzip { gzip on; gzip_types text/plain; default_type text/plain;
                                       alias %1$s/words.txt; }
                  }
                }
                """.formatted(dir, port, workers, tls == null ? "off" : dir.resolve("access.log") + " combined",
                tls == null ? "" : " ssl;\n    ssl_certificate " + tls.chain() + ";\n    ssl_certificate_key " + tls.key()
                        + ";\n    ssl_protocols TLSv1.2 TLSv1.3"));
        List<String> command = new java.util.ArrayList<>(prefix);
        command.addAll(List.of(nginx.toString(), "-p", dir.toString(), "-c", conf.toString(), "-e",
                dir.resolve("error.log").toString()));
        process = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    close();
                    throw new IllegalStateException("nginx did not start: " + Files.readString(dir.resolve("stdout.log"))
                            + (Files.exists(dir.resolve("error.log")) ? Files.readString(dir.resolve("error.log")) : ""));
                }
                Thread.onSpinWait();
                process.waitFor(20, TimeUnit.MILLISECONDS); // a bounded wait between connection attempts
            }
        }
    }

    /**
     * About {@code bytes} of text of words drawn from a fixed seed: compressible as prose is, so that gzip at
     * {@code /gzip} costs nginx real work per request while the client reads about 5 KB.
     */
    private static String words(int bytes) {
        String[] vocabulary = {"throng", "of", "users", "send", "messages", "the", "server", "orders", "them", "and",
            "every", "member", "reads", "what", "its", "room", "says", "in", "order", "once", "latency", "is",
            "measured", "from", "intended", "time", "load", "connections", "nginx", "wrk", "agree"};
        java.util.Random random = new java.util.Random(6);
        StringBuilder sb = new StringBuilder(bytes + 16);
        while (sb.length() < bytes) {
            sb.append(vocabulary[random.nextInt(vocabulary.length)]).append(random.nextInt(8) == 0 ? ".\n" : " ");
        }
        return sb.toString();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** The TLS port's URL, by the name {@code host}. */
    String httpsUrl(String host, String path) {
        return "https://" + host + ":" + port + path;
    }

    /** Requests nginx logged (HTTPS only: the plain server logs nothing). */
    static long logged(Path dir) throws IOException {
        Path log = dir.resolve("access.log");
        return Files.exists(log) ? Files.readAllLines(log).size() : 0;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: nginx's master stops its workers and exits
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
