package io.throng.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The CLI run as a real process, its output read line by line, and the real peers the tests talk to it with. */
final class CliProcesses {
    private CliProcesses() {}

    /** Starts the CLI in a JVM of its own; its stdout and stderr lines go to {@code lines}. */
    static Process cli(BlockingQueue<String> lines, String... args) throws IOException {
        return cliWith(lines, List.of(), args);
    }

    /** As {@link #cli}, run under {@code prefix} (e.g. {@code ip netns exec NAME}). */
    static Process cliWith(BlockingQueue<String> lines, List<String> prefix, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(System.getProperty("java.home") + "/bin/java",
                "-Xmx128m", "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return peer(lines, cmd.toArray(String[]::new));
    }

    /** Starts {@code cmd}; its stdout and stderr lines go to {@code lines}. */
    static Process peer(BlockingQueue<String> lines, String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // The process ended.
            }
        });
        return p;
    }

    /** The lines that came, up to the first 2 s without one (the reader thread may trail the process's exit). */
    static List<String> drain(BlockingQueue<String> lines) throws InterruptedException {
        List<String> out = new ArrayList<>();
        for (String l; (l = lines.poll(2, TimeUnit.SECONDS)) != null; ) {
            out.add(l);
        }
        return out;
    }

    /**
     * Runs the CLI with {@code args} as root stripped of CAP_NET_RAW and CAP_NET_ADMIN (out of the
     * bounding set, so exec leaves it neither): it must say in one line that it needs CAP_NET_RAW and exit 3.
     */
    static void assertNeedsCapNetRaw(String... args) throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Process p = cliWith(lines, List.of("setpriv", "--bounding-set", "-net_raw,-net_admin", "--inh-caps=-all"), args);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        List<String> out = drain(lines);
        assertEquals(ExitCodes.ENVIRONMENT, p.exitValue(), String.join("\n", out));
        assertEquals(1, out.size(), String.join("\n", out));
        assertTrue(out.getFirst().contains("needs CAP_NET_RAW"), out.getFirst());
    }

    /** The next line containing {@code fragment}, within 60 seconds. */
    static String await(BlockingQueue<String> lines, String fragment) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        List<String> passed = new ArrayList<>(); // what the process said instead: the failure's diagnosis
        while (true) {
            String line = lines.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("no output line containing '" + fragment + "' within 60 s; the last lines: "
                        + passed.subList(Math.max(0, passed.size() - 20), passed.size()));
            }
            if (line.contains(fragment)) {
                return line;
            }
            passed.add(line);
        }
    }

    /** A fresh EC key and self-signed certificate for 127.0.0.1, as PEM files made by openssl (never committed). */
    static void makeCertificate(Path cert, Path key, String name) throws Exception {
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-nodes", "-keyout", key.toString(), "-out", cert.toString(), "-days", "30", "-subj", "/CN=" + name,
                "-addext", "subjectAltName=IP:127.0.0.1").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
    }

    /** curl over https trusting only {@code trust}, with {@code options} (e.g. -i): what it printed, or its error. */
    static String curl(int port, Path trust, String path, String... options) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "10", "--cacert", trust.toString()));
        cmd.addAll(List.of(options));
        cmd.add("https://127.0.0.1:" + port + path);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return out;
    }
}
