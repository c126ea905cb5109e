package io.throng.load.chat;

import io.throng.load.TargetPolicy;
import java.net.InetAddress;
import java.util.function.Consumer;

/**
 * Runs a chat load test: checks the target against the {@link TargetPolicy}, runs the users in this process or
 * over {@code procs} workers, and merges everything into one {@link ChatReport}.
 */
public final class ChatRunner {
    private final TargetPolicy policy;
    private final Consumer<ChatTally.Progress> progress;
    private volatile ChatEngine running;

    /** @param progress called once per completed second with the merged figures, may be null */
    public ChatRunner(TargetPolicy policy, Consumer<ChatTally.Progress> progress) {
        this.policy = policy;
        this.progress = progress == null ? p -> {} : progress;
    }

    /** Runs to completion; {@code threads} event loops per process. */
    public ChatReport run(ChatScenario scenario, int threads) throws InterruptedException {
        InetAddress target = policy.check(scenario.host());
        ChatTally tally = new ChatTally();
        long elapsed;
        if (scenario.procs() == 1) {
            ChatEngine engine = new ChatEngine(scenario, 0, threads, target, null);
            running = engine;
            try {
                elapsed = engine.run(sample -> {
                    ChatTally.Progress done = tally.add(sample, 1);
                    if (done != null) {
                        progress.accept(done);
                    }
                });
            } finally {
                running = null;
            }
            tally.addRooms(engine.rooms());
            tally.addUsers(engine.users());
        } else {
            elapsed = ChatFleet.run(scenario, threads, target, tally, progress);
        }
        return tally.report(scenario, elapsed);
    }

    /** Asks a running single-process test to stop early; the report covers what was measured. */
    public void stop() {
        ChatEngine engine = running;
        if (engine != null) {
            engine.stop();
        }
    }
}
