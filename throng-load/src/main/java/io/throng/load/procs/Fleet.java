package io.throng.load.procs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.throng.load.HttpWorkload;
import io.throng.load.LoadShape;
import io.throng.load.Sample;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
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
        }, WorkerProcesses.THROUGHPUT_GC, shape, Duration.ZERO, sink);
    }

    /**
     * Runs {@code shape.procs()} workers of any kind: each is a JVM running {@code workerMain} (which speaks the
     * protocol through {@link WorkerLink}) and gets {@code specs.apply(k)} as its first line of JSON. {@code ramp}:
     * how long the workers spread their connecting over, so that it counts towards their time to become ready.
     * {@code gc}: the workers' collector options ({@link WorkerProcesses#THROUGHPUT_GC} or
     * {@link WorkerProcesses#LOW_PAUSE_GC}).
     */
    public static long run(Class<?> workerMain, IntFunction<Object> specs, List<String> gc, LoadShape shape,
            Duration ramp, Consumer<Sample> sink) throws InterruptedException {
        WorkerProcesses.Budgets budgets = new WorkerProcesses.Budgets(
                ramp.plus(shape.timeout().multipliedBy(2)).plusSeconds(30), // connecting, JVM start included
                shape.duration().plus(shape.timeout()).plusSeconds(30), Duration.ofSeconds(5));
        return WorkerProcesses.run(workerMain, gc, shape.procs(), specs, budgets, message -> {
            if (message.has("sample")) {
                sink.accept(JSON.treeToValue(message.get("sample"), WireSample.class).toSample());
            }
        });
    }

    private Fleet() {}
}
