package io.throng.net;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A {@linkplain Connection#handOff() handed-off} connection's stream: the detached socket, whose close
 * closes the connection too, so that the server stops counting it when its new owner is done.
 */
final class HandedOff implements ByteStream {
    private final Connection connection;
    private final ByteStream socket;

    HandedOff(Connection connection, ByteStream socket) {
        this.connection = connection;
        this.socket = socket;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return socket.read(dst);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return socket.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        return socket.write(srcs, offset, length);
    }

    @Override
    public int writeNow(ByteBuffer src) throws IOException {
        return socket.writeNow(src);
    }

    @Override
    public boolean whenReadable(Runnable wake) throws IOException {
        return socket.whenReadable(wake);
    }

    @Override
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    public boolean isOpen() {
        return socket.isOpen();
    }

    /** Closes the connection, which closes the socket (and wakes a {@link #whenReadable} callback). */
    @Override
    public void close() {
        connection.close();
    }
}
