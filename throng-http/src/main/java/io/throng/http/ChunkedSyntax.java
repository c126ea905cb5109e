package io.throng.http;

import java.io.IOException;

/**
 * The framing lines of the chunked transfer coding (RFC 9112 7.1), in one place for both directions:
 * the server's request bodies and {@link io.throng.http.client the client}'s response bodies read
 * chunk-size lines with the same rules, as {@link HeaderSyntax} does for header fields. CRLF only; a
 * chunk size of at most 15 hex digits; chunk extensions tolerated and ignored, but only as
 * field-value characters and within {@link #MAX_LINE}. The server's trailer rules ({@link #trailers})
 * are here too, so a proxy that has to find where a chunked body ends (throng-chaos's HTTP proxy) reads
 * it as the server would.
 */
public final class ChunkedSyntax {
    /** The longest chunk-size line (extensions included) and the longest trailer field line. */
    public static final int MAX_LINE = 4096;

    private ChunkedSyntax() {}

    /**
     * Where a body reader's framing bytes come from: its connection buffer, one byte at a time. The
     * body reader implements it itself, so reading a chunk header allocates nothing.
     */
    public interface ByteSource {
        /** The next byte (0 to 255), waiting for it if need be; an {@link IOException} at end of stream. */
        int next() throws IOException;
    }

    /**
     * Reads the CRLF that ends a chunk's data.
     *
     * @throws HttpException 400 if anything else follows the data
     */
    public static void expectCrlf(ByteSource in) throws IOException {
        if (in.next() != '\r' || in.next() != '\n') {
            throw new HttpException(400, "chunk data not followed by CRLF");
        }
    }

    /**
     * Reads a chunk-size line up to and including its CRLF.
     *
     * @return the chunk size; 0 for the last chunk, which the trailer section follows
     * @throws HttpException 400 for a malformed or too long line
     */
    public static long chunkSize(ByteSource in) throws IOException {
        long size = 0;
        int digits = 0;
        int c;
        while ((c = in.next()) != '\r') {
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
            c = in.next();
        }
        if (in.next() != '\n') {
            throw new HttpException(400, "bare CR in chunk header");
        }
        return size;
    }

    /**
     * Reads the trailer section after the last chunk, up to and including its empty line, and drops it:
     * field lines of field-value characters, each at most {@link #MAX_LINE} bytes and all together at
     * most four times that; no obsolete line folding.
     *
     * @throws HttpException 400 for a bare CR or LF, a control character or line folding; 431 for a
     *     trailer section beyond its bounds
     */
    public static void trailers(ByteSource in) throws IOException {
        int total = 0;
        while (true) {
            int c = in.next();
            if (c == '\r') {
                if (in.next() != '\n') {
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
                c = in.next();
            }
            if (in.next() != '\n') {
                throw new HttpException(400, "bare CR in trailers");
            }
        }
    }
}
