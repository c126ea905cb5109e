package io.throng.http.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * A gzip body, decompressed as it is read and refused once it inflates beyond the limit (a few KB of
 * zeros can inflate to gigabytes). At the end of the gzip data the raw body is read to its own end,
 * so the connection can go back to the pool.
 */
final class InflatedBody extends InputStream {
    private final BodyInput raw;
    private final GZIPInputStream gzip;
    private final long max;
    private long produced;

    InflatedBody(BodyInput raw, long max) throws IOException {
        this.raw = raw;
        this.max = max;
        try {
            this.gzip = new GZIPInputStream(raw, 8192);
        } catch (java.util.zip.ZipException e) {
            raw.close();
            throw ResponseParser.refused(raw.c, "invalid gzip body: " + e.getMessage());
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = gzip.read(b, off, len);
        } catch (java.util.zip.ZipException e) {
            raw.close();
            throw ResponseParser.refused(raw.c, "invalid gzip body: " + e.getMessage());
        }
        if (n < 0) {
            raw.drain(64 * 1024);
            return -1;
        }
        produced += n;
        if (produced > max) {
            raw.close();
            throw ResponseParser.refused(raw.c, "gzip body inflates beyond " + max + " bytes");
        }
        return n;
    }

    @Override
    public void close() {
        raw.close();
    }
}
