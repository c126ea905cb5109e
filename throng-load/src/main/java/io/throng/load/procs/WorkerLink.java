package io.throng.load.procs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.throng.load.Sample;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A worker process's side of the {@link Fleet} protocol, for workers of any load kind: read the spec, say
 * ready, wait for {@code go}, stream samples, report the elapsed time. The parent going away (stdin ending)
 * runs the worker's stop action, so no worker outlives its parent's interest.
 */
public final class WorkerLink {
    private final ObjectMapper json = new ObjectMapper();
    private final PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    private final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

    /** The spec the parent sent as the first line. */
    public <T> T spec(Class<T> type) throws IOException {
        String line = in.readLine();
        if (line == null) {
            throw new IOException("the parent sent no spec");
        }
        return json.readValue(line, type);
    }

    /**
     * Reports {@code connected} connections and waits for the parent's {@code go}; returns false if the parent
     * gave up instead. After {@code go}, {@code onParentGone} runs when stdin ends.
     */
    public boolean ready(int connected, Runnable onParentGone) throws IOException {
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
    public void sample(Sample s) {
        send(Map.of("sample", WireSample.of(s)));
    }

    /** Reports the measured phase's length: the last thing a worker says. */
    public void elapsed(long nanos) {
        send(Map.of("elapsedNanos", nanos));
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
