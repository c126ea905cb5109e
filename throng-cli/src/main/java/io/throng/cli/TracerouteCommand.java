package io.throng.cli;

import io.throng.packet.probe.Traceroute;
import io.throng.packet.probe.TracerouteOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code throng traceroute}: parses traceroute's options and hands over to {@link Traceroute}. */
@Command(name = "traceroute", mixinStandardHelpOptions = true,
        description = {"Print the routers on the way to HOST: UDP probes to port 33434 and up (default) or ICMP echo (-I), IPv4 or IPv6, "
                + "with growing TTLs, answers read from a raw ICMP socket (needs CAP_NET_RAW).",
            "Exit code: 0 the trace ran, 2 an error, 3 no CAP_NET_RAW."})
final class TracerouteCommand implements Callable<Integer> {
    @CommandLine.Mixin
    ProbeTarget target;

    @Option(names = "-I", description = "ICMP echo probes instead of UDP.")
    boolean icmp;

    @Option(names = "-m", paramLabel = "MAX_TTL", defaultValue = "30", description = "Largest TTL to probe with (default: ${DEFAULT-VALUE}).")
    int maxTtl;

    @Option(names = "-f", paramLabel = "FIRST_TTL", defaultValue = "1", description = "TTL to start with (default: ${DEFAULT-VALUE}).")
    int firstTtl;

    @Option(names = "-q", paramLabel = "NQUERIES", defaultValue = "3", description = "Probes per hop (default: ${DEFAULT-VALUE}).")
    int queries;

    @Option(names = "-w", paramLabel = "WAIT", defaultValue = "5", converter = SecondsConverter.class,
            description = "Seconds to wait for each probe's answer (default: ${DEFAULT-VALUE}).")
    Duration probeWait;

    @Option(names = "-p", paramLabel = "PORT", defaultValue = "33434", description = "First UDP destination port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "-n", description = "Print addresses only, without looking up names.")
    boolean numeric;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PACKETLEN", description = "Whole probe packet length in bytes (default: 60, 80 over IPv6).")
    Integer packetLength;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        InetAddress destination;
        TracerouteOptions options;
        try {
            destination = target.resolve(spec.commandLine());
            TracerouteOptions defaults = TracerouteOptions.to(destination, icmp);
            options = new TracerouteOptions(destination, icmp, firstTtl, maxTtl, queries, probeWait, port,
                    packetLength == null ? defaults.packetLength() : packetLength);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        } catch (IOException e) {
            return ProbeTarget.failed(err, "traceroute", e);
        }
        try (Traceroute trace = ProbeTarget.privileged(() -> Traceroute.open(options, line -> {
            out.println(line);
            out.flush();
        }, numeric))) {
            trace.run();
            return ExitCodes.OK;
        } catch (IOException e) {
            return ProbeTarget.failed(err, "traceroute", e);
        }
    }
}
