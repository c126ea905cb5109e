package io.throng.net.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A real TLS client run as a process (openssl, curl, Debian's python): its exit code and all it printed. */
record Peer(int exit, String output) {

    /** Runs {@code command}, writes {@code input} to it, then keeps its input open for {@code holdMillis} before closing it. */
    static Peer run(List<String> command, String input, long holdMillis) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        try (OutputStream in = p.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.UTF_8));
            in.flush();
            p.waitFor(holdMillis, TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            // The peer ended before reading all its input: its output says why.
        }
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not end; it printed:\n" + output.getNow(""));
        }
        return new Peer(p.exitValue(), output.get(5, TimeUnit.SECONDS));
    }

    static Peer run(List<String> command, String input) throws Exception {
        return run(command, input, 0);
    }
}
