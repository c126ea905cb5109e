package io.throng.load.chat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.throng.load.Connects;
import io.throng.load.procs.Fleet;
import io.throng.load.procs.WorkerProcesses;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Spreads a chat load over worker JVMs ({@link ChatWorkerMain}), worker {@code k} on source address
 * {@link Fleet#sourceFor} (127.0.0.(k+2)) like the HTTP fleet, and merges their samples and room tallies into one
 * {@link ChatTally}. Users are dealt round-robin, so every worker ramps over the whole ramp and every room has
 * members in every worker; a room's final sequence is known only here, which is why rooms travel as sums.
 */
final class ChatFleet {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Runs the scenario over its {@code procs} workers; returns the longest worker's run length. */
    static long run(ChatScenario scenario, int threads, InetAddress target, ChatTally tally,
            Consumer<ChatTally.Progress> progress) throws InterruptedException {
        int n = scenario.procs();
        WorkerProcesses.Budgets budgets = new WorkerProcesses.Budgets(Duration.ofSeconds(60),
                scenario.ramp().plus(scenario.duration()).plus(scenario.drain()).plusSeconds(60), Duration.ofSeconds(10));
        List<String> jvm = new ArrayList<>(WorkerProcesses.LOW_PAUSE_GC);
        jvm.add("-Dthrong.load.debug=" + Boolean.getBoolean("throng.load.debug"));
        return WorkerProcesses.run(ChatWorkerMain.class,
                jvm, n, k -> {
                    InetAddress source = Fleet.sourceFor(target, k);
                    return ChatWire.Spec.of(scenario, k, threads, target.getHostAddress(),
                            source == null ? null : source.getHostAddress());
                }, budgets, message -> {
                    if (message.has("sample")) {
                        ChatTally.Progress done = tally.add(
                                JSON.treeToValue(message.get("sample"), ChatWire.Sample.class).toSample(), n);
                        if (done != null) {
                            progress.accept(done);
                        }
                    } else if (message.has("rooms")) {
                        // the final message; WorkerProcesses takes its elapsedNanos
                        tally.addRooms(JSON.convertValue(message.get("rooms"), new TypeReference<List<RoomTally>>() {}));
                        tally.addUsers(JSON.treeToValue(message.get("users"), Connects.class));
                    }
                });
    }

    private ChatFleet() {}
}
