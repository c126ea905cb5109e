package io.throng.http.client;

import io.throng.http.ChunkedSyntax;
import io.throng.http.HeaderSyntax;
import io.throng.http.HttpException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * A chunked body (RFC 9112 7.1), held to the same rules as the head: chunk-size lines as the server
 * reads them ({@link ChunkedSyntax}), and trailer fields checked like header fields and then dropped.
 */
final class ChunkedBodyInput extends BodyInput implements ChunkedSyntax.ByteSource {
    private final int maxTrailerBytes;
    private long chunkLeft = -1; // -1 before the first chunk header, 0 between chunks
    private boolean ended;

    ChunkedBodyInput(PooledConnection c, Pool pool, boolean keepAlive, ClientOptions options) {
        super(c, pool, keepAlive, options);
        this.maxTrailerBytes = options.maxHeadBytes();
    }

    @Override
    boolean ended() {
        return ended;
    }

    @Override
    int readBody(byte[] b, int off, int len) throws IOException {
        if (chunkLeft <= 0) {
            chunkLeft = chunkHeader();
            if (chunkLeft == 0) {
                trailers();
                ended = true;
                finish();
                return -1;
            }
        }
        int n = take(b, off, len, chunkLeft);
        if (n < 0) {
            throw truncated();
        }
        chunkLeft -= n;
        return n;
    }

    @Override
    public int available() {
        return chunkLeft > 0 ? (int) Math.min(buffered(), chunkLeft) : 0;
    }

    /** Reads the CRLF after the previous chunk's data, if any, and the next chunk-size line. */
    private long chunkHeader() throws IOException {
        try {
            if (chunkLeft == 0) {
                ChunkedSyntax.expectCrlf(this);
            }
            return ChunkedSyntax.chunkSize(this);
        } catch (HttpException e) {
            throw refused(e.getMessage());
        }
    }

    @Override
    public int next() throws IOException {
        if (buffered() == 0 && !fill()) {
            throw truncated();
        }
        return c.in[c.pos++] & 0xff;
    }

    /** Reads the trailer section and checks it with the header-field rules; its fields are not kept. */
    private void trailers() throws IOException {
        ByteArrayOutputStream section = new ByteArrayOutputStream();
        int prev = -1;
        boolean lineEmpty = true;
        while (true) {
            int ch = next();
            if (section.size() >= maxTrailerBytes) {
                throw refused("trailer section larger than " + maxTrailerBytes + " bytes");
            }
            section.write(ch);
            if (ch == '\n') {
                if (prev != '\r') {
                    throw refused("bare LF in trailers");
                }
                if (lineEmpty) {
                    break;
                }
                lineEmpty = true;
            } else if (ch != '\r') {
                lineEmpty = false;
            }
            prev = ch;
        }
        byte[] raw = section.toByteArray();
        if (raw.length > 2) {
            try {
                HeaderSyntax.parseFields(raw, 0, Integer.MAX_VALUE);
            } catch (HttpException e) {
                throw refused("invalid trailer: " + e.getMessage());
            }
        }
    }
}
