package io.throng.net.engine;

import io.throng.net.ByteStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/** A {@link Transport} seen as the {@link ByteStream} a {@link TlsSession} runs over, until it is detached. */
final class TransportStream implements ByteStream {
    private final Transport transport;
    private volatile boolean closed;

    TransportStream(Transport transport) {
        this.transport = transport;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return transport.read(dst);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return transport.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        return transport.write(srcs, offset, length);
    }

    @Override
    public void shutdownOutput() throws IOException {
        transport.shutdownOutput();
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    @Override
    public void close() {
        closed = true;
        transport.close();
    }
}
