package io.throng.net;

import java.io.IOException;

/**
 * What a server speaks on its connections. {@link TcpServer} calls {@link #serve} on a fresh virtual
 * thread each time an idle connection becomes readable; the protocol reads and writes with plain
 * blocking calls on the {@link Connection} and returns when it has nothing left to do. A protocol that
 * {@link #speaksFirst() speaks first} is also served once at accept, before the client sends anything.
 */
public interface Protocol {

    /**
     * Serves a connection that has bytes to read (or has been closed by its peer).
     *
     * @return {@code true} to park the connection idle until more bytes arrive (no thread, no buffer is
     *     held meanwhile), {@code false} to close it
     */
    boolean serve(Connection connection) throws IOException;

    /**
     * What to tell a connection accepted beyond the server's connection limit before it is closed, or
     * null (the default) to close it silently. It is written without waiting, from the accept thread:
     * keep it short.
     */
    default byte[] refusal() {
        return null;
    }

    /**
     * How long a new connection may stay silent before it is closed; null means the server's idle
     * timeout. HTTP uses its header deadline here, so that connecting and sending nothing holds a
     * connection no longer than sending a head slowly.
     */
    default java.time.Duration firstBytesTimeout() {
        return null;
    }

    /**
     * True if the server speaks first (an SMTP or FTP greeting, a chat's "What's your name?"): then
     * {@link #serve} runs as soon as a connection is accepted (on TLS, as soon as its handshake is done),
     * whether or not the client has sent anything, and the connection idles as usual if it returns true.
     * False by default: a connection gets a thread only when its first bytes arrive, so a silent one
     * costs none.
     */
    default boolean speaksFirst() {
        return false;
    }

    /** The protocol's short name in metrics and JFR events ({@code "http"}); by default the class's name. */
    default String name() {
        return getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }
}
