package io.throng.http.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;

/**
 * One open connection to an origin and the buffers it keeps for its whole life: received bytes are
 * parsed in place in {@link #in}, and each request head is encoded into {@link #out} and leaves in
 * one write. Used by one request at a time (the pool hands it out to one caller).
 */
final class PooledConnection {
    private static final int BUFFER = 16 * 1024;
    final Origin origin;
    final Socket socket;
    private final InputStream input;
    final OutputStream output;
    /** Received bytes: {@code [pos, lim)} are unread. */
    byte[] in = new byte[BUFFER];
    int pos;
    int lim;
    /** Scratch for request heads and chunk frames. */
    byte[] out = new byte[BUFFER];
    /** Bytes received for the current exchange: a reused connection that gives none was stale. */
    long received;
    /** Completed exchanges: more than zero means this connection came from the pool. */
    int exchanges;
    long idleSinceNanos;

    PooledConnection(Origin origin, Socket socket) throws IOException {
        this.origin = origin;
        this.socket = socket;
        this.input = socket.getInputStream();
        this.output = socket.getOutputStream();
    }

    /**
     * Reads more bytes after the unread ones, moving them to the front or growing the buffer up to
     * {@code maxUnread} when it is full.
     *
     * @return bytes read, or -1 at end of stream
     */
    int fill(int maxUnread) throws IOException {
        if (pos == lim) {
            pos = 0;
            lim = 0;
        } else if (pos > 0 && lim == in.length) {
            System.arraycopy(in, pos, in, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        if (lim == in.length) {
            in = Arrays.copyOf(in, Math.min(Math.max(in.length * 2, 1024), Math.max(maxUnread, in.length + 1)));
        }
        int n = input.read(in, lim, in.length - lim);
        if (n > 0) {
            lim += n;
            received += n;
        }
        return n;
    }

    /** Makes sure {@link #out} holds at least {@code n} bytes, keeping the first {@code used}. */
    void reserve(int used, int n) {
        if (out.length - used < n) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, used + n));
        }
    }

    void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is best effort; the connection is gone either way
        }
    }
}
