package io.throng.mongrel.interop;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** examples/python/demo.py (Debian's python3-zmq, /usr/bin/python3) serving through a real Mongrel2. */
class PythonHandlerBehindMongrel2Test extends InteropScenarios {

    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final Path EXAMPLES = Path.of("..", "examples", "python").toAbsolutePath().normalize();

    @Override
    String protocol() {
        return "tnetstring";
    }

    @Override
    AutoCloseable startHandler(Mongrel2.Endpoints e) throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), "/usr/bin/python3 is not installed");
        Process probe = new ProcessBuilder(PYTHON.toString(), "-c", "import zmq").start();
        assumeTrue(probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0,
                "python3-zmq is not installed (apt-get install python3-zmq; .ci/run does this)");
        Process p = new ProcessBuilder(PYTHON.toString(), "demo.py", e.requests(), e.replies())
                .directory(EXAMPLES.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first;
        try {
            first = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (java.io.IOException ex) {
                    return null;
                }
            }).get(30, TimeUnit.SECONDS);
        } catch (Exception ex) {
            p.destroyForcibly();
            throw ex;
        }
        if (!"ready".equals(first)) {
            p.destroyForcibly();
            throw new AssertionError("demo.py did not start: " + first);
        }
        return () -> {
            p.getOutputStream().close(); // stdin EOF asks it to stop
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        };
    }
}
