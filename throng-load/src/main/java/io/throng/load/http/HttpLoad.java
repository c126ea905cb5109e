package io.throng.load.http;

import io.throng.load.HttpWorkload;
import io.throng.load.Interval;
import io.throng.load.LoadKind;
import io.throng.load.LoadShape;
import io.throng.load.Sample;
import io.throng.load.TalliedPlan;
import io.throng.load.procs.WorkerProcesses;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/** {@code load http} as a plan: one request sent again and again, the shape shared fairly over the processes. */
public final class HttpLoad extends TalliedPlan<HttpShare> {
    /** The HTTP kind on the worker protocol. */
    public static final LoadKind<HttpShare, Sample, Void> KIND =
            new LoadKind<>("http", HttpShare.class, Sample.class, Void.class, HttpShare::engine);

    private final HttpWorkload workload;

    /** @param progress called once per completed second with the merged figures (for a live line), may be null */
    public HttpLoad(HttpWorkload workload, LoadShape shape, Consumer<Interval> progress) {
        super(KIND, workload.host(), workload.describe(), shape, Duration.ZERO, progress);
        this.workload = workload;
    }

    @Override
    public HttpShare share(int process, InetAddress target, InetAddress source) {
        return HttpShare.of(workload, target, source, shape.share(process));
    }

    @Override
    public List<String> workerOptions() {
        return WorkerProcesses.THROUGHPUT_GC;
    }
}
