package io.throng.net.udp;

import java.io.IOException;

/**
 * What a {@link DatagramServer} does with each datagram: on one of the server's pooled virtual threads
 * ({@link DatagramServer#start start}), where it may block (look something up, wait on a channel), or on the
 * receiving thread ({@link DatagramServer#startInline startInline}), where it must not. It replies through
 * {@code socket}, which it shares with the server and every other handler: sending is safe from many
 * threads, receiving is the server's.
 */
@FunctionalInterface
public interface DatagramHandler {
    void handle(Datagram datagram, UdpSocket socket) throws IOException, InterruptedException;
}
