package io.throng.load.tls;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** Plain TCP: the channel's bytes are the application's. */
public record PlainWire(SocketChannel channel) implements Wire {

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return channel.read(dst);
    }

    @Override
    public boolean write(ByteBuffer src) throws IOException {
        channel.write(src);
        return !src.hasRemaining();
    }

    @Override
    public boolean buffered() {
        return false;
    }
}
