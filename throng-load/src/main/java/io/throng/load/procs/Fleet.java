package io.throng.load.procs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.throng.load.HttpWorkload;
import io.throng.load.LoadShape;
import io.throng.load.Sample;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Spreads a load over worker JVMs, because one process may hold only 20,000 open files and one source address
 * has only ~28,000 ephemeral ports towards one target. Worker {@code k} binds its sockets to 127.0.0.(k+2) when
 * the target is an IPv4 loopback address (127.0.0.1 is left to the single-process case), connects, reports
 * ready; when all are ready the parent says {@code go} to all at once, and merges their per-second samples.
 */
public final class Fleet {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Source address of worker {@code k} for a loopback target, or null to let the system choose. */
    public static InetAddress sourceFor(InetAddress target, int k) {
        if (!(target instanceof Inet4Address) || !target.isLoopbackAddress() || k > 250) {
            return null;
        }
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (k + 2)});
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Runs {@code shape} over {@code shape.procs()} workers; every sample goes to {@code sink} (called from several
     * threads, one per worker). Returns the measured phase's length: the longest of the workers'.
     */
    public static long run(HttpWorkload workload, LoadShape shape, InetAddress target, Consumer<Sample> sink)
            throws InterruptedException {
        return run(WorkerMain.class, k -> {
            InetAddress source = sourceFor(target, k);
            return WorkerSpec.of(workload, target.getHostAddress(), source == null ? null : source.getHostAddress(),
                    shape.share(k));
        }, shape, sink);
    }

    /**
     * Runs {@code shape.procs()} workers of any kind: each is a JVM running {@code workerMain} (which speaks the
     * protocol through {@link WorkerLink}) and gets {@code specs.apply(k)} as its first line of JSON.
     */
    public static long run(Class<?> workerMain, IntFunction<Object> specs, LoadShape shape, Consumer<Sample> sink)
            throws InterruptedException {
        int n = shape.procs();
        List<Process> processes = new ArrayList<>();
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch ended = new CountDownLatch(n);
        AtomicLong elapsed = new AtomicLong();
        try {
            for (int k = 0; k < n; k++) {
                Object spec = specs.apply(k);
                Process p = start(workerMain);
                processes.add(p);
                OutputStream stdin = p.getOutputStream();
                stdin.write((JSON.writeValueAsString(spec) + "\n").getBytes(StandardCharsets.UTF_8));
                stdin.flush();
                Thread.ofPlatform().daemon().name("throng-load-worker-" + k)
                        .start(() -> follow(p, ready, ended, elapsed, sink));
            }
            long connectBudget = shape.timeout().toNanos() * 2 + TimeUnit.SECONDS.toNanos(30); // includes JVM start
            if (!ready.await(connectBudget, TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException("worker processes did not become ready in time");
            }
            for (Process p : processes) {
                p.getOutputStream().write("go\n".getBytes(StandardCharsets.US_ASCII));
                p.getOutputStream().flush();
            }
            long runBudget = shape.duration().toNanos() + shape.timeout().toNanos() + TimeUnit.SECONDS.toNanos(30);
            if (!ended.await(runBudget, TimeUnit.NANOSECONDS)) {
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
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    private static Process start(Class<?> workerMain) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "-Xmx1g", "-XX:+UseParallelGC", "-cp",
                System.getProperty("java.class.path"), workerMain.getName()));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static void follow(Process p, CountDownLatch ready, CountDownLatch ended, AtomicLong elapsed,
            Consumer<Sample> sink) {
        boolean wasReady = false;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode node = JSON.readTree(line);
                if (node.has("ready")) {
                    wasReady = true;
                    ready.countDown();
                } else if (node.has("sample")) {
                    sink.accept(JSON.treeToValue(node.get("sample"), WireSample.class).toSample());
                } else if (node.has("elapsedNanos")) {
                    elapsed.accumulateAndGet(node.get("elapsedNanos").asLong(), Math::max);
                }
            }
        } catch (IOException e) {
            // the worker died; its missing samples show in the totals, the latches below keep the parent moving
        } finally {
            if (!wasReady) {
                ready.countDown();
            }
            ended.countDown();
        }
    }

    private Fleet() {}
}
