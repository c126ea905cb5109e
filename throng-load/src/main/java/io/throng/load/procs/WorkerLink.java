package io.throng.load.procs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A worker process's side of the {@link Fleet} protocol, one JSON object per line: stdin brings
 * {@code {"kind":K,"share":{...}}}; stdout answers {@code {"ready":N}} once the engine has connected; stdin brings
 * {@code go}; stdout sends a {@code {"sample":...}} every second and finally
 * {@code {"outcome":...,"elapsedNanos":T}} (no outcome for kinds without one). The parent going away (stdin
 * ending) runs the worker's stop action, so no worker outlives its parent's interest.
 */
final class WorkerLink {
    private final ObjectMapper json = WorkerJson.MAPPER;
    private final PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    private final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

    /** The spec the parent sent as the first line: the kind of load and this worker's share. */
    JsonNode spec() throws IOException {
        String line = in.readLine();
        if (line == null) {
            throw new IOException("the parent sent no spec");
        }
        return json.readTree(line);
    }

    /**
     * Reports {@code connected} connections and waits for the parent's {@code go}; returns false if the parent
     * gave up instead. After {@code go}, {@code onParentGone} runs when stdin ends.
     */
    boolean ready(int connected, Runnable onParentGone) throws IOException {
        send(Map.of("ready", connected));
        if (!"go".equals(in.readLine())) {
            return false;
        }
        Thread.ofPlatform().daemon().start(() -> {
            try {
                while (in.readLine() != null) {
                    // the parent has nothing more to say; only the end of stdin matters
                }
            } catch (IOException ignored) {
                // treat like end of stdin
            }
            onParentGone.run();
        });
        return true;
    }

    /** Streams one second's sample to the parent. */
    void sample(Object sample) {
        send(Map.of("sample", sample));
    }

    /** Reports the engine's outcome (may be null) and the measured phase's length: the last thing a worker says. */
    void finish(long elapsedNanos, Object outcome) {
        send(outcome == null ? Map.of("elapsedNanos", elapsedNanos)
                : Map.of("outcome", outcome, "elapsedNanos", elapsedNanos));
    }

    private synchronized void send(Object message) {
        try {
            out.println(json.writeValueAsString(message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.flush();
    }
}
