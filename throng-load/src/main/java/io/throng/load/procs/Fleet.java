package io.throng.load.procs;

import io.throng.load.LoadKind;
import io.throng.load.LoadPlan;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Map;

/**
 * Spreads a load over worker JVMs, because one process may hold only 20,000 open files and one source address
 * has only ~28,000 ephemeral ports towards one target. Worker {@code k} runs {@link WorkerMain} with its share of
 * the plan and binds its sockets to 127.0.0.(k+2) when the target is an IPv4 loopback address (127.0.0.1 is left
 * to the single-process case); when all are ready the parent says {@code go} to all at once, and hands the plan
 * their samples and outcomes to merge.
 */
public final class Fleet {

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
     * Runs {@code plan} over {@code plan.procs()} workers. Returns the measured phase's length: the longest of the
     * workers'.
     */
    public static <P, S, O, R> long run(LoadPlan<P, S, O, R> plan, InetAddress target) throws InterruptedException {
        LoadKind<P, S, O> kind = plan.kind();
        return WorkerProcesses.run(WorkerMain.class, plan.workerOptions(), plan.procs(),
                k -> Map.of("kind", kind.name(), "share", plan.share(k, target, sourceFor(target, k))),
                plan.budgets(), message -> {
                    if (message.has("sample")) {
                        plan.add(WorkerJson.MAPPER.treeToValue(message.get("sample"), kind.sampleType()));
                    }
                    if (message.has("outcome")) {
                        plan.addOutcome(WorkerJson.MAPPER.treeToValue(message.get("outcome"), kind.outcomeType()));
                    }
                });
    }

    private Fleet() {}
}
