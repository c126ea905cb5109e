package io.throng.load;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands out local ports for connections bound to an explicit source address. Letting the kernel pick
 * ({@code bind(addr, 0)}) would allocate from the one ephemeral range shared by every source address, which caps
 * a whole fleet at ~28,000 connections and makes each failing bind scan the full range; choosing ports ourselves
 * gives each 127.0.0.x source its own ~55,000. It is also much faster when the box holds many connections: the
 * kernel's search for a free port was seen holding a load worker's carrier threads in {@code bind} while the replies
 * to other handshakes sat unread (docs/benchmarks.md, the 100,000-user runs). One instance per source address;
 * a port still in use (another process, TIME_WAIT) fails the bind and the caller tries the next.
 */
public final class SourcePorts {
    static final int LOW = 10_000;
    static final int HIGH = 65_535;

    /** A random start, so that a run right after another does not begin with the ports the last one left in TIME_WAIT. */
    private final AtomicInteger next = new AtomicInteger(ThreadLocalRandom.current().nextInt(HIGH - LOW + 1));

    /** How many ports {@link #bind} tries before it gives up. */
    public static final int BIND_ATTEMPTS = 32;

    /** The next port to try, cycling through [LOW, HIGH]. */
    public int next() {
        return LOW + Math.floorMod(next.getAndIncrement(), HIGH - LOW + 1);
    }

    /** Binds {@code ch} to {@code source} and the next free port, skipping taken ones; at most {@value #BIND_ATTEMPTS}. */
    public void bind(SocketChannel ch, InetAddress source) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                ch.bind(new InetSocketAddress(source, next()));
                return;
            } catch (BindException taken) {
                if (attempt == BIND_ATTEMPTS) {
                    throw taken;
                }
            }
        }
    }
}
