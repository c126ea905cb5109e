package io.throng.load.tls;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A connection's byte stream as a non-blocking event loop sees it: plain TCP ({@link PlainWire}) or TLS over it
 * ({@link TlsWire}). The loop reads and writes application bytes through it and never touches the channel's
 * bytes itself, so one loop serves http:// and https:// (ws:// and wss://) alike.
 */
public sealed interface Wire permits PlainWire, TlsWire {

    /** Reads application bytes into {@code dst}: how many, 0 when none are ready, -1 at the end of the stream. */
    int read(ByteBuffer dst) throws IOException;

    /**
     * Writes what the socket takes of {@code src} (its position moves past what was taken); true when nothing
     * handed to this wire is still waiting for the socket, false when the loop must wait for OP_WRITE and call
     * again (with what is left of {@code src}, or an empty buffer).
     */
    boolean write(ByteBuffer src) throws IOException;

    /**
     * True when input is already off the socket that {@link #read} would return: the selector will not announce
     * it again, so the loop must read again before it waits.
     */
    boolean buffered();
}
