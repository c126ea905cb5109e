package io.throng.mongrel.zmtp;

import io.throng.net.ByteStream;
import java.nio.ByteBuffer;

/** A test's stand-in for a handler connection that only takes writes: always open, never read. */
abstract class WriteOnlyStream implements ByteStream {

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int read(ByteBuffer dst) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void shutdownOutput() {
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void close() {
    }
}
