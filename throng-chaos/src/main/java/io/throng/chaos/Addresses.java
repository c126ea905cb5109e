package io.throng.chaos;

import java.io.Closeable;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** {@code host:port} strings as toxiproxy (Go's net package) writes and reads them. */
final class Addresses {
    private Addresses() {}

    /**
     * Parses {@code host:port}, {@code [v6]:port} or {@code :port} (every interface); the host is
     * resolved; an empty address is any free port on every interface, as Go's {@code net.Listen}. Throws
     * IllegalArgumentException for anything else.
     */
    static InetSocketAddress parse(String address) {
        if (address.isEmpty()) {
            return new InetSocketAddress(0);
        }
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("address " + address + ": missing port in address");
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("address " + address + ": invalid port");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("address " + address + ": invalid port");
        }
        return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }

    /** As Go prints a bound address: {@code 127.0.0.1:34567}, {@code [::]:34567}. */
    static String format(InetSocketAddress a) {
        InetAddress ip = a.getAddress();
        if (ip instanceof Inet6Address) {
            String host = ip.isAnyLocalAddress() ? "::" : ip.getHostAddress();
            return "[" + host + "]:" + a.getPort();
        }
        return ip.getHostAddress() + ":" + a.getPort();
    }

    /** Whether {@code asked} names the address {@code bound} already is (Go's Differs resolves it first). */
    static boolean sameListen(String bound, String asked) {
        if (bound.equals(asked)) {
            return true;
        }
        try {
            InetSocketAddress a = parse(asked);
            return !a.isUnresolved() && format(a).equals(bound);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static void closeQuietly(Closeable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }
}
