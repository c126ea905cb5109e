package io.throng.cli;

import io.throng.net.Signals;
import io.throng.packet.bridge.Bridge;
import io.throng.packet.bridge.BridgeOptions;
import io.throng.packet.capture.PrivilegeException;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code throng bridge}: joins interfaces into one Ethernet segment with a learning bridge in user
 * space ({@link Bridge}), until Ctrl-C or SIGTERM; the counters on stderr at the end, on SIGUSR1 and
 * every {@code --stats-interval}.
 */
@Command(name = "bridge", mixinStandardHelpOptions = true,
        description = {"Bridge Linux interfaces at layer 2 in user space (AF_PACKET, promiscuous; needs CAP_NET_RAW).",
            "Learns which interface each source MAC is behind, forwards known unicast there and floods the rest. "
                + "Counters go to stderr at the end, on SIGUSR1 and every --stats-interval. Ctrl-C stops."})
final class BridgeCommand implements Callable<Integer> {
    @Parameters(arity = "2..*", paramLabel = "IFACE", description = "Interfaces to join (two or more).")
    List<String> interfaces;

    @Option(names = "--max-macs", paramLabel = "N", defaultValue = "" + BridgeOptions.DEFAULT_MAX_MACS,
            description = "At most N stations in the MAC table; the least recently heard is evicted (default: ${DEFAULT-VALUE}).")
    int maxMacs;

    @Option(names = "--aging", paramLabel = "DURATION", defaultValue = "300s", converter = DurationConverter.class,
            description = "Forget a station not heard from for this long (default: ${DEFAULT-VALUE}).")
    Duration aging;

    @Option(names = "--stats-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Print the counters this often (default: only at the end and on SIGUSR1).")
    Duration statsInterval;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        BridgeOptions options;
        try {
            options = new BridgeOptions(maxMacs, aging, System::nanoTime);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (statsInterval != null && (statsInterval.isNegative() || statsInterval.isZero())) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--stats-interval must be positive");
        }
        if (Set.copyOf(interfaces).size() != interfaces.size()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "each interface may be named once: " + interfaces);
        }
        PrintWriter err = spec.commandLine().getErr();
        CountDownLatch stop = new CountDownLatch(1);
        try (Bridge bridge = start(options)) {
            Signals.on("INT", stop::countDown);
            Signals.on("TERM", stop::countDown);
            Signals.on("USR1", () -> print(err, bridge));
            err.println("bridging " + String.join(", ", interfaces) + " (at most " + maxMacs + " MACs, aging " + aging.toSeconds() + " s)");
            err.flush();
            long every = statsInterval == null ? Long.MAX_VALUE : statsInterval.toNanos();
            while (!stop.await(every, TimeUnit.NANOSECONDS)) {
                print(err, bridge);
            }
            print(err, bridge);
        }
        return ExitCodes.OK;
    }

    private Bridge start(BridgeOptions options) {
        try {
            return Bridge.start(interfaces, options);
        } catch (PrivilegeException | UnsupportedOperationException e) {
            throw new EnvironmentException(e.getMessage(), e);
        } catch (IOException e) {
            throw new EnvironmentException("bridge: " + e.getMessage(), e);
        }
    }

    private static void print(PrintWriter err, Bridge bridge) {
        synchronized (err) {
            bridge.statistics().lines().forEach(err::println);
            err.flush();
        }
    }
}
