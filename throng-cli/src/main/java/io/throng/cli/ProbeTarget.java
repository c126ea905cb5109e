package io.throng.cli;

import io.throng.packet.capture.PrivilegeException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What {@code throng ping} and {@code traceroute} share: HOST and {@code -4}/{@code -6} (a picocli
 * mixin), and their error policy — iputils' exit 2 for an error other than no answer, 3 without the
 * privilege.
 */
final class ProbeTarget {
    @Parameters(index = "0", paramLabel = "HOST", description = "Address or name to probe.")
    String host;

    @Option(names = "-4", description = "IPv4 only.")
    boolean v4;

    @Option(names = "-6", description = "IPv6 only.")
    boolean v6;

    /** The first address of HOST in the family asked for (any when neither). */
    InetAddress resolve(CommandLine command) throws UnknownHostException {
        if (v4 && v6) {
            throw new CommandLine.ParameterException(command, "-4 and -6 exclude each other");
        }
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new UnknownHostException(host + ": Name or service not known");
        }
        for (InetAddress a : all) {
            if (v4 ? a instanceof Inet4Address : !v6 || a instanceof Inet6Address) {
                return a;
            }
        }
        throw new UnknownHostException(host + ": Address family for hostname not supported"
                + " (" + Arrays.stream(all).map(InetAddress::getHostAddress).toList() + ")");
    }

    /** Says what failed on stderr and returns 2, iputils' code for an error other than no answer. */
    static int failed(PrintWriter err, String command, IOException e) {
        err.println("throng: " + command + ": " + ExitCodes.describe(e));
        err.flush();
        return ExitCodes.USAGE;
    }

    /** Opens what needs CAP_NET_RAW; its absence (or another system than Linux) becomes exit 3. */
    static <T> T privileged(IoSupplier<T> open) throws IOException {
        try {
            return open.get();
        } catch (PrivilegeException | UnsupportedOperationException e) {
            throw new EnvironmentException(e.getMessage(), e);
        }
    }

    interface IoSupplier<T> {
        T get() throws IOException;
    }
}
