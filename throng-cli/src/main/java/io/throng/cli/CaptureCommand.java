package io.throng.cli;

import io.throng.net.Signals;
import io.throng.packet.Summary;
import io.throng.packet.capture.CaptureStatistics;
import io.throng.packet.capture.PacketCapture;
import io.throng.packet.capture.PrivilegeException;
import io.throng.packet.filter.BpfProgram;
import io.throng.packet.filter.Filter;
import io.throng.packet.filter.FilterException;
import io.throng.packet.pcap.PcapWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code throng capture}: tcpdump's everyday job. Frames of one interface, filtered in the kernel,
 * written to a pcap or pcapng file or printed one line each; the kernel's drop count at the end.
 */
@Command(name = "capture", mixinStandardHelpOptions = true,
        description = {"Capture packets on a Linux interface (AF_PACKET; needs CAP_NET_RAW).",
            "FILTER is tcpdump's everyday vocabulary: host, src/dst host, net A/N, port, src/dst port, "
                + "tcp, udp, icmp, icmp6, arp, ip, ip6, and/or/not, parentheses. Ctrl-C stops."})
final class CaptureCommand implements Callable<Integer> {
    @Option(names = "-i", required = true, paramLabel = "IFACE", description = "Interface to capture on.")
    String iface;

    @Parameters(arity = "0..*", paramLabel = "FILTER", description = "Filter expression (its words may be separate arguments, as with tcpdump).")
    List<String> filter = List.of();

    @Option(names = "-w", paramLabel = "FILE", description = "Write frames to FILE: pcapng if its name ends in .pcapng, else pcap.")
    Path file;

    @Option(names = "-c", paramLabel = "COUNT", defaultValue = "0", description = "Stop after COUNT frames (default: until Ctrl-C).")
    long count;

    @Option(names = "-s", paramLabel = "SNAPLEN", defaultValue = "262144", description = "Keep at most SNAPLEN bytes of each frame (default: ${DEFAULT-VALUE}).")
    int snapLength;

    @Option(names = "--print", description = "Print the one-line summaries even when writing a file.")
    boolean print;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private volatile boolean stopping;

    @Override
    public Integer call() throws IOException {
        String expression = String.join(" ", filter);
        BpfProgram program;
        try {
            program = Filter.compile(expression, snapLength);
        } catch (FilterException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "bad filter: " + e.getMessage());
        }
        if (snapLength < 64 || snapLength > 262_144) {
            throw new CommandLine.ParameterException(spec.commandLine(), "-s must be within 64..262144");
        }
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        try (PacketCapture capture = open(program);
                PcapWriter writer = file == null ? null : PcapWriter.create(file, PcapWriter.forName(file), iface, snapLength)) {
            Signals.on("INT", () -> stopping = true);
            Signals.on("TERM", () -> stopping = true);
            err.println("capturing on " + iface + (expression.isBlank() ? "" : ", filter '" + expression + "'")
                    + (file == null ? "" : ", writing " + file));
            err.flush();
            PacketCapture.FrameSink sink = sink(writer, out);
            long captured = 0;
            boolean wait = true;
            while (count == 0 || captured < count) {
                // After a stop, take what the kernel already queued (it passed the filter before the stop), then end.
                if (!capture.receive(wait, sink)) {
                    if (!wait) {
                        break;
                    }
                    if (writer != null) {
                        writer.flush();
                    }
                    wait = !stopping;
                    continue;
                }
                captured++;
                if (stopping) {
                    wait = false;
                }
            }
            out.flush();
            CaptureStatistics stats = capture.statistics();
            err.println(captured + " packets captured, " + stats.receivedByFilter() + " received by filter, "
                    + stats.droppedByKernel() + " dropped by kernel");
            err.flush();
        }
        return ExitCodes.OK;
    }

    /** Each frame straight from the ring to the file; copied out only for a summary line. */
    private PacketCapture.FrameSink sink(PcapWriter writer, PrintWriter out) {
        PacketCapture.FrameSink summary = (seconds, nanos, length, data) ->
                out.println(Summary.line(Instant.ofEpochSecond(seconds, nanos), length, data.toArray(ValueLayout.JAVA_BYTE)));
        if (writer == null) {
            return summary;
        }
        return !print ? writer::write : (seconds, nanos, length, data) -> {
            writer.write(seconds, nanos, length, data);
            summary.frame(seconds, nanos, length, data);
        };
    }

    private PacketCapture open(BpfProgram program) {
        try {
            return PacketCapture.open(iface, program, snapLength);
        } catch (PrivilegeException | UnsupportedOperationException e) {
            throw new EnvironmentException(e.getMessage(), e);
        } catch (IOException e) {
            throw new EnvironmentException("capture on " + iface + ": " + e.getMessage(), e);
        }
    }
}
