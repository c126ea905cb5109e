package io.throng.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code throng chat --workers 2} as real processes, driven by {@code /usr/bin/python3} WebSocket
 * clients ({@code workers_client.py}): two users on different workers share one room order, presence
 * and direct messages; kill -9 of one worker loses no acknowledged message; kill -9 of the whole
 * server (master and room service) and a restart: history and sequences continue. Long-poll and SSE
 * clients ({@code workers_http_client.py}) keep one web connection whichever worker each of their
 * requests reaches. A user of a killed worker leaves the room for the others after the presence grace.
 */
class ChatWorkersTest {
    private static final Pattern WORKER = Pattern.compile("serving http://localhost:\\d+/ \\(worker (w\\d+-(\\d+))");

    @TempDir
    Path data;

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The server's processes, each worker's pid as announced on stdout. */
    private record Server(Process master, BlockingQueue<String> lines, Set<Long> workerPids) {}

    private Server start(int port, String... options) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java",
                "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "chat", "--workers", "2", "--port", Integer.toString(port),
                "--data", data.toString(), "--insecure-nicknames"));
        cmd.addAll(List.of(options));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Set<Long> pids = ConcurrentHashMap.newKeySet();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    Matcher m = WORKER.matcher(line);
                    if (m.find()) {
                        pids.add(Long.parseLong(m.group(2)));
                    }
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // The process ended.
            }
        });
        Server s = new Server(p, lines, pids);
        awaitWorkers(s, 2);
        return s;
    }

    /** Waits until {@code n} workers have announced themselves since the start. */
    private static void awaitWorkers(Server s, int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (s.workerPids().size() < n) {
            if (s.lines().poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS) == null) {
                s.master().destroyForcibly();
                throw new AssertionError("only workers " + s.workerPids() + " started");
            }
        }
    }

    private static String python(String... args) throws Exception {
        return script("workers_client.py", args);
    }

    private static String script(String name, String... args) throws Exception {
        Path script = Path.of(ChatWorkersTest.class.getResource(name).toURI());
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", script.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out;
        try (var in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8); // ends when the client exits
        }
        assertTrue(p.waitFor(90, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("OK"), out);
        return out;
    }

    /**
     * The kernel spreads a client's TCP connections over the workers, but an SSE or long-poll web
     * connection lives in the worker that opened it: requests that land on the other worker are relayed.
     */
    @Test
    void longPollAndSseSessionsWorkWhicheverWorkerTheirRequestsReach() throws Exception {
        int port = freePort();
        Server server = start(port);
        try {
            script("workers_http_client.py", Integer.toString(port));
        } finally {
            server.master().destroy();
        }
        assertTrue(server.master().waitFor(30, TimeUnit.SECONDS), "SIGTERM stops the master");
    }

    /**
     * Direct messages and a private room's messages cross the workers to their parties and members
     * only: an outsider on either worker, probing every path (join, history, members, resume with
     * {@code last}), gets refusals and nothing else; a member kicked from the other worker gets
     * nothing further.
     */
    @Test
    void privateMessagesCrossTheWorkersToTheirPartiesOnly() throws Exception {
        int port = freePort();
        Server server = start(port);
        try {
            python("privacy", Integer.toString(port));
        } finally {
            server.master().destroy();
        }
        assertTrue(server.master().waitFor(30, TimeUnit.SECONDS), "SIGTERM stops the master");
    }

    /**
     * A user whose worker died is announced {@code left} to the others once the room service has given
     * up on that worker (3 s of silence) and the presence grace has passed: 1 s here, so that the
     * default 15 s would miss the client's 15 s wait.
     */
    @Test
    void usersOfADeadWorkerLeaveAfterTheGrace() throws Exception {
        int port = freePort();
        Server server = start(port, "--presence-grace", "1");
        try {
            python("left", Integer.toString(port));
        } finally {
            server.master().destroy();
        }
        assertTrue(server.master().waitFor(30, TimeUnit.SECONDS), "SIGTERM stops the master");
    }

    /**
     * Version 2 across processes: a login made through one worker authenticates WebSockets on whichever
     * worker the kernel gives them (six of them; the room service checks the token the worker passes on); a logout served by any worker, and an admin
     * revoke from another process, close every connection of that login with {@code revoked} within the
     * room service's poll of the store.
     */
    @Test
    void loginsWorkOnEveryWorkerAndRevocationClosesTheirConnections() throws Exception {
        int port = freePort();
        Server server = start(port);
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        try {
            String base = "http://127.0.0.1:" + port;
            var register = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/api/register"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"name\":\"alice\",\"password\":\"alice's password\",\"bearer\":true}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, register.statusCode(), register.body());
            String token = register.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
            List<BlockingQueue<String>> sockets = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                sockets.add(socket(http, port, token));
            }
            for (BlockingQueue<String> frames : sockets) {
                String welcome = frames.poll(20, TimeUnit.SECONDS);
                assertTrue(welcome != null && welcome.contains("\"nick\":\"alice\"") && welcome.contains("\"v\":2"),
                        "welcome as alice: " + welcome);
            }
            var logout = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/api/logout"))
                    .header("Authorization", "Bearer " + token)
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(204, logout.statusCode());
            for (BlockingQueue<String> frames : sockets) {
                String revoked = frames.poll(20, TimeUnit.SECONDS);
                assertTrue(revoked != null && revoked.contains("\"code\":\"revoked\""), "revoked: " + revoked);
                assertEquals("closed", frames.poll(20, TimeUnit.SECONDS));
            }
            // An admin revoke from another process, on the running server's file.
            var login = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/api/login"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"name\":\"alice\",\"password\":\"alice's password\",\"bearer\":true}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            String second = login.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
            BlockingQueue<String> frames = socket(http, port, second);
            assertTrue(frames.poll(20, TimeUnit.SECONDS).contains("welcome"));
            Process admin = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-cp",
                    System.getProperty("java.class.path"), Main.class.getName(), "chat", "admin", "--data",
                    data.toString(), "revoke", "--account", "alice").redirectErrorStream(true).start();
            String said = new String(admin.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(admin.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, admin.exitValue(), said);
            assertTrue(said.contains("revoked 1 session"), said);
            String revoked = frames.poll(20, TimeUnit.SECONDS);
            assertTrue(revoked != null && revoked.contains("\"code\":\"revoked\""), "revoked: " + revoked);
        } finally {
            http.shutdownNow();
            server.master().destroy();
        }
        assertTrue(server.master().waitFor(30, TimeUnit.SECONDS), "SIGTERM stops the master");
    }

    /** A JDK WebSocket that says hello v2 with its bearer header; its frames, then "closed", in the queue. */
    private static BlockingQueue<String> socket(java.net.http.HttpClient http, int port, String token) {
        BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        java.net.http.WebSocket ws = http.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .buildAsync(java.net.URI.create("ws://127.0.0.1:" + port + "/ws"), new java.net.http.WebSocket.Listener() {
                    final StringBuilder partial = new StringBuilder();

                    @Override
                    public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket w, CharSequence d,
                                                                          boolean last) {
                        partial.append(d);
                        if (last) {
                            frames.add(partial.toString());
                            partial.setLength(0);
                        }
                        w.request(1);
                        return null;
                    }

                    @Override
                    public java.util.concurrent.CompletionStage<?> onClose(java.net.http.WebSocket w, int code, String r) {
                        frames.add("closed");
                        return null;
                    }
                }).join();
        ws.sendText("{\"type\":\"hello\",\"v\":2}", true).join();
        return frames;
    }

    @Test
    void usersOnTwoWorkersShareRoomsAndSurviveKillMinusNine() throws Exception {
        int port = freePort();
        Server first = start(port);
        String out;
        try {
            out = python("across", Integer.toString(port));
            awaitWorkers(first, 3); // the master restarted the killed worker
        } finally {
            first.master().destroyForcibly(); // SIGKILL of the room service: the workers follow it out
        }
        Matcher head = Pattern.compile("HEAD (\\d+)").matcher(out);
        assertTrue(head.find(), out);
        assertTrue(first.master().waitFor(20, TimeUnit.SECONDS));
        // A worker left behind would keep sharing the port with the next server's workers.
        for (long pid : first.workerPids()) {
            ProcessHandle.of(pid).ifPresent(h -> h.onExit().orTimeout(20, TimeUnit.SECONDS).join());
        }

        Server second = start(port);
        try {
            python("after", Integer.toString(port), head.group(1));
        } finally {
            second.master().destroy(); // SIGTERM: drain the workers, close the store
        }
        assertTrue(second.master().waitFor(30, TimeUnit.SECONDS), "SIGTERM stops the master");
        for (long pid : second.workerPids()) {
            assertTrue(ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true), "worker " + pid + " still runs");
        }
    }
}
