package io.throng.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real {@code ./throng} launcher as a user would on a fresh machine: JAVA_HOME unset and the
 * default {@code java} on PATH older than 25. Runs after {@code package}, so the jar is fresh and the
 * launcher does not rebuild.
 */
class LauncherIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    record Result(int exit, String out, String err) {}

    private static Result launch(Map<String, String> extraEnv, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(ROOT.resolve("throng").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile());
        Map<String, String> env = pb.environment();
        env.remove("JAVA_HOME");
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.putAll(extraEnv);
        Path out = Files.createTempFile("throng-out", ".txt");
        Path err = Files.createTempFile("throng-err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "launcher finished");
        Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    @Test
    void helpWorksWithoutJavaHome() throws Exception {
        Result r = launch(Map.of(), "--help");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("Commands:"), r.out());
        assertTrue(r.out().contains("version"), r.out());
    }

    @Test
    void versionFindsJdk25ByItself() throws Exception {
        Result r = launch(Map.of(), "version");
        assertEquals(0, r.exit(), r.err());
        String jdkLine = r.out().lines().filter(l -> l.startsWith("jdk")).findFirst().orElseThrow();
        int feature = Integer.parseInt(jdkLine.replaceAll("^jdk\\s+(\\d+).*", "$1"));
        assertTrue(feature >= 25, jdkLine);
    }

    @Test
    void noJdk25SaysSoInOneLineAndFails() throws Exception {
        Result r = launch(Map.of("THRONG_JDK_SEARCH", "/nonexistent/*"), "version");
        assertNotEquals(0, r.exit());
        assertEquals("", r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("no JDK >= 25"), r.err());
    }

    private static final Pattern URL = Pattern.compile("(https?://[^/ ]+:\\d+)/");
    private static final Pattern GC_LABEL = Pattern.compile("^jvm_gc_collection_seconds_count\\{gc=\"([^\"]+)\"", Pattern.MULTILINE);

    @TempDir
    Path dir;

    /**
     * Starts {@code ./throng args...} on port 0 and returns the collectors its JVM runs, as {@code /metrics} names
     * them (the GC MXBeans: "G1 Young Generation", "ZGC Minor Cycles", "PS Scavenge", "Copy"...). This is the
     * collector of the running process, whatever the launcher meant to pass.
     */
    private Set<String> collectorsOf(Map<String, String> extraEnv, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(ROOT.resolve("throng").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(extraEnv);
        Process p = pb.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            String base = null;
            for (String line; base == null && (line = out.readLine()) != null; ) { // null: the JVM did not start
                seen.append(line).append('\n');
                Matcher m = URL.matcher(line);
                if (m.find()) {
                    base = m.group(1).replace("localhost", "127.0.0.1");
                }
            }
            assertNotNull(base, "no URL printed: " + seen);
            Thread.ofVirtual().start(() -> out.lines().forEach(l -> { }));
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
                    .timeout(java.time.Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            Set<String> names = new TreeSet<>();
            Matcher m = GC_LABEL.matcher(r.body());
            while (m.find()) {
                names.add(m.group(1));
            }
            assertFalse(names.isEmpty(), r.body());
            return names;
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void chatRunsWithTheCollectorChosenForIt() throws Exception {
        Set<String> gcs = collectorsOf(Map.of(), "chat", "--port", "0", "--data", dir.resolve("data").toString());
        assertTrue(gcs.stream().allMatch(n -> n.startsWith("PS ")), gcs.toString());
    }

    @Test
    void serveRunsWithTheCollectorChosenForIt() throws Exception {
        Set<String> gcs = collectorsOf(Map.of(), "serve", "--port", "0", "--dir", dir.toString());
        assertTrue(gcs.stream().allMatch(n -> n.startsWith("G1 ")), gcs.toString());
    }

    @Test
    void aCollectorInThrongJavaOptsReplacesTheDefault() throws Exception {
        // Two collectors on one command line make the JVM refuse to start: the launcher must drop its own.
        Set<String> gcs = collectorsOf(Map.of("THRONG_JAVA_OPTS", "-XX:+UseSerialGC -Xss1m"),
                "chat", "--port", "0", "--data", dir.resolve("data").toString());
        assertEquals(Set.of("Copy", "MarkSweepCompact"), gcs);
    }

    /**
     * THRONG_JAVA_OPTS reaches java before the jar, after the command's measured defaults (bench-server: a lean
     * G1), and for a command without measured defaults (load) the launcher adds no option of its own. A stand-in JDK 25 whose java prints its arguments shows what the launcher ran.
     */
    @Test
    void throngJavaOptsGoBeforeTheJarAndNothingElseIsAdded() throws Exception {
        Path jdk = Files.createTempDirectory("fake-jdk");
        try {
            Files.createDirectories(jdk.resolve("bin"));
            Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"25.0.1\"\n");
            for (String tool : List.of("java", "javac")) {
                Path bin = jdk.resolve("bin").resolve(tool);
                Files.writeString(bin, "#!/bin/sh\necho \"ARGS $*\"\n");
                bin.toFile().setExecutable(true);
            }
            Path jar = Files.createTempFile(jdk, "throng", ".jar");
            Map<String, String> env = Map.of("THRONG_JDK_SEARCH", jdk.toString(), "THRONG_JAR", jar.toString());

            String lean = "-Xms64m -XX:GCTimeRatio=4 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30";
            assertEquals("ARGS " + lean + " -jar " + jar + " bench-server --port 1",
                    launch(env, "bench-server", "--port", "1").out().strip());
            assertEquals("ARGS -jar " + jar + " load http", launch(env, "load", "http").out().strip());
            Map<String, String> replaced = new java.util.HashMap<>(env);
            replaced.put("THRONG_JAVA_OPTS", "-Dx=1");
            assertEquals("ARGS " + lean + " -Dx=1 -jar " + jar + " bench-server", launch(replaced, "bench-server").out().strip());
            assertEquals("ARGS -Dx=1 -jar " + jar + " load", launch(replaced, "load").out().strip());
            replaced.put("THRONG_JAVA_OPTS", "");
            assertEquals("ARGS -jar " + jar + " load", launch(replaced, "load").out().strip());
        } finally {
            try (var files = Files.walk(jdk)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
