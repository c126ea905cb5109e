package io.throng.mongrel.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs examples/python/test_throng_handler.py (captured bytes, binary safety, hostile input) under /usr/bin/python3. */
class PythonModuleTest {

    @Test
    void pythonUnitTestsPass() throws Exception {
        PythonDemo.assumePythonZmq();
        Process p = new ProcessBuilder(PythonDemo.PYTHON.toString(), "-m", "unittest", "-v", "test_throng_handler")
                .directory(PythonDemo.EXAMPLES.toFile()).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(60, TimeUnit.SECONDS);
            assertEquals(0, p.exitValue(), out);
        } finally {
            p.destroyForcibly();
        }
    }
}
