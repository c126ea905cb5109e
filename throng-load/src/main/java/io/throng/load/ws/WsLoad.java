package io.throng.load.ws;

import io.throng.load.Interval;
import io.throng.load.LoadKind;
import io.throng.load.LoadShape;
import io.throng.load.Sample;
import io.throng.load.TalliedPlan;
import io.throng.load.procs.WorkerProcesses;
import java.net.InetAddress;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code load ws} as a plan, reporting through the same path as {@code load http}. In fan-out over several
 * processes all senders and the whole rate live in the first worker, and every worker's connections receive, so
 * the schedule stays one schedule.
 */
public final class WsLoad extends TalliedPlan<WsShare> {
    /** The WebSocket kind on the worker protocol. */
    public static final LoadKind<WsShare, Sample, Void> KIND =
            new LoadKind<>("ws", WsShare.class, Sample.class, Void.class, WsShare::engine);

    private final WsWorkload workload;

    /** @param progress called once per completed second with the merged figures, may be null */
    public WsLoad(WsWorkload workload, LoadShape shape, Consumer<Interval> progress) {
        super(KIND, workload.host(), workload.describe(), checked(shape), workload.ramp(), progress);
        this.workload = workload;
    }

    /** What the connections do. */
    public WsWorkload workload() {
        return workload;
    }

    private static LoadShape checked(LoadShape shape) {
        if (shape.requests() > 0) {
            throw new IllegalArgumentException("a WebSocket load is bounded by its duration, not a message count");
        }
        return shape;
    }

    @Override
    public WsShare share(int process, InetAddress target, InetAddress source) {
        LoadShape share = shape.share(process);
        int senders = 0;
        if (workload.mode() == WsWorkload.Mode.FANOUT) {
            senders = process == 0 ? workload.senders() : 0;
            share = new LoadShape(share.connections(), 1, share.duration(), 0, process == 0 ? shape.rate() : 0,
                    share.pipeline(), share.timeout(), 1);
        }
        return WsShare.of(workload, senders, target, source, share, 1);
    }

    @Override
    public List<String> workerOptions() {
        return WorkerProcesses.LOW_PAUSE_GC;
    }
}
