package io.throng.load;

import io.throng.load.http.HttpEngine;
import io.throng.load.procs.Fleet;
import java.net.InetAddress;
import java.util.function.Consumer;

/**
 * Runs a load test: checks the target against the {@link TargetPolicy}, runs the workload's engine in this
 * process or over {@code --procs} workers, and merges every sample into one {@link LoadReport}.
 */
public final class LoadRunner {
    private final TargetPolicy policy;
    private final Consumer<Interval> progress;
    private volatile HttpEngine running;

    /** @param progress called once per completed second with the merged figures (for a live line), may be null */
    public LoadRunner(TargetPolicy policy, Consumer<Interval> progress) {
        this.policy = policy;
        this.progress = progress == null ? i -> {} : progress;
    }

    /** Runs the load to completion and returns the report. */
    public LoadReport run(Workload workload, LoadShape shape) throws InterruptedException {
        InetAddress target = policy.check(workload.host());
        return switch (workload) {
            case HttpWorkload http -> runHttp(http, shape, target);
        };
    }

    /** Asks a running single-process test to stop early; the report covers what was measured. */
    public void stop() {
        HttpEngine engine = running;
        if (engine != null) {
            engine.stop();
        }
    }

    private LoadReport runHttp(HttpWorkload http, LoadShape shape, InetAddress target) throws InterruptedException {
        Tally tally = new Tally();
        int parts = shape.procs();
        Consumer<Sample> sink = tally.sink(parts, progress);
        long elapsed;
        if (shape.procs() == 1) {
            try (HttpEngine engine = new HttpEngine(http, shape, target, null)) {
                running = engine;
                engine.connect();
                elapsed = engine.measure(sink);
            } finally {
                running = null;
            }
        } else {
            elapsed = Fleet.run(http, shape, target, sink);
        }
        return tally.report(http.describe(), shape, elapsed);
    }
}
