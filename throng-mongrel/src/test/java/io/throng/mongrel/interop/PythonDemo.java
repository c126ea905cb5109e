package io.throng.mongrel.interop;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** examples/python/demo.py run by Debian's /usr/bin/python3; close() stops it (stdin EOF, then kill). */
final class PythonDemo implements AutoCloseable {

    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final Path EXAMPLES = Path.of("..", "examples", "python").toAbsolutePath().normalize();

    private final Process process;

    private PythonDemo(Process process) {
        this.process = process;
    }

    static void assumePythonZmq() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), "/usr/bin/python3 is not installed");
        Process probe = new ProcessBuilder(PYTHON.toString(), "-c", "import zmq")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assumeTrue(probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0,
                "python3-zmq is not installed (apt-get install python3-zmq; .ci/run does this)");
    }

    /** Starts demo.py and returns once it printed "ready" (its reply path is live). */
    static PythonDemo start(String requests, String replies) throws Exception {
        assumePythonZmq();
        Process p = new ProcessBuilder(PYTHON.toString(), "demo.py", requests, replies)
                .directory(EXAMPLES.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        PythonDemo demo = new PythonDemo(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        try {
            String first = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    return null;
                }
            }).get(30, TimeUnit.SECONDS);
            if (!"ready".equals(first)) {
                throw new AssertionError("demo.py did not start: " + first);
            }
        } catch (Exception | Error e) {
            demo.close();
            throw e;
        }
        return demo;
    }

    /** Kills the handler process at once, as a crash would. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // already gone
        }
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
