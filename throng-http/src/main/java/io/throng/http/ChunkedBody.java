package io.throng.http;

import java.io.IOException;

/**
 * A chunked request body (RFC 9112 7.1). Chunk-size lines and trailers are held to the same strict
 * rules as the head: CRLF only, bounded lengths, no control characters. A body growing beyond the
 * limit fails with 413 as soon as a chunk header announces it.
 */
final class ChunkedBody extends Body {
    private static final int MAX_LINE = 4096;
    private long chunkLeft; // bytes left in the current chunk; -1 before the first chunk header
    private boolean done;

    ChunkedBody(ConnectionBuffers buffers, long max, Runnable beforeFirstRead) {
        super(buffers, max, beforeFirstRead);
        this.chunkLeft = -1;
    }

    @Override
    boolean finished() {
        return done;
    }

    @Override
    int readBody(byte[] b, int off, int len) throws IOException {
        if (done) {
            return -1;
        }
        if (chunkLeft <= 0) {
            if (chunkLeft == 0) {
                expectCrlf();
            }
            chunkLeft = chunkSize();
            if (chunkLeft == 0) {
                trailers();
                done = true;
                return -1;
            }
            if (received + chunkLeft > max) {
                throw new HttpException(413, "request body too large");
            }
        }
        int n = fromWire(b, off, (int) Math.min(len, chunkLeft));
        chunkLeft -= n;
        received += n;
        return n;
    }

    private int nextByte() throws IOException {
        if (!buffers.in.hasRemaining() && buffers.fillBody() < 0) {
            throw new java.io.EOFException("connection closed in a chunked body");
        }
        return buffers.in.get() & 0xff;
    }

    private void expectCrlf() throws IOException {
        if (nextByte() != '\r' || nextByte() != '\n') {
            throw new HttpException(400, "chunk data not followed by CRLF");
        }
    }

    private long chunkSize() throws IOException {
        long size = 0;
        int digits = 0;
        int c;
        while ((c = nextByte()) != '\r') {
            int d = Character.digit(c, 16);
            if (d < 0) {
                break;
            }
            if (++digits > 15) {
                throw new HttpException(400, "chunk size too long");
            }
            size = size * 16 + d;
        }
        if (digits == 0) {
            throw new HttpException(400, "invalid chunk size");
        }
        int length = digits;
        // chunk-ext: tolerated and ignored, but only as visible characters and whitespace.
        while (c != '\r') {
            if (c != ';' && c != ' ' && c != '\t' && !Ascii.fieldValue(c) || ++length > MAX_LINE) {
                throw new HttpException(400, "invalid chunk extension");
            }
            c = nextByte();
        }
        if (nextByte() != '\n') {
            throw new HttpException(400, "bare CR in chunk header");
        }
        return size;
    }

    private void trailers() throws IOException {
        int total = 0;
        while (true) {
            int c = nextByte();
            if (c == '\r') {
                if (nextByte() != '\n') {
                    throw new HttpException(400, "bare CR in trailers");
                }
                return;
            }
            if (c == ' ' || c == '\t') {
                throw new HttpException(400, "obsolete line folding in trailers");
            }
            int len = 0;
            while (c != '\r') {
                if (!Ascii.fieldValue(c) || ++len > MAX_LINE || ++total > 4 * MAX_LINE) {
                    throw new HttpException(c == '\n' ? 400 : 431, "invalid trailer field");
                }
                c = nextByte();
            }
            if (nextByte() != '\n') {
                throw new HttpException(400, "bare CR in trailers");
            }
        }
    }
}
