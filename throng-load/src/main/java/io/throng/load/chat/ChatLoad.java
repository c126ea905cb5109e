package io.throng.load.chat;

import io.throng.load.LoadKind;
import io.throng.load.LoadPlan;
import io.throng.load.procs.WorkerProcesses;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code load chat} as a {@link LoadPlan}: users are dealt round-robin over the processes, so every process ramps
 * over the whole ramp and every room has members in every process; one {@link ChatTally} merges their samples,
 * room tallies and user counts into one {@link ChatReport}.
 */
public final class ChatLoad extends LoadPlan<ChatShare, ChatSample, ChatOutcome, ChatReport> {
    /** The chat kind on the worker protocol. */
    public static final LoadKind<ChatShare, ChatSample, ChatOutcome> KIND =
            new LoadKind<>("chat", ChatShare.class, ChatSample.class, ChatOutcome.class, ChatShare::engine);

    private final ChatScenario scenario;
    private final int threads;
    private final ChatTally tally = new ChatTally();
    private final Consumer<ChatTally.Progress> progress;

    /**
     * @param threads event loops per process
     * @param progress called once per completed second with the merged figures, may be null
     */
    public ChatLoad(ChatScenario scenario, int threads, Consumer<ChatTally.Progress> progress) {
        super(KIND, scenario.host(), scenario.procs());
        this.scenario = scenario;
        this.threads = threads;
        this.progress = progress == null ? p -> {} : progress;
    }

    @Override
    public ChatShare share(int process, InetAddress target, InetAddress source) {
        return ChatShare.of(scenario, process, threads, target, source);
    }

    @Override
    public WorkerProcesses.Budgets budgets() {
        return new WorkerProcesses.Budgets(Duration.ofSeconds(60),
                scenario.ramp().plus(scenario.duration()).plus(scenario.drain()).plusSeconds(60), Duration.ofSeconds(10));
    }

    @Override
    public List<String> workerOptions() {
        List<String> jvm = new ArrayList<>(WorkerProcesses.LOW_PAUSE_GC);
        jvm.add("-Dthrong.load.debug=" + Boolean.getBoolean("throng.load.debug"));
        return jvm;
    }

    @Override
    public void add(ChatSample sample) {
        ChatTally.Progress done = tally.add(sample, scenario.procs());
        if (done != null) {
            progress.accept(done);
        }
    }

    @Override
    public void addOutcome(ChatOutcome outcome) {
        tally.addRooms(outcome.rooms());
        tally.addUsers(outcome.users());
    }

    @Override
    public ChatReport report(long elapsedNanos) {
        return tally.report(scenario, elapsedNanos);
    }
}
