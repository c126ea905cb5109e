package io.throng.load;

import io.throng.load.procs.WorkerProcesses;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A plan whose processes report {@link Sample}s and nothing after measuring, merged by one {@link Tally} into a
 * {@link LoadReport}, bounded by a {@link LoadShape}: {@code load http} and {@code load ws}, so the summary, JSON,
 * HTML, thresholds and multi-process merge are one code path for both.
 *
 * @param <P> one process's share
 */
public abstract class TalliedPlan<P> extends LoadPlan<P, Sample, Void, LoadReport> {
    private final String description;
    private final Duration ramp;
    private final Tally tally = new Tally();
    private final Consumer<Sample> sink;
    /** The whole run's shape; shares are parts of it. */
    protected final LoadShape shape;

    /**
     * @param description one line for the report: what was measured
     * @param ramp how long the processes spread their connecting over
     * @param progress called once per completed second with the merged figures (for a live line), may be null
     */
    protected TalliedPlan(LoadKind<P, Sample, Void> kind, String host, String description, LoadShape shape,
            Duration ramp, Consumer<Interval> progress) {
        super(kind, host, shape.procs());
        this.description = description;
        this.shape = shape;
        this.ramp = ramp;
        this.sink = tally.sink(shape.procs(), progress == null ? i -> {} : progress);
    }

    @Override
    public final WorkerProcesses.Budgets budgets() {
        return WorkerProcesses.Budgets.of(shape, ramp);
    }

    @Override
    public final void add(Sample sample) {
        sink.accept(sample);
    }

    @Override
    public final void addOutcome(Void outcome) {}

    @Override
    public final LoadReport report(long elapsedNanos) {
        return tally.report(description, shape, elapsedNanos);
    }
}
