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

    /**
     * Closes a listening socket and returns once its port is released. Closing a channel that a virtual
     * thread is blocked on (in accept or receive) wakes that thread, and the JDK finishes the close in
     * it when it leaves the call, so {@code close()} alone can return while the port still listens.
     * {@code user}, the only thread blocked on the channel, returns when woken by the close: once it has
     * ended, the socket is closed.
     */
    static void closeAndAwait(Closeable listening, Thread user) {
        closeQuietly(listening);
        if (user == null || user == Thread.currentThread()) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                user.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // finish the wait: the caller was promised a free port
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
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
