package io.throng.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One program from examples/ started the way its header comment tells a reader to run it: a {@code .java}
 * file by the JDK's source launcher (with Throng on the class path), a {@code .py} file by Debian's
 * {@code /usr/bin/python3}, a {@code .go} file built by {@code go build} first. Its standard output is
 * read line by line on a thread of its own, so a test can wait for a line with a deadline.
 */
final class ExampleProcess implements AutoCloseable {

    /** The examples/ folder: surefire runs this module's tests in it. */
    static final Path EXAMPLES = Path.of("").toAbsolutePath();

    private static final String EOF = "\u0000eof";

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Path stderr;

    private ExampleProcess(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        Thread.ofVirtual().start(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process was killed mid-line: what was read is all there is
            } finally {
                lines.add(EOF);
            }
        });
    }

    /** Starts {@code file} (relative to examples/) with {@code args}. */
    static ExampleProcess start(String file, String... args) throws IOException, InterruptedException {
        Path source = EXAMPLES.resolve(file);
        if (!Files.isRegularFile(source)) {
            throw new IllegalArgumentException("no example " + source);
        }
        List<String> command = new ArrayList<>();
        String name = source.getFileName().toString();
        if (name.endsWith(".java")) {
            command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    source.toString()));
        } else if (name.endsWith(".py")) {
            command.addAll(List.of(require(Path.of("/usr/bin/python3"), "python3"), source.toString()));
        } else if (name.endsWith(".go")) {
            command.add(buildGo(source).toString());
        } else {
            throw new IllegalArgumentException("no way to run " + name);
        }
        command.addAll(List.of(args));
        Path stderr = Files.createTempFile("example-", ".err");
        Process process = new ProcessBuilder(command).directory(source.getParent().toFile())
                .redirectError(stderr.toFile()).start();
        return new ExampleProcess(process, stderr);
    }

    /** The next line of output; fails the test if none comes in time or the program ended. */
    String nextLine(Duration timeout) throws InterruptedException, IOException {
        String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null || line.equals(EOF)) {
            throw new AssertionError((line == null ? "no output within " + timeout : "the program ended")
                    + "; its stderr:\n" + Files.readString(stderr));
        }
        return line;
    }

    /** Waits for the program to end by itself; its remaining output, then the exit code as the last element. */
    Finished awaitExit(Duration timeout) throws InterruptedException, IOException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + timeout + "; its stderr:\n" + Files.readString(stderr));
        }
        List<String> rest = new ArrayList<>();
        for (String line; !(line = lines.take()).equals(EOF); ) {
            rest.add(line);
        }
        return new Finished(rest, process.exitValue(), Files.readString(stderr));
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String stderr() throws IOException {
        return Files.readString(stderr);
    }

    /** What a program printed after the last line already taken, its exit code and its stderr. */
    record Finished(List<String> lines, int exitCode, String stderr) {}

    @Override
    public void close() throws IOException, InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        Files.deleteIfExists(stderr);
    }

    private static String require(Path program, String what) {
        if (!Files.isExecutable(program)) {
            throw new AssertionError(program + " is missing: install " + what + " (.ci/run does)");
        }
        return program.toString();
    }

    /** Builds {@code source} into a temporary directory, as GOPATH mode (Debian's Go 1.19 has no module proxy here). */
    private static Path buildGo(Path source) throws IOException, InterruptedException {
        String go = require(Path.of("/usr/bin/go"), "golang-go");
        Path out = Files.createTempDirectory("example-go-").resolve(source.getFileName().toString().replace(".go", ""));
        ProcessBuilder build = new ProcessBuilder(go, "build", "-o", out.toString(), source.toString())
                .directory(source.getParent().toFile()).redirectErrorStream(true);
        build.environment().put("GO111MODULE", "off");
        build.environment().putIfAbsent("GOCACHE", Path.of(System.getProperty("java.io.tmpdir"), "throng-go-cache").toString());
        Process p = build.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("go build " + source + " failed:\n" + output);
        }
        return out;
    }
}
