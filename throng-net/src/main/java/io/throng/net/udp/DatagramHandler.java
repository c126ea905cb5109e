package io.throng.net.udp;

import java.io.IOException;

/**
 * What a {@link DatagramServer} does with each datagram, on a virtual thread of its own. It may block
 * (look something up, wait on a channel) and reply through {@code socket}, which it shares with the
 * server and every other handler: sending is safe from many threads, receiving is the server's.
 */
@FunctionalInterface
public interface DatagramHandler {
    void handle(Datagram datagram, UdpSocket socket) throws IOException, InterruptedException;
}
