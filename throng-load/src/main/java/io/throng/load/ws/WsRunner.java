package io.throng.load.ws;

import io.throng.load.Interval;
import io.throng.load.LoadReport;
import io.throng.load.LoadShape;
import io.throng.load.Sample;
import io.throng.load.Tally;
import io.throng.load.TargetPolicy;
import io.throng.load.procs.Fleet;
import io.throng.load.procs.WorkerProcesses;
import java.net.InetAddress;
import java.util.function.Consumer;

/**
 * Runs a WebSocket load: checks the target against the {@link TargetPolicy}, runs {@link WsEngine} in this
 * process or over {@code --procs} workers, and merges every sample into one {@link LoadReport}. In fan-out over
 * several processes all senders and the whole rate live in the first worker, and every worker's connections
 * receive, so the schedule stays one schedule.
 */
public final class WsRunner {
    private final TargetPolicy policy;
    private final Consumer<Interval> progress;
    private volatile WsEngine running;

    /** @param progress called once per completed second with the merged figures, may be null */
    public WsRunner(TargetPolicy policy, Consumer<Interval> progress) {
        this.policy = policy;
        this.progress = progress == null ? i -> {} : progress;
    }

    /** Runs the load to completion and returns the report. */
    public LoadReport run(WsWorkload workload, LoadShape shape) throws InterruptedException {
        if (shape.requests() > 0) {
            throw new IllegalArgumentException("a WebSocket load is bounded by its duration, not a message count");
        }
        InetAddress target = policy.check(workload.host());
        Tally tally = new Tally();
        int parts = shape.procs();
        Consumer<Sample> sink = tally.sink(parts, progress);
        long elapsed;
        if (parts == 1) {
            try (WsEngine engine = new WsEngine(workload, shape, target, null, workload.senders(), 1)) {
                running = engine;
                engine.connect();
                elapsed = engine.measure(sink);
            } finally {
                running = null;
            }
        } else {
            elapsed = Fleet.run(WsWorkerMain.class, k -> spec(workload, shape, target, k), WorkerProcesses.LOW_PAUSE_GC, shape, workload.ramp(),
                    sink);
        }
        return tally.report(workload.describe(), shape, elapsed);
    }

    private static WsWorkerSpec spec(WsWorkload workload, LoadShape shape, InetAddress target, int k) {
        InetAddress source = Fleet.sourceFor(target, k);
        LoadShape share = shape.share(k);
        int senders = 0;
        if (workload.mode() == WsWorkload.Mode.FANOUT) {
            senders = k == 0 ? workload.senders() : 0;
            share = new LoadShape(share.connections(), 1, share.duration(), 0, k == 0 ? shape.rate() : 0,
                    share.pipeline(), share.timeout(), 1);
        }
        return WsWorkerSpec.of(workload, senders, target.getHostAddress(),
                source == null ? null : source.getHostAddress(), share, 1);
    }

    /** Asks a running single-process test to stop early; the report covers what was measured. */
    public void stop() {
        WsEngine engine = running;
        if (engine != null) {
            engine.stop();
        }
    }
}
