package io.throng.net.client;

import io.throng.net.ByteStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/** Opens TCP connections: a blocking connect with a timeout that parks a virtual thread rather than a carrier. */
public final class TcpClient {
    private TcpClient() {}

    /**
     * A connected stream to {@code remote}, or {@link SocketTimeoutException} once {@code timeout} passes
     * (a peer that never answers the SYN), or {@link java.net.ConnectException} when refused.
     */
    public static ByteStream connect(InetSocketAddress remote, Duration timeout) throws IOException {
        if (remote.isUnresolved()) {
            throw new java.net.UnknownHostException(remote.getHostString());
        }
        SocketChannel channel = SocketChannel.open();
        try {
            channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            // The channel's socket adaptor is the JDK's timed connect; SocketChannel.connect has no timeout.
            channel.socket().connect(remote, (int) Math.clamp(timeout.toMillis(), 1, Integer.MAX_VALUE));
            return ByteStream.of(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }
}
