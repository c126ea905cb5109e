package io.throng.load.procs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.throng.load.LoadShape;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * The parent's side of the worker protocol that every load kind shares ({@link WorkerLink} is the worker's):
 * start the JVMs, hand each its spec, wait until all are ready, say {@code go} to all at once, and read their
 * messages until they end. What the messages mean (samples, outcomes) is {@link Fleet}'s.
 */
public final class WorkerProcesses {
    /**
     * For request/response load (HTTP): the collector that costs the least CPU, since the client's CPU is what
     * limits the request rate on a small box; its pauses are short while little stays live.
     */
    public static final List<String> THROUGHPUT_GC = List.of("-XX:+UseParallelGC");

    /**
     * For load that holds many connections (WebSocket, chat): thousands of live connections make every
     * stop-the-world young collection copy and scan more, and on a busy 2-core box Parallel GC's pauses grew to
     * 1-5 s at 16,700 connections per process, stalling handshakes and adding seconds to measured latencies.
     * ZGC's pauses stay under a millisecond whatever is live.
     */
    public static final List<String> LOW_PAUSE_GC = List.of("-XX:+UseZGC");

    /**
     * System property of the parent: options added to every worker JVM's, space-separated; a collector named there
     * ({@code -XX:+Use...GC}) replaces the load kind's. For measuring the load tool's own cost, e.g.
     * {@code THRONG_JAVA_OPTS=-Dthrong.load.workerJvm=-XX:+UseParallelGC ./throng load chat ...}.
     */
    public static final String WORKER_JVM_PROPERTY = "throng.load.workerJvm";

    private static final ObjectMapper JSON = WorkerJson.MAPPER;

    /** How long each step may take; {@code ready} includes JVM start-up, {@code exit} is per worker at the end. */
    public record Budgets(Duration ready, Duration run, Duration exit) {

        /**
         * The budgets of a run bounded by {@code shape}'s duration whose workers spread their connecting over
         * {@code ramp}: connecting (JVM start included) within the ramp and two timeouts, running within the
         * duration and one timeout, each plus 30 s.
         */
        public static Budgets of(LoadShape shape, Duration ramp) {
            return new Budgets(ramp.plus(shape.timeout().multipliedBy(2)).plusSeconds(30),
                    shape.duration().plus(shape.timeout()).plusSeconds(30), Duration.ofSeconds(5));
        }
    }

    /** Handles one worker message other than {@code ready}; called from one thread per worker. */
    @FunctionalInterface
    public interface Messages {
        void accept(JsonNode message) throws IOException;
    }

    /**
     * Runs {@code n} JVMs of {@code workerMain}, worker {@code k} getting {@code specs.apply(k)} as its first line of
     * JSON. Returns the longest {@code elapsedNanos} a worker reported: the parent only sees when it said go, not
     * when each worker's measured phase really began and ended.
     */
    public static long run(Class<?> workerMain, List<String> jvmOptions, int n, IntFunction<Object> specs,
            Budgets budgets, Messages messages) throws InterruptedException {
        List<Process> processes = new ArrayList<>();
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch ended = new CountDownLatch(n);
        AtomicLong elapsed = new AtomicLong();
        try {
            for (int k = 0; k < n; k++) {
                Object spec = specs.apply(k);
                Process p = start(workerMain, jvmOptions);
                processes.add(p);
                OutputStream stdin = p.getOutputStream();
                stdin.write((JSON.writeValueAsString(spec) + "\n").getBytes(StandardCharsets.UTF_8));
                stdin.flush();
                Thread.ofPlatform().daemon().name("throng-load-worker-" + k)
                        .start(() -> follow(p, ready, ended, elapsed, messages));
            }
            if (!ready.await(budgets.ready().toNanos(), TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException("worker processes did not become ready in time");
            }
            for (Process p : processes) {
                p.getOutputStream().write("go\n".getBytes(StandardCharsets.US_ASCII));
                p.getOutputStream().flush();
            }
            if (!ended.await(budgets.run().toNanos(), TimeUnit.NANOSECONDS)) {
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
                if (!p.waitFor(budgets.exit().toNanos(), TimeUnit.NANOSECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    /** {@code defaults} with {@code extra} (space-separated) appended; a collector in {@code extra} replaces theirs. */
    static List<String> withExtra(List<String> defaults, String extra) {
        List<String> more = extra == null || extra.isBlank() ? List.of() : List.of(extra.trim().split("\\s+"));
        boolean collector = more.stream().anyMatch(WorkerProcesses::isCollector);
        List<String> all = new ArrayList<>();
        for (String o : defaults) {
            if (!(collector && isCollector(o))) { // the JVM refuses two collectors
                all.add(o);
            }
        }
        all.addAll(more);
        return all;
    }

    private static boolean isCollector(String option) {
        return option.startsWith("-XX:+Use") && option.endsWith("GC");
    }

    private static Process start(Class<?> workerMain, List<String> jvmOptions) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "-Xmx1g"));
        command.addAll(withExtra(jvmOptions, System.getProperty(WORKER_JVM_PROPERTY)));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), workerMain.getName()));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static void follow(Process p, CountDownLatch ready, CountDownLatch ended, AtomicLong elapsed,
            Messages messages) {
        boolean wasReady = false;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode node = JSON.readTree(line);
                if (node.has("ready")) {
                    wasReady = true;
                    ready.countDown();
                    continue;
                }
                messages.accept(node);
                if (node.has("elapsedNanos")) {
                    elapsed.accumulateAndGet(node.get("elapsedNanos").asLong(), Math::max);
                }
            }
        } catch (IOException e) {
            // the worker died; its missing samples show in the totals, the latches keep the parent moving
        } finally {
            if (!wasReady) {
                ready.countDown();
            }
            ended.countDown();
        }
    }

    private WorkerProcesses() {}
}
