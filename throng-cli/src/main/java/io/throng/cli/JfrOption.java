package io.throng.cli;

import io.throng.net.Prefork;
import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.List;
import java.util.regex.Pattern;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --jfr FILE} of a server command: a flight recording of Throng's events and the JDK's "default"
 * settings, written to FILE when the server has drained. A pre-fork worker writes {@code FILE-PID.jfr}
 * beside it, so that the master and each worker keep their own. The events that come once per request or
 * message are throttled, as the JDK throttles its own frequent events: a chat at 300,000 deliveries a second
 * would otherwise write 7.5 MB of them a second. Which events those are, and their rate, is said once, by the
 * {@code @Throttle} on each event's class. {@code --jfr-rate} overrides the rate by giving every Throng event
 * a {@code throttle} setting: JFR ignores a setting an event does not declare, so the others stay unthrottled.
 */
final class JfrOption {
    /** Throng's events, enabled by name (a settings file does not know them). docs/operations.md lists them. */
    static final List<String> EVENTS = List.of("throng.ConnectionAccepted", "throng.ConnectionClosed",
            "throng.HttpRequest", "throng.WebSocketMessage", "throng.ChatStoreCommit", "throng.ChatFanOut",
            "throng.ChatSlowConsumer", "throng.GatewayRequest");
    private static final Pattern RATE = Pattern.compile("off|[1-9][0-9]{0,9}/(s|m|h)");

    @Option(names = "--jfr", paramLabel = "FILE",
            description = "Record Throng's JFR events and the JDK's default ones; written to FILE on shutdown.")
    private Path file;

    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    private String rate;

    /** Null: each event's own {@code @Throttle}. */
    @Option(names = "--jfr-rate", paramLabel = "RATE",
            description = "With --jfr: at most RATE events of each per-request or per-message kind (N/s, N/m, N/h), "
                    + "or off to record every one (default: the rate each event declares, docs/operations.md).")
    private void rate(String value) {
        if (!RATE.matcher(value).matches()) {
            throw new ParameterException(mixee.commandLine(), "--jfr-rate: expected N/s, N/m, N/h or off, got " + value);
        }
        rate = value;
    }

    private Recording recording;

    /** Starts the recording if {@code --jfr} was given; call before the server starts. */
    void start() {
        if (file == null) {
            return;
        }
        Path target = Prefork.isWorker() ? workerFile(file) : file;
        try {
            recording = new Recording(Configuration.getConfiguration("default"));
        } catch (IOException | ParseException e) {
            throw new EnvironmentException("cannot read the JDK's default JFR settings: " + e.getMessage());
        }
        for (String event : EVENTS) {
            var setting = recording.enable(event);
            if (rate != null) {
                setting.with("throttle", rate);
            }
        }
        recording.setName("throng");
        try {
            // A destination also makes the JVM write the file if it exits without our stop().
            recording.setDestination(target.toAbsolutePath());
        } catch (IOException e) {
            throw new EnvironmentException("cannot write the JFR recording to " + target + ": " + e.getMessage());
        }
        recording.start();
    }

    /**
     * Stops the recording and writes its file; call once the server has drained, so that the last
     * connections' events are in it. The JDK's own shutdown hook may have stopped it already: then the
     * file is written and this does nothing.
     */
    void stop() {
        if (recording == null) {
            return;
        }
        try {
            recording.stop();
        } catch (IllegalStateException alreadyStopped) {
            // Stopped (and written) by the JVM's JFR shutdown hook.
        }
    }

    static Path workerFile(Path file) {
        String name = file.getFileName().toString();
        String stem = name.endsWith(".jfr") ? name.substring(0, name.length() - 4) : name;
        return file.resolveSibling(stem + "-" + ProcessHandle.current().pid() + ".jfr");
    }
}
