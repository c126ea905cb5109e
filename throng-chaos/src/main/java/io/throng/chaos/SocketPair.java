package io.throng.chaos;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The two sockets of a proxied connection, the client's and the upstream's, and the rules for ending
 * them that every kind of connection shares: each direction ends once (a FIN on to its receiver), both
 * ended means closed; a reset is a close with SO_LINGER 0 (a TCP RST); closing happens once.
 */
final class SocketPair {
    final SocketChannel client;
    final SocketChannel upstream;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger ended = new AtomicInteger();

    SocketPair(SocketChannel client, SocketChannel upstream) {
        this.client = client;
        this.upstream = upstream;
    }

    /** The client's address; null if it is already gone (the connection then closes on its first read). */
    InetAddress clientAddress() {
        try {
            return ((InetSocketAddress) client.getRemoteAddress()).getAddress();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** A direction ended and its FIN went on; true when it was the second, and the connection is to close. */
    boolean bothEnded() {
        return ended.incrementAndGet() == 2;
    }

    /** Makes the close that follows send a TCP RST instead of a FIN. */
    void lingerZero() {
        try {
            client.setOption(StandardSocketOptions.SO_LINGER, 0);
            upstream.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException | RuntimeException e) {
            // A socket already closed needs no reset.
        }
    }

    /** Closes both sockets; true the first time only, so the caller's own closing runs once. */
    boolean close() {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        Addresses.closeQuietly(client);
        Addresses.closeQuietly(upstream);
        return true;
    }
}
