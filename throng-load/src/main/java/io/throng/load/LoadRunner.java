package io.throng.load;

import io.throng.load.procs.Fleet;
import java.net.InetAddress;

/**
 * Runs any {@link LoadPlan}: checks the target against the {@link TargetPolicy}, runs the kind's
 * {@link LoadEngine} in this process or over {@code procs} workers ({@link Fleet}), and merges every sample and
 * outcome into the plan's report.
 */
public final class LoadRunner {
    private final TargetPolicy policy;
    private volatile LoadEngine<?, ?> running;

    public LoadRunner(TargetPolicy policy) {
        this.policy = policy;
    }

    /** Runs the load to completion and returns the report. */
    public <P, S, O, R> R run(LoadPlan<P, S, O, R> plan) throws InterruptedException {
        InetAddress target = policy.check(plan.host());
        long elapsed;
        if (plan.procs() == 1) {
            try (LoadEngine<S, O> engine = plan.kind().engine(plan.share(0, target, null))) {
                running = engine;
                engine.connect();
                elapsed = engine.measure(plan::add);
                O outcome = engine.outcome();
                if (outcome != null) {
                    plan.addOutcome(outcome);
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } finally {
                running = null;
            }
        } else {
            elapsed = Fleet.run(plan, target);
        }
        return plan.report(elapsed);
    }

    /** Asks a running single-process test to stop early; the report covers what was measured. */
    public void stop() {
        LoadEngine<?, ?> engine = running;
        if (engine != null) {
            engine.stop();
        }
    }
}
