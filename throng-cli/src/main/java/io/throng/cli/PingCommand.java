package io.throng.cli;

import io.throng.net.Signals;
import io.throng.packet.capture.IcmpSocket;
import io.throng.packet.probe.Ping;
import io.throng.packet.probe.PingOptions;
import io.throng.packet.probe.PingStatistics;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.Inet6Address;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code throng ping}: iputils' ping over a raw ICMP socket. Parses options, opens the socket and
 * hands over to {@link Ping}; the exit code is iputils': 0 some reply, 1 none, 2 another error, and
 * Throng's 3 without CAP_NET_RAW.
 */
@Command(name = "ping", mixinStandardHelpOptions = true,
        description = {"Send ICMP echo requests over a raw socket (needs CAP_NET_RAW) and report replies, errors and round trips as iputils' ping does.",
            "Exit code: 0 some reply came, 1 none (or fewer than -c by the -w deadline), 2 another error, 3 no CAP_NET_RAW."})
final class PingCommand implements Callable<Integer> {
    @CommandLine.Mixin
    ProbeTarget target;

    @Option(names = "-c", paramLabel = "COUNT", defaultValue = "0", description = "Stop after COUNT requests (default: until Ctrl-C).")
    int count;

    @Option(names = "-i", paramLabel = "INTERVAL", defaultValue = "1", converter = SecondsConverter.class,
            description = "Seconds between requests (default: ${DEFAULT-VALUE}; at least 0.002).")
    Duration interval;

    @Option(names = "-s", paramLabel = "SIZE", defaultValue = "56", description = "Data bytes per request (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "-t", paramLabel = "TTL", defaultValue = "64", description = "IP time to live / hop limit (default: ${DEFAULT-VALUE}).")
    int ttl;

    @Option(names = "-W", paramLabel = "TIMEOUT", defaultValue = "10", converter = SecondsConverter.class,
            description = "Seconds to wait for replies after the last request (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "-w", paramLabel = "DEADLINE", converter = SecondsConverter.class,
            description = "Seconds before ping exits whatever was sent or received; with -c, it sends until COUNT replies came.")
    Duration deadline;

    @Option(names = "-q", description = "Quiet: only the first line and the statistics.")
    boolean quiet;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        if (interval.compareTo(Duration.ofMillis(2)) < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "-i below 0.002 s would flood");
        }
        PingOptions options;
        try {
            options = PingOptions.to(target.resolve(spec.commandLine())).withCount(count).withInterval(interval).withSize(size).withTtl(ttl)
                    .withTimeout(timeout).withDeadline(deadline);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        } catch (IOException e) {
            return ProbeTarget.failed(err, "ping", e);
        }
        try (IcmpSocket socket = ProbeTarget.privileged(() -> IcmpSocket.open(options.destination() instanceof Inet6Address))) {
            Ping ping = new Ping(socket, options, line -> {
                out.println(line);
                out.flush();
            }, quiet);
            Signals.on("INT", ping::stop);
            PingStatistics stats = ping.run();
            boolean enough = stats.received() > 0 && !(count > 0 && deadline != null && stats.received() < count);
            return enough ? ExitCodes.OK : ExitCodes.FAILURE;
        } catch (IOException e) {
            return ProbeTarget.failed(err, "ping", e);
        }
    }
}
