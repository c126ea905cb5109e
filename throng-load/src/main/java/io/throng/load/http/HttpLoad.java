package io.throng.load.http;

import io.throng.load.HttpWorkload;
import io.throng.load.Interval;
import io.throng.load.LoadKind;
import io.throng.load.LoadPlan;
import io.throng.load.LoadReport;
import io.throng.load.LoadShape;
import io.throng.load.Sample;
import io.throng.load.Tally;
import io.throng.load.procs.WorkerProcesses;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/** {@code load http} as a {@link LoadPlan}: a request, a shape, one {@link Tally} for every process's samples. */
public final class HttpLoad implements LoadPlan<HttpShare, Sample, Void, LoadReport> {
    /** The HTTP kind on the worker protocol. */
    public static final LoadKind<HttpShare, Sample, Void> KIND =
            new LoadKind<>("http", HttpShare.class, Sample.class, Void.class, HttpShare::engine);

    private final HttpWorkload workload;
    private final LoadShape shape;
    private final Tally tally = new Tally();
    private final Consumer<Sample> sink;

    /** @param progress called once per completed second with the merged figures (for a live line), may be null */
    public HttpLoad(HttpWorkload workload, LoadShape shape, Consumer<Interval> progress) {
        this.workload = workload;
        this.shape = shape;
        this.sink = tally.sink(shape.procs(), progress == null ? i -> {} : progress);
    }

    @Override
    public LoadKind<HttpShare, Sample, Void> kind() {
        return KIND;
    }

    @Override
    public String host() {
        return workload.host();
    }

    @Override
    public int procs() {
        return shape.procs();
    }

    @Override
    public HttpShare share(int process, InetAddress target, InetAddress source) {
        return HttpShare.of(workload, target, source, shape.share(process));
    }

    @Override
    public WorkerProcesses.Budgets budgets() {
        return WorkerProcesses.Budgets.of(shape, Duration.ZERO);
    }

    @Override
    public List<String> workerOptions() {
        return WorkerProcesses.THROUGHPUT_GC;
    }

    @Override
    public void add(Sample sample) {
        sink.accept(sample);
    }

    @Override
    public void addOutcome(Void outcome) {}

    @Override
    public LoadReport report(long elapsedNanos) {
        return tally.report(workload.describe(), shape, elapsedNanos);
    }
}
