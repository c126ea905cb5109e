package io.throng.net;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A {@link ByteStream} that passes every call to another: the base of the connection's two wrappers of a
 * detached socket, {@link StashedStream} (bytes already received go first) and {@link HandedOff} (closing
 * closes the connection). Each overrides only what it changes, so that a method added to
 * {@code ByteStream} (such as {@link #whenReadable}) reaches the socket through both without being
 * forgotten in one.
 */
abstract sealed class ForwardingStream implements ByteStream permits StashedStream, HandedOff {
    /** The stream every call not overridden goes to. */
    final ByteStream inner;

    ForwardingStream(ByteStream inner) {
        this.inner = inner;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return inner.read(dst);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return inner.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        return inner.write(srcs, offset, length);
    }

    @Override
    public int writeNow(ByteBuffer src) throws IOException {
        return inner.writeNow(src);
    }

    @Override
    public boolean whenReadable(Runnable wake) throws IOException {
        return inner.whenReadable(wake);
    }

    @Override
    public void shutdownOutput() throws IOException {
        inner.shutdownOutput();
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }
}
