package io.throng.net.udp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Real UDP peers for the tests: Debian's /usr/bin/python3 running a short script. */
final class Peers {
    static final String PYTHON = "/usr/bin/python3";

    private Peers() {}

    /** Starts {@code script} under /usr/bin/python3 and returns once it printed its first line (e.g. its port). */
    static Started python(String script, String... args) throws IOException {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            throw new AssertionError(PYTHON + " is missing: install Debian's python3 (.ci/run lists it)");
        }
        String[] cmd = new String[args.length + 3];
        cmd[0] = PYTHON;
        cmd[1] = "-c";
        cmd[2] = script;
        System.arraycopy(args, 0, cmd, 3, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        if (first == null) {
            throw new AssertionError("python peer printed nothing; exit " + exit(p));
        }
        return new Started(p, out, first);
    }

    private static String exit(Process p) {
        try {
            return p.waitFor(10, TimeUnit.SECONDS) ? String.valueOf(p.exitValue()) : "still running";
        } catch (InterruptedException e) {
            return "interrupted";
        }
    }

    record Started(Process process, BufferedReader out, String firstLine) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
