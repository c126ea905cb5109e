package io.throng.net.udp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * What an inline {@link DatagramServer} does with each datagram without the copy a {@link Datagram} costs
 * ({@link DatagramServer#startInline(InetSocketAddress, UdpOptions, DatagramViewHandler, java.util.function.BiConsumer)}):
 * {@code payload} is a view of the receiver's own buffer, the datagram between its position and limit
 * (at most {@link UdpOptions#maxDatagram()} bytes; {@code truncated} if it arrived longer), valid only
 * during the call. Send it back, parse it or copy what must outlive the call; do not keep the buffer. It
 * runs on the receiving thread, so it must not block, and it may move the view's position or change its
 * bytes (the next datagram overwrites them anyway).
 */
@FunctionalInterface
public interface DatagramViewHandler {
    void handle(ByteBuffer payload, InetSocketAddress sender, boolean truncated, UdpSocket socket) throws IOException;
}
