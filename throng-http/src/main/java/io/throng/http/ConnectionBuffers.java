package io.throng.http;

import io.throng.net.BufferPool;
import io.throng.net.Connection;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * The buffers of one busy connection: {@code in} holds received bytes in read mode (position to limit
 * are unread), {@code out} collects response bytes in write mode until {@link #flush}. Both are
 * borrowed from the pool when the connection wakes ({@link #open}) and returned before it goes idle
 * ({@link #release}), so responses to pipelined requests pile up in {@code out} and leave in one write.
 *
 * <p>The object itself lives as long as the connection (its {@link Connection#attachment}), with the
 * connection's request parser and empty body: a keep-alive client wakes its connection once per request,
 * and these would otherwise be made again each time. An idle connection holds them, but no buffer.
 */
final class ConnectionBuffers {
    final Connection conn;
    private final BufferPool pool;
    private final HttpOptions options;
    /** The connection's parser: between wake-ups it holds no partial head (see {@link #open}). */
    final RequestParser parser;
    /** The body of every request without one: finished from the start, so its one flag, started, is never read. */
    final Body empty = new Body.Empty(this);
    /** Made at the first body read: most requests have no body, and this is the per-request hot path. */
    private BodyRateFloor bodyRate;
    /** A body read of the current request timed out: its answer is 408, whatever the handler made of it. */
    boolean bodyTimedOut;
    ByteBuffer in;
    ByteBuffer out;

    ConnectionBuffers(Connection conn, BufferPool pool, HttpOptions options) {
        this.conn = conn;
        this.pool = pool;
        this.options = options;
        this.parser = new RequestParser(options.maxRequestLine(), options.maxHeadBytes(), options.maxHeaders());
    }

    /** Borrows the buffers for one wake-up; the parser starts afresh, as the input buffer does. */
    void open() {
        in = pool.borrow().flip();
        out = pool.borrow();
        parser.reset();
    }

    /** Reads more bytes under the deadline already armed (the absolute header deadline). */
    int fillHead() throws IOException {
        return fill(true);
    }

    /** Starts a new request body: the rate floor counts from here. */
    void startBody() {
        if (bodyRate != null) {
            bodyRate.reset();
        }
        bodyTimedOut = false;
    }

    /**
     * Reads more body bytes; each wait may last up to the I/O timeout, and all of them together only as
     * long as the body rate floor allows.
     */
    int fillBody() throws IOException {
        // Responses to earlier pipelined requests leave before this wait: a client may hold the body back
        // until it has read them (the invariant of the package doc: output is flushed before any wait for input).
        flush();
        long start = System.nanoTime();
        int n = 0;
        if (bodyRate == null) {
            bodyRate = new BodyRateFloor(options.minBodyRate(), options.bodyRateGrace().toNanos());
        }
        try {
            conn.deadline(Duration.ofNanos(bodyRate.allowanceNanos(options.ioTimeout().toNanos())));
            n = fillHead();
            return n;
        } catch (SocketTimeoutException e) {
            bodyTimedOut = true;
            throw e;
        } finally {
            conn.clearDeadline();
            bodyRate.waited(n, System.nanoTime() - start);
        }
    }

    /** Reads what has already arrived, without waiting. */
    int fillNow() throws IOException {
        return fill(false);
    }

    /** Appends received bytes to {@code in}, leaving it in read mode. */
    private int fill(boolean wait) throws IOException {
        in.compact();
        try {
            return wait ? conn.read(in) : conn.readNow(in);
        } finally {
            in.flip();
        }
    }

    void put(byte[] b) throws IOException {
        put(b, 0, b.length);
    }

    void put(byte[] b, int off, int len) throws IOException {
        if (len <= out.remaining()) {
            out.put(b, off, len);
        } else if (len <= out.capacity() / 2) {
            flush();
            out.put(b, off, len);
        } else {
            write(ByteBuffer.wrap(b, off, len));
        }
    }

    void put(byte b) throws IOException {
        if (!out.hasRemaining()) {
            flush();
        }
        out.put(b);
    }

    /** Puts {@code v >= 0} in decimal digits without making a String (a Content-Length per response). */
    void putDecimal(long v) throws IOException {
        if (out.remaining() < 19) {
            flush();
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        int end = out.position() + digits;
        for (int i = end - 1; i >= out.position(); i--) {
            out.put(i, (byte) ('0' + v % 10));
            v /= 10;
        }
        out.position(end);
    }

    /** Puts an ASCII string; response header text was checked for CR, LF and non-Latin-1 earlier. */
    void putAscii(String s) throws IOException {
        int n = s.length();
        if (n > out.remaining()) {
            put(Ascii.bytes(s));
            return;
        }
        for (int i = 0; i < n; i++) {
            out.put((byte) s.charAt(i));
        }
    }

    /** Writes what {@code out} holds, then {@code body}, in one gathering write when possible. */
    void write(ByteBuffer body) throws IOException {
        out.flip();
        conn.deadline(options.ioTimeout());
        try {
            conn.write(out, body);
        } finally {
            conn.clearDeadline();
            out.clear();
        }
    }

    void flush() throws IOException {
        if (out.position() == 0) {
            return;
        }
        out.flip();
        conn.deadline(options.ioTimeout());
        try {
            conn.write(out);
        } finally {
            conn.clearDeadline();
            out.clear();
        }
    }

    ByteBuffer borrow() {
        return pool.borrow();
    }

    void giveBack(ByteBuffer b) {
        pool.release(b);
    }

    void release() {
        pool.release(in);
        pool.release(out);
        in = null;
        out = null;
    }
}
