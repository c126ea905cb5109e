package io.throng.websocket;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real peer in another process (Python's websockets, Node's ws). Its stdout lines are collected;
 * closing the process closes its stdin, which the peer scripts take as "stop", then it is killed if
 * it has not gone within five seconds.
 */
final class PeerProcess implements AutoCloseable {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final Path TEST_DIR = Path.of("src", "test");

    final Process process;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder transcript = new StringBuilder();

    PeerProcess(List<String> command, Path dir) throws IOException {
        process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (transcript) {
                        transcript.append(line).append('\n');
                    }
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
    }

    /** The next line the peer prints, waiting at most ten seconds. */
    String nextLine() throws InterruptedException {
        String line = lines.poll(10, TimeUnit.SECONDS);
        if (line == null) {
            throw new AssertionError("peer printed nothing within 10 s; output so far:\n" + transcript());
        }
        return line;
    }

    String transcript() {
        synchronized (transcript) {
            return transcript.toString();
        }
    }

    /** Waits for the peer to exit by itself; its exit code. */
    int awaitExit(int seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("peer still running after " + seconds + " s; output:\n" + transcript());
        }
        return process.exitValue();
    }

    @Override
    public void close() throws Exception {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // already gone
        }
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** Installs the Node peer's locked dependencies once, if node_modules is missing. */
    static void npmInstall(Path dir) throws Exception {
        npmInstall(dir, "ws");
    }

    /** Installs the locked dependencies of {@code dir} once, if {@code node_modules/module} is missing. */
    static synchronized void npmInstall(Path dir, String module) throws Exception {
        if (Files.isDirectory(dir.resolve("node_modules").resolve(module))) {
            return;
        }
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(dir.toFile())
                .redirectErrorStream(true).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        if (!npm.waitFor(180, TimeUnit.SECONDS)) {
            npm.destroyForcibly();
            throw new AssertionError("npm ci took more than 180 s");
        }
        if (npm.exitValue() != 0) {
            throw new AssertionError("npm ci failed:\n" + out.get());
        }
    }
}
