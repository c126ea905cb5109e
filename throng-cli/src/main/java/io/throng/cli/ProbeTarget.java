package io.throng.cli;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** The address {@code throng ping} and {@code traceroute} probe: HOST resolved, in the family {@code -4}/{@code -6} asks for. */
final class ProbeTarget {
    private ProbeTarget() {}

    /** The first address of HOST in the family asked for (any when neither). */
    static InetAddress resolve(String host, boolean v4, boolean v6) throws UnknownHostException {
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
}
