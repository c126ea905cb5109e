package io.throng.load.chat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.throng.load.procs.Fleet;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Spreads a chat load over worker JVMs ({@link ChatWorkerMain}), worker {@code k} on source address
 * {@link Fleet#sourceFor} (127.0.0.(k+2)) like the HTTP fleet, and merges their samples and room tallies into one
 * {@link ChatTally}. Users are dealt round-robin, so every worker ramps over the whole ramp and every room has
 * members in every worker; a room's final sequence is known only here, which is why rooms travel as sums.
 */
final class ChatFleet {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Runs the scenario over its {@code procs} workers; returns the longest worker's run length. */
    static long run(ChatScenario scenario, int threads, InetAddress target, ChatTally tally,
            java.util.function.Consumer<ChatTally.Progress> progress) throws InterruptedException {
        int n = scenario.procs();
        List<Process> processes = new ArrayList<>();
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch ended = new CountDownLatch(n);
        AtomicLong elapsed = new AtomicLong();
        try {
            for (int k = 0; k < n; k++) {
                InetAddress source = Fleet.sourceFor(target, k);
                ChatWire.Spec spec = ChatWire.Spec.of(scenario, k, threads, target.getHostAddress(),
                        source == null ? null : source.getHostAddress());
                Process p = start();
                processes.add(p);
                OutputStream stdin = p.getOutputStream();
                stdin.write((JSON.writeValueAsString(spec) + "\n").getBytes(StandardCharsets.UTF_8));
                stdin.flush();
                Thread.ofPlatform().daemon().name("throng-load-chat-worker-" + k)
                        .start(() -> follow(p, n, ready, ended, elapsed, tally, progress));
            }
            if (!ready.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("worker processes did not start in time");
            }
            for (Process p : processes) {
                p.getOutputStream().write("go\n".getBytes(StandardCharsets.US_ASCII));
                p.getOutputStream().flush();
            }
            long budget = scenario.ramp().plus(scenario.duration()).plus(scenario.drain()).toNanos()
                    + TimeUnit.SECONDS.toNanos(60);
            if (!ended.await(budget, TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException("worker processes did not finish in time");
            }
            return elapsed.get();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot talk to a worker process", e);
        } finally {
            for (Process p : processes) {
                try {
                    p.getOutputStream().close(); // a worker stops when its stdin ends
                } catch (IOException ignored) {
                    // already gone
                }
            }
            for (Process p : processes) {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    private static Process start() throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "-Xmx1g", "-XX:+UseParallelGC",
                "-Dthrong.load.debug=" + Boolean.getBoolean("throng.load.debug"), "-cp",
                System.getProperty("java.class.path"), ChatWorkerMain.class.getName()));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static void follow(Process p, int parts, CountDownLatch ready, CountDownLatch ended, AtomicLong elapsed,
            ChatTally tally, java.util.function.Consumer<ChatTally.Progress> progress) {
        boolean wasReady = false;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode node = JSON.readTree(line);
                if (node.has("ready")) {
                    wasReady = true;
                    ready.countDown();
                } else if (node.has("sample")) {
                    ChatTally.Progress done = tally.add(
                            JSON.treeToValue(node.get("sample"), ChatWire.Sample.class).toSample(), parts);
                    if (done != null) {
                        progress.accept(done);
                    }
                } else if (node.has("rooms")) {
                    tally.addRooms(JSON.convertValue(node.get("rooms"), new TypeReference<List<RoomTally>>() {}));
                    elapsed.accumulateAndGet(node.get("elapsedNanos").asLong(), Math::max);
                }
            }
        } catch (IOException e) {
            // the worker died; its missing samples show in the totals
        } finally {
            if (!wasReady) {
                ready.countDown();
            }
            ended.countDown();
        }
    }

    private ChatFleet() {}
}
