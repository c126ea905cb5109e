package io.throng.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code throng chat --store URL} node as a real process (a JVM of its own), on {@code host}, its port
 * read from the start-up line. Killed with SIGKILL by {@link #kill}; {@link #close} ends it whatever state
 * it is in.
 */
final class ChatNode implements AutoCloseable {
    private static final Pattern PORT = Pattern.compile("serving http://[^ ]*:(\\d+)/");

    final String host;
    final Process process;
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final int port;

    /** Starts a node; {@code prefix} runs it under another command (e.g. {@code ip netns exec NS}). */
    ChatNode(String host, String store, Path data, List<String> prefix, String... extra) throws Exception {
        this.host = host;
        List<String> args = new ArrayList<>(List.of("chat", "--host", host, "--port", "0", "--data", data.toString(),
                "--store", store, "--rate", "2000", "--burst", "2000"));
        args.addAll(List.of(extra));
        process = CliProcesses.cliWith(lines, prefix, args.toArray(String[]::new));
        String serving;
        try {
            serving = CliProcesses.await(lines, "throng chat: serving");
        } catch (AssertionError e) {
            process.destroyForcibly();
            throw new AssertionError("node on " + host + " did not start: " + String.join("\n", lines), e);
        }
        Matcher m = PORT.matcher(serving);
        if (!m.find()) {
            process.destroyForcibly();
            throw new AssertionError(serving);
        }
        port = Integer.parseInt(m.group(1));
    }

    URI ws() {
        return URI.create("ws://" + host + ":" + port + "/ws");
    }

    int port() {
        return port;
    }

    /** SIGKILL: no shutdown hook, no goodbye to its clients or to PostgreSQL. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new AssertionError("node on " + host + " survived SIGKILL");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }
}
