package io.throng.net;

/**
 * A {@linkplain Connection#handOff() handed-off} connection's stream: the detached socket, whose close
 * closes the connection too, so that the server stops counting it when its new owner is done.
 */
final class HandedOff extends ForwardingStream {
    private final Connection connection;

    HandedOff(Connection connection, ByteStream socket) {
        super(socket);
        this.connection = connection;
    }

    /** Closes the connection, which closes the socket (and wakes a {@link #whenReadable} callback). */
    @Override
    public void close() {
        connection.close();
    }
}
