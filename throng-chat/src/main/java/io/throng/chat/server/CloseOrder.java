package io.throng.chat.server;

import java.util.List;

/**
 * The steps that stop a server process, in the one order that loses nothing; they run once, whoever
 * asks first (a signal's hook, or the master going away), and the first failure ends the run.
 */
final class CloseOrder {
    /** One step: closing one part. */
    interface Step {
        void run() throws Exception;
    }

    private final List<Step> steps;
    private boolean done;

    CloseOrder(Step... steps) {
        this.steps = List.of(steps);
    }

    synchronized void run() throws Exception {
        if (done) {
            return;
        }
        done = true;
        for (Step step : steps) {
            step.run();
        }
    }
}
