package io.throng.mongrel.interop;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.throng.mongrel.handler.Ports;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Mongrel2 (Debian's mongrel2-core) on a loopback port in a temporary directory, configured the
 * Mongrel2 way: a .conf file compiled into SQLite by {@code m2sh load}. Close kills it.
 */
final class Mongrel2 implements Front {

    static final String SERVER_UUID = "f400bf85-4538-4f7a-8908-67e313d515c2";
    static final Path MONGREL2 = Path.of("/usr/bin/mongrel2");
    static final Path M2SH = Path.of("/usr/bin/m2sh");

    /** One route to one handler; {@code protocol} is "json" or "tnetstring". */
    record Route(String path, String sendIdent, String protocol) {}

    /** A route's ZeroMQ endpoints, as a handler connects to them. */
    record Endpoints(String requests, String replies) {}

    final int port;
    final Path dir;
    final List<Endpoints> endpoints;
    final String controlPort;
    private final Process process;

    static void assumeInstalled() {
        assumeTrue(Files.isExecutable(MONGREL2) && Files.isExecutable(M2SH),
                "Mongrel2 is not installed (apt-get install mongrel2-core sqlite3; .ci/run does this)");
    }

    private Mongrel2(int port, Path dir, List<Endpoints> endpoints, String controlPort, Process process) {
        this.port = port;
        this.controlPort = controlPort;
        this.dir = dir;
        this.endpoints = endpoints;
        this.process = process;
    }

    static Mongrel2 start(Path dir, List<Route> routes) throws Exception {
        return start(dir, routes, "");
    }

    /** {@code extraSettings}: more entries for the settings dict, e.g. {@code "limits.content_length": 1024}. */
    static Mongrel2 start(Path dir, List<Route> routes, String extraSettings) throws Exception {
        assumeInstalled();
        int port = Ports.free();
        String controlPort = Ports.endpoint();
        List<Endpoints> endpoints = routes.stream().map(r -> new Endpoints(Ports.endpoint(), Ports.endpoint())).toList();
        StringBuilder conf = new StringBuilder();
        StringBuilder table = new StringBuilder();
        for (int i = 0; i < routes.size(); i++) {
            Route r = routes.get(i);
            Endpoints e = endpoints.get(i);
            conf.append("h").append(i).append(" = Handler(send_spec='").append(e.requests())
                    .append("', send_ident='").append(r.sendIdent()).append("', recv_spec='").append(e.replies())
                    .append("', recv_ident='', protocol='").append(r.protocol()).append("')\n");
            table.append(i == 0 ? "" : ", ").append("'").append(r.path()).append("': h").append(i);
        }
        conf.append("""
                main = Server(uuid="%s", access_log="/logs/access.log", error_log="/logs/error.log",
                    chroot="./", default_host="localhost", name="test", pid_file="/run/mongrel2.pid",
                    control_port="%s", port=%d, bind_addr="127.0.0.1",
                    hosts=[Host(name="localhost", routes={%s})])
                settings = {"zeromq.threads": 1, "server.daemonize": 0, "limits.min_ping": 0,
                    "limits.min_write_rate": 0, "limits.min_read_rate": 0, "limits.kill_limit": 0%s}
                servers = [main]
                """.formatted(SERVER_UUID, controlPort, port, table,
                        extraSettings.isEmpty() ? "" : ", " + extraSettings));
        Files.createDirectories(dir.resolve("logs"));
        Files.createDirectories(dir.resolve("run"));
        Files.writeString(dir.resolve("m2.conf"), conf);
        run(dir, Duration.ofSeconds(30), M2SH.toString(), "load", "-config", "m2.conf", "-db", "config.sqlite");
        Process p = new ProcessBuilder(MONGREL2.toString(), "config.sqlite", SERVER_UUID)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("mongrel2.out").toFile())
                .start();
        Mongrel2 m2 = new Mongrel2(port, dir, endpoints, controlPort, p);
        try {
            m2.awaitListening(Duration.ofSeconds(20));
        } catch (Exception | Error e) {
            m2.close();
            throw e;
        }
        return m2;
    }

    private void awaitListening(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mongrel2 exited: " + log());
            }
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                process.waitFor(50, TimeUnit.MILLISECONDS); // paces the probe; wakes early if it dies
            }
        }
        throw new IllegalStateException("mongrel2 did not listen on " + port + ": " + log());
    }

    @Override
    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    @Override
    public int port() {
        return port;
    }

    /** The first route's endpoints. */
    @Override
    public Endpoints endpoints() {
        return endpoints.getFirst();
    }

    @Override
    public String log() throws IOException {
        Path out = dir.resolve("mongrel2.out");
        return Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
    }

    static String run(Path dir, Duration timeout, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putIfAbsent("LOGNAME", "throng"); // m2sh insists on a login name
        Process p = pb.start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + new String(out, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } finally {
            p.destroyForcibly();
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
