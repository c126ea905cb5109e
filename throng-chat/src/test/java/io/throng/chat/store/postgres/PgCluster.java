package io.throng.chat.store.postgres;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL 15 for a test: {@code initdb} into a temporary directory, {@code pg_ctl} on a free
 * loopback port (TCP on 127.0.0.1 only, the unix socket inside the directory). PostgreSQL refuses to
 * run as root, so when the tests run as root every command runs as {@code nobody} (via
 * {@code runuser}) on a directory given to it; otherwise as the current user. Password authentication
 * over TCP (scram), so URLs carry a password as in production.
 *
 * <p>{@code initdb --no-sync} only skips flushing the fresh cluster's files at its end (a test does
 * not survive a power cut anyway); the server itself runs with {@code fsync} and
 * {@code synchronous_commit} on, as in production.
 *
 * <p>Waiting is by {@code pg_ctl -w} (which polls the server until it accepts connections) and, where
 * a test needs it, by {@link #awaitConnectable}: never a fixed sleep. {@link #close} stops the server
 * at once and deletes the directory.
 */
public final class PgCluster implements AutoCloseable {
    /** Debian's PostgreSQL 15 (the {@code postgresql} package). */
    public static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    public static final String USER = "throng";

    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private final Path dir;
    private final Path data;
    private final int port;
    private final String password;
    private final List<PgCluster> standbys = new ArrayList<>();
    private boolean running;

    private PgCluster(Path dir, Path data, int port, String password) {
        this.dir = dir;
        this.data = data;
        this.port = port;
        this.password = password;
    }

    private static PgCluster shared;
    private static final AtomicInteger SHARED_DATABASES = new AtomicInteger();

    /**
     * One cluster for every test in this JVM that only needs a database of its own (not one that stops
     * the server): started on first use, stopped and deleted when the JVM exits.
     */
    public static synchronized PgCluster shared() throws IOException, InterruptedException {
        if (shared == null) {
            PgCluster c = start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    c.close();
                } catch (IOException | InterruptedException e) {
                    System.err.println("PgCluster: " + e);
                }
            }));
            shared = c;
        }
        return shared;
    }

    /** A fresh database on the {@link #shared} cluster: its JDBC URL, password included. */
    public static String sharedDatabase() throws IOException, InterruptedException {
        return shared().newDatabase("t" + SHARED_DATABASES.incrementAndGet());
    }

    /** Whether PostgreSQL 15 is installed here; tests assume it ({@code .ci/run} installs it). */
    public static boolean available() {
        return Files.isExecutable(BIN.resolve("initdb"));
    }

    /** A new, empty cluster, started, with database {@code chat} owned by {@link #USER}. */
    public static PgCluster start() throws IOException, InterruptedException {
        Path dir = tempDir();
        String password = "pw-" + UUID.randomUUID();
        Path pwfile = dir.resolve("pwfile");
        Files.writeString(pwfile, password + "\n");
        giveAway(pwfile);
        Path data = dir.resolve("data");
        run(dir, List.of(BIN.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "-E", "UTF8",
                "--locale=C", "--no-sync", "--auth-local=trust", "--auth-host=scram-sha-256", "--pwfile=" + pwfile));
        PgCluster c = new PgCluster(dir, data, freePort(), password);
        c.configure("");
        c.startAgain();
        c.psql("CREATE DATABASE chat");
        return c;
    }

    /**
     * Makes a synchronous standby of this (running) primary with {@code pg_basebackup -R}, and has the
     * primary wait for it at every commit ({@code synchronous_standby_names = '*'}). Returns it, started.
     */
    public PgCluster startSynchronousStandby() throws IOException, InterruptedException {
        Path sdir = tempDir();
        Path sdata = sdir.resolve("data");
        run(sdir, List.of(BIN.resolve("pg_basebackup").toString(), "-h", "127.0.0.1", "-p", Integer.toString(port),
                "-U", USER, "-D", sdata.toString(), "-R", "-X", "stream", "-c", "fast"), "PGPASSWORD=" + password);
        PgCluster standby = new PgCluster(sdir, sdata, freePort(), password);
        standby.configure("");
        standby.startAgain();
        standbys.add(standby);
        psql("ALTER SYSTEM SET synchronous_standby_names = '*'");
        psql("SELECT pg_reload_conf()");
        return standby;
    }

    /** Promotes this standby to a primary, waiting until it accepts writes. */
    public void promote() throws IOException, InterruptedException {
        run(dir, List.of(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-t", "60", "promote"));
    }

    /** Stops the server: {@code immediate} is a crash (no checkpoint; recovery on the next start). */
    public void stop(boolean immediate) throws IOException, InterruptedException {
        run(dir, List.of(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", immediate ? "immediate" : "fast",
                "-w", "-t", "60", "stop"));
        running = false;
    }

    /** Starts the server (again, after {@link #stop}) on the same data directory and port. */
    public void startAgain() throws IOException, InterruptedException {
        run(dir, List.of(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("log").toString(),
                "-w", "-t", "60", "start"));
        running = true;
    }

    /** Creates an empty database {@code name} and returns its JDBC URL, password included. */
    public String newDatabase(String name) throws IOException, InterruptedException {
        psql("CREATE DATABASE " + name);
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + name + "?user=" + USER + "&password=" + password;
    }

    /** A JDBC URL of database {@code chat}, password included. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/chat?user=" + USER + "&password=" + password;
    }

    /** The same database as a libpq-style URL. */
    public String libpqUrl() {
        return "postgresql://" + USER + ":" + password + "@127.0.0.1:" + port + "/chat";
    }

    /**
     * A libpq URL listing this server first and then {@code others} (its standbys), asking for whichever
     * of them takes writes ({@code target_session_attrs=read-write}): what an operator gives every node so
     * it follows a failover.
     */
    public String libpqUrlWith(PgCluster... others) {
        StringBuilder hosts = new StringBuilder("127.0.0.1:").append(port);
        for (PgCluster o : others) {
            hosts.append(",127.0.0.1:").append(o.port);
        }
        return "postgresql://" + USER + ":" + password + "@" + hosts + "/chat?target_session_attrs=read-write";
    }

    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    /** A plain connection to database {@code chat}, for a test's own checks. */
    public Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("password", password);
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/chat", p);
    }

    /** Polls until a connection succeeds, or fails after {@code timeout}. */
    public void awaitConnectable(Duration timeout) throws InterruptedException, SQLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Connection c = connect()) {
                return;
            } catch (SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(20); // a poll interval under a deadline, not synchronisation by time
            }
        }
    }

    /** Runs SQL as the superuser over the unix socket (trust), in database {@code postgres}. */
    public void psql(String sql) throws IOException, InterruptedException {
        run(dir, List.of(BIN.resolve("psql").toString(), "-h", dir.resolve("sock").toString(), "-p",
                Integer.toString(port), "-U", USER, "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (PgCluster s : standbys) {
            s.close();
        }
        standbys.clear();
        try {
            if (running) {
                stop(true);
            }
        } finally {
            if (!Files.exists(dir)) {
                return;
            }
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private void configure(String extra) throws IOException, InterruptedException {
        Path sock = dir.resolve("sock");
        Files.createDirectories(sock);
        giveAway(sock);
        // Appended last, so it wins over what pg_basebackup copied from the primary.
        Files.writeString(data.resolve("postgresql.conf"), "\nlisten_addresses = '127.0.0.1'\nport = " + port
                + "\nunix_socket_directories = '" + sock + "'\nmax_connections = 100\nfsync = on\n"
                + "synchronous_commit = on\n" + extra, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
    }

    private static Path tempDir() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("throng-pg-");
        giveAway(dir);
        return dir;
    }

    /** As root, hands {@code p} to the account PostgreSQL runs as. */
    private static void giveAway(Path p) throws IOException, InterruptedException {
        if (ROOT) {
            run(p.getParent(), List.of("chown", "-R", "nobody:nogroup", p.toString()), null, false);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void run(Path cwd, List<String> command) throws IOException, InterruptedException {
        run(cwd, command, null, true);
    }

    private static void run(Path cwd, List<String> command, String env) throws IOException, InterruptedException {
        run(cwd, command, env, true);
    }

    private static void run(Path cwd, List<String> command, String env, boolean asPostgres)
            throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (ROOT && asPostgres) {
            full.addAll(List.of("runuser", "-u", "nobody", "--"));
        }
        full.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(full).directory(cwd.toFile()).redirectErrorStream(true);
        if (env != null) {
            String[] kv = env.split("=", 2);
            pb.environment().put(kv[0], kv[1]);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + full);
        }
        if (p.exitValue() != 0) {
            Path log = cwd.resolve("log");
            String tail = Files.exists(log) ? Files.readString(log) : "";
            throw new IOException(full + " exited " + p.exitValue() + ": " + out + tail);
        }
    }
}
