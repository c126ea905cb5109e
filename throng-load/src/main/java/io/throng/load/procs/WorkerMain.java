package io.throng.load.procs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.throng.load.http.HttpEngine;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The main class of a worker process started by {@link Fleet}. Protocol, one JSON object per line:
 * stdin brings the {@link WorkerSpec}; stdout answers {@code {"ready":N}} once its connections are open; stdin
 * brings {@code go}; stdout sends a {@code {"sample":...}} every second and finally {@code {"elapsedNanos":T}}.
 * If stdin closes early (the parent died or gave up), the worker stops: it never outlives its parent's interest.
 */
public final class WorkerMain {
    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false,
                StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        WorkerSpec spec = json.readValue(in.readLine(), WorkerSpec.class);
        InetAddress source = spec.sourceAddress() == null ? null : InetAddress.getByName(spec.sourceAddress());
        try (HttpEngine engine = new HttpEngine(spec.workload(), spec.shape(),
                InetAddress.getByName(spec.targetAddress()), source)) {
            int connected = engine.connect();
            out.println(json.writeValueAsString(Map.of("ready", connected)));
            out.flush();
            if (!"go".equals(in.readLine())) {
                return;
            }
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    while (in.readLine() != null) {
                        // the parent has nothing more to say; only the end of stdin matters
                    }
                } catch (java.io.IOException ignored) {
                    // treat like end of stdin
                }
                engine.stop();
            });
            long elapsed = engine.measure(sample -> {
                try {
                    out.println(json.writeValueAsString(Map.of("sample", WireSample.of(sample))));
                    out.flush();
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            });
            out.println(json.writeValueAsString(Map.of("elapsedNanos", elapsed)));
            out.flush();
        }
        System.exit(0);
    }

    private WorkerMain() {}
}
