package io.throng.http;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A streamed response body: chunked for HTTP/1.1, delimited by closing the connection for HTTP/1.0,
 * discarded for HEAD. Bytes gather in the connection's output buffer; {@link #flush} sends them.
 */
final class BodyOutput extends OutputStream {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = Ascii.bytes("0\r\n\r\n");
    private final ConnectionBuffers buffers;
    private final boolean chunked;
    private final boolean discard;
    private boolean finished;
    long bytes;

    BodyOutput(ConnectionBuffers buffers, boolean chunked, boolean discard) {
        this.buffers = buffers;
        this.chunked = chunked;
        this.discard = discard;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (finished) {
            throw new IOException("response body already finished");
        }
        if (len == 0 || discard) {
            return;
        }
        if (chunked) {
            buffers.putAscii(Integer.toHexString(len));
            buffers.put(CRLF);
            buffers.put(b, off, len);
            buffers.put(CRLF);
        } else {
            buffers.put(b, off, len);
        }
        bytes += len;
    }

    @Override
    public void flush() throws IOException {
        buffers.flush();
    }

    /** Ends the body (the last chunk) without flushing; the engine flushes with the next response. */
    void finish() throws IOException {
        if (!finished) {
            finished = true;
            if (chunked && !discard) {
                buffers.put(LAST_CHUNK);
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (!finished) {
            finish();
            buffers.flush();
        }
    }
}
