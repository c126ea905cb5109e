package io.throng.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pre-fork master with real processes: restart, SIGHUP reload, SIGTERM drain. */
class PreforkTest {
    Process master;
    int port;
    final BlockingQueue<String> log = new LinkedBlockingQueue<>();

    @BeforeEach
    void startMaster() throws Exception {
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        master = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-Xmx64m", "-Xss512k",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                PreforkMasterMain.class.getName(), Integer.toString(port), "2").redirectErrorStream(true).start();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(master.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    log.add(line);
                }
            } catch (IOException ignored) {
                // The master ended.
            }
        });
        awaitLog("running 2 workers", 60);
    }

    @AfterEach
    void stopMaster() throws Exception {
        if (master.isAlive()) {
            List<ProcessHandle> kids = master.children().toList();
            master.destroyForcibly();
            kids.forEach(ProcessHandle::destroyForcibly);
            master.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void awaitLog(String fragment, int seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            String line = log.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("no log line containing '" + fragment + "' in " + seconds + " s");
            }
            if (line.contains(fragment)) {
                return;
            }
        }
    }

    private static void await(BooleanSupplier condition, int seconds, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50); // polling a condition with a deadline, not timing
        }
    }

    private Set<Long> workers() {
        return master.children().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    private String ask(String msg) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(msg.getBytes(StandardCharsets.US_ASCII));
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }

    private void signal(String sig) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + sig, Long.toString(master.pid())).start().waitFor());
    }

    @Test
    void aWorkerThatDiesIsRestarted() throws Exception {
        Set<Long> before = workers();
        assertEquals(2, before.size());
        long victim = before.iterator().next();
        ProcessHandle.of(victim).orElseThrow().destroyForcibly();
        await(() -> {
            Set<Long> now = workers();
            return now.size() == 2 && !now.contains(victim);
        }, 60, "a replacement worker");
        awaitLog("restarting", 5);
        assertTrue(workers().contains(Long.parseLong(ask("hi"))) );
    }

    @Test
    void sighupReplacesEveryWorkerWithoutRefusingConnections() throws Exception {
        // Without tcp_migrate_req, Linux resets the connections still queued in a draining worker's
        // listener: zero-downtime reload is then impossible by design (docs/http.md). .ci/run sets it.
        java.nio.file.Path migrate = java.nio.file.Path.of("/proc/sys/net/ipv4/tcp_migrate_req");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                java.nio.file.Files.isReadable(migrate) && java.nio.file.Files.readString(migrate).trim().equals("1"),
                "net.ipv4.tcp_migrate_req is not 1: the kernel may reset connections queued on a closing listener");
        Set<Long> before = workers();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger retried = new AtomicInteger();
        java.util.Queue<String> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
        Thread client = Thread.ofVirtual().start(() -> {
            while (running.get()) {
                // Like a browser with an idempotent request: a connection reset before any reply byte
                // is retried once on a new connection. Linux can reset a connection that was queued on
                // a closing listener in the instant it closes, even with tcp_migrate_req (docs/http.md);
                // a refused connection or a second failure would mean the port really went dark.
                for (int attempt = 1; ; attempt++) {
                    try {
                        if (ask("hi") != null) {
                            ok.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                            failures.add("closed without a reply");
                        }
                        break;
                    } catch (java.net.SocketException e) {
                        if (attempt == 1 && "Connection reset".equals(e.getMessage())) {
                            retried.incrementAndGet();
                            continue;
                        }
                        failed.incrementAndGet();
                        failures.add(e.toString());
                        break;
                    } catch (IOException e) {
                        failed.incrementAndGet();
                        failures.add(e.toString());
                        break;
                    }
                }
            }
        });
        signal("HUP");
        awaitLog("reload done", 90);
        running.set(false);
        client.join();
        Set<Long> after = workers();
        assertEquals(2, after.size());
        assertTrue(after.stream().noneMatch(before::contains), "every worker replaced: " + before + " -> " + after);
        assertEquals(0, failed.get(), "requests failed during the reload (" + ok.get() + " succeeded, "
                + retried.get() + " retried after a reset): " + failures);
        System.out.println("reload: " + ok.get() + " requests answered, " + retried.get() + " retried after a reset");
        assertTrue(ok.get() > 0);
    }

    @Test
    void sigtermDrainsInFlightRequestsThenEverythingExits() throws Exception {
        List<ProcessHandle> kids = master.children().toList();
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        s.getOutputStream().write("slow".getBytes(StandardCharsets.US_ASCII));
        awaitLog("slow-start", 10);
        signal("TERM");
        String reply = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        assertTrue(reply != null && reply.matches("\\d+"), "the slow request completed: " + reply);
        s.close();
        assertTrue(master.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, master.exitValue());
        for (ProcessHandle k : kids) {
            assertTrue(k.onExit().get(10, TimeUnit.SECONDS) != null && !k.isAlive());
        }
    }
}
