package io.throng.chaos;

import io.throng.http.ChunkedSyntax;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Finds where a chunked request body ends (RFC 9112 7.1) in the HTTP side's buffer of an
 * {@link HttpLink}, so the requests after it on the connection are parsed (and meet the HTTP toxics)
 * too. The framing is read with throng-http's {@link ChunkedSyntax}, the server's own rules (chunk-size
 * lines, the CRLF after each chunk's data, trailers): no second chunked parser. The bytes are handed on
 * unchanged as soon as they are read and checked: a chunk-size line, CRLF or trailer section only once
 * it is whole and valid (so a malformed one never reaches the upstream), chunk data as it comes (so a
 * large body streams in bounded memory).
 */
final class ChunkedRequest implements ChunkedSyntax.ByteSource {
    /** Reads more of the client's bytes after {@code in}'s unread ones (compacting it); false at the end. */
    interface Source {
        boolean more(ByteBuffer in) throws IOException;
    }

    /** Takes a checked piece of the body: forwards it upstream, or drops it. */
    interface Sink {
        void take(ByteBuffer piece) throws IOException;
    }

    private final ByteBuffer in;
    private final Source source;
    private final Sink sink;
    /** in[mark..position) is framing read and not yet handed on. */
    private int mark;

    ChunkedRequest(ByteBuffer in, Source source, Sink sink) {
        this.in = in;
        this.source = source;
        this.sink = sink;
    }

    /**
     * Hands on the body from {@code in}'s position to its end, leaving the position after it.
     *
     * @return false if the client's stream ended inside the body
     * @throws io.throng.http.HttpException (400 or 431) for malformed framing; what was checked before
     *     it has been handed on, the malformed part has not
     */
    boolean pass() throws IOException {
        mark = in.position();
        try {
            long size;
            while ((size = ChunkedSyntax.chunkSize(this)) > 0) {
                handOn();
                data(size);
                ChunkedSyntax.expectCrlf(this);
            }
            ChunkedSyntax.trailers(this);
            handOn();
            return true;
        } catch (EOFException e) {
            return false;
        }
    }

    @Override
    public int next() throws IOException {
        if (!in.hasRemaining()) {
            // Keep the framing not yet handed on: refill after it, then carry on where we were.
            int offset = in.position() - mark;
            in.position(mark);
            if (!source.more(in)) {
                throw new EOFException("the client ended inside a chunked body");
            }
            mark = 0;
            in.position(offset); // more() read at least one byte after the kept ones (lines are bounded far below the buffer)
        }
        return in.get() & 0xff;
    }

    private void handOn() throws IOException {
        if (in.position() > mark) {
            sink.take(in.duplicate().position(mark).limit(in.position()));
            mark = in.position();
        }
    }

    private void data(long n) throws IOException {
        while (n > 0) {
            if (!in.hasRemaining() && !source.more(in)) {
                throw new EOFException("the client ended inside a chunk");
            }
            int k = (int) Math.min(n, in.remaining());
            sink.take(in.duplicate().limit(in.position() + k));
            in.position(in.position() + k);
            mark = in.position();
            n -= k;
        }
    }
}
