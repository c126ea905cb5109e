package io.throng.load.chat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The main class of a chat worker process started by {@link ChatFleet}. One JSON object per line: stdin brings
 * the {@link ChatWire.Spec}; stdout answers {@code {"ready":true}}; stdin brings {@code go}; stdout sends a
 * {@code {"sample":...}} every second, then {@code {"rooms":[...],"users":{...},"elapsedNanos":T}}. If stdin closes early the
 * worker stops: it never outlives its parent's interest.
 */
public final class ChatWorkerMain {
    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        ChatWire.Spec spec = json.readValue(in.readLine(), ChatWire.Spec.class);
        InetAddress source = spec.sourceAddress() == null ? null : InetAddress.getByName(spec.sourceAddress());
        ChatEngine engine = new ChatEngine(spec.scenario(), spec.process(), spec.threads(),
                InetAddress.getByName(spec.targetAddress()), source);
        out.println(json.writeValueAsString(Map.of("ready", true)));
        out.flush();
        if (!"go".equals(in.readLine())) {
            System.exit(0);
        }
        Thread.ofPlatform().daemon().start(() -> {
            try {
                while (in.readLine() != null) {
                    // only the end of stdin matters
                }
            } catch (IOException ignored) {
                // treat like end of stdin
            }
            engine.stop();
        });
        long elapsed = engine.run(sample -> {
            try {
                out.println(json.writeValueAsString(Map.of("sample", ChatWire.Sample.of(sample))));
                out.flush();
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        });
        out.println(json.writeValueAsString(Map.of("rooms", engine.rooms(), "users", engine.users(),
                "elapsedNanos", elapsed)));
        out.flush();
        System.exit(0);
    }

    private ChatWorkerMain() {}
}
