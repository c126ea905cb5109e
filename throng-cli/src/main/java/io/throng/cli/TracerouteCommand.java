package io.throng.cli;

import io.throng.packet.capture.PrivilegeException;
import io.throng.packet.probe.Traceroute;
import io.throng.packet.probe.TracerouteOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code throng traceroute}: parses traceroute's options and hands over to {@link Traceroute}. */
@Command(name = "traceroute", mixinStandardHelpOptions = true,
        description = {"Print the routers on the way to HOST: UDP probes to port 33434 and up (default, IPv4) or ICMP echo (-I, IPv4 and IPv6) "
                + "with growing TTLs, answers read from a raw ICMP socket (needs CAP_NET_RAW).",
            "Exit code: 0 the trace ran, 2 an error, 3 no CAP_NET_RAW."})
final class TracerouteCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "HOST", description = "Address or name to trace to.")
    String host;

    @Option(names = "-4", description = "IPv4 only.")
    boolean v4;

    @Option(names = "-6", description = "IPv6 only (with -I).")
    boolean v6;

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
        if (v4 && v6) {
            throw new CommandLine.ParameterException(spec.commandLine(), "-4 and -6 exclude each other");
        }
        InetAddress destination;
        TracerouteOptions options;
        try {
            destination = ProbeTarget.resolve(host, v4, v6);
            if (destination instanceof Inet6Address && !icmp) {
                throw new IllegalArgumentException("UDP probes over IPv6 are not built: use ICMP probes (-I)");
            }
            TracerouteOptions defaults = TracerouteOptions.to(destination, icmp);
            options = new TracerouteOptions(destination, icmp, firstTtl, maxTtl, queries, probeWait, port,
                    packetLength == null ? defaults.packetLength() : packetLength);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        } catch (IOException e) {
            return failed(err, e);
        }
        try (Traceroute trace = open(options, line -> {
            out.println(line);
            out.flush();
        })) {
            trace.run();
            return ExitCodes.OK;
        } catch (IOException e) {
            return failed(err, e);
        }
    }

    private Traceroute open(TracerouteOptions options, java.util.function.Consumer<String> lines) throws IOException {
        try {
            return Traceroute.open(options, lines, numeric);
        } catch (PrivilegeException | UnsupportedOperationException e) {
            throw new EnvironmentException(e.getMessage(), e);
        }
    }

    private static int failed(PrintWriter err, IOException e) {
        err.println("throng: traceroute: " + ExitCodes.describe(e));
        err.flush();
        return ExitCodes.USAGE; // 2, as traceroute exits on errors
    }
}
