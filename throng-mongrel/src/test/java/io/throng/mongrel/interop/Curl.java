package io.throng.mongrel.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** curl as the HTTP client, always with a time limit; a running call can be awaited or killed. */
final class Curl implements AutoCloseable {

    private final Process process;
    private final CompletableFuture<byte[]> output;

    private Curl(Process process) {
        this.process = process;
        this.output = CompletableFuture.supplyAsync(() -> {
            try {
                return process.getInputStream().readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
    }

    static Curl start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-S", "-m", "20"));
        command.addAll(List.of(args));
        return new Curl(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start());
    }

    /** Runs curl to completion and returns what it printed. */
    static String run(String... args) throws Exception {
        try (Curl c = start(args)) {
            return c.text();
        }
    }

    byte[] bytes() throws Exception {
        byte[] out = output.get(30, TimeUnit.SECONDS);
        process.waitFor(5, TimeUnit.SECONDS);
        return out;
    }

    String text() throws Exception {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
    }
}
