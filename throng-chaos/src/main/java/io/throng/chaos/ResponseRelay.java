package io.throng.chaos;

import io.throng.http.ChunkedSyntax;
import io.throng.http.HeaderSyntax;
import io.throng.http.Headers;
import io.throng.http.HttpException;
import io.throng.net.ByteStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The upstream-to-client side of an {@link HttpLink}: forwards the upstream's bytes as they come and
 * finds where each response ends (RFC 9112 6.3: no body for HEAD, 1xx, 204 and 304; chunked; a
 * Content-Length; else until the upstream closes), so that the link knows when the responses to the
 * requests it forwarded have all gone out. It only reads the framing: the bytes go on unchanged, and
 * anything it cannot frame (a malformed head, a 101 or a CONNECT tunnel) is passed through as is to the
 * end of the connection. Header fields are read by throng-http's {@link HeaderSyntax} and chunk lines by
 * its {@link ChunkedSyntax}, the rules its client uses.
 */
final class ResponseRelay implements ChunkedSyntax.ByteSource {
    private static final int MAX_HEAD = 64 * 1024;
    private static final int MAX_FIELDS = 1000;

    private final HttpLink link;
    private final ByteStream upstream;
    private final Exchanges exchanges;
    private final byte[] buf = new byte[Pipe.CHUNK];
    /** buf[flushed..pos) is read and framed but not yet written to the client; buf[pos..lim) is unread. */
    private int flushed;
    private int pos;
    private int lim;

    ResponseRelay(HttpLink link, ByteStream upstream, Exchanges exchanges) {
        this.link = link;
        this.upstream = upstream;
        this.exchanges = exchanges;
    }

    /**
     * Bytes read from the upstream and not yet handed on: a snapshot, read from another thread without
     * a lock (for {@code buffered()}, which only promises a bound).
     */
    int held() {
        return lim - flushed;
    }

    /** Relays responses until the upstream ends. */
    void run() throws IOException, InterruptedException {
        Exchanges.Exchange delayed = null;
        while (pos < lim || fill()) {
            Exchanges.Exchange x = exchanges.next();
            if (x != null && x != delayed) {
                delayed = x; // once per request, not again for its interim (1xx) responses
                if (x.delayMillis() > 0) {
                    TimeUnit.MILLISECONDS.sleep(x.delayMillis()); // its first byte is here and waits
                }
            }
            if (!relayOne(x)) {
                passThrough();
                return;
            }
        }
        flush();
    }

    /** One response, head and body; false if the rest of the connection is to be passed through unframed. */
    private boolean relayOne(Exchanges.Exchange x) throws IOException {
        try {
            byte[] head = head();
            if (head == null) {
                return false;
            }
            int status = (head[9] - '0') * 100 + (head[10] - '0') * 10 + (head[11] - '0');
            int fields = indexOf(head, (byte) '\n') + 1;
            Headers h = HeaderSyntax.parseFields(head, fields, MAX_FIELDS);
            if (status == 101 || (x != null && x.tunnel() && status / 100 == 2)) {
                return false; // another protocol follows
            }
            if (status < 200) {
                flush();
                return true; // interim: the final response to the same request follows
            }
            if (!body(x, status, h)) {
                return false;
            }
        } catch (HttpException e) {
            return false;
        }
        flush();
        link.responseEnded();
        exchanges.answered();
        return true;
    }

    /** The response head up to its empty line; null if it is not one (then it is passed through). */
    private byte[] head() throws IOException {
        byte[] h = new byte[256];
        int n = 0;
        while (n < 4 || h[n - 1] != '\n' || h[n - 2] != '\r' || h[n - 3] != '\n' || h[n - 4] != '\r') {
            if (n == MAX_HEAD) {
                return null;
            }
            int c = next();
            if (c == '\n' && (n == 0 || h[n - 1] != '\r')) {
                return null; // a bare LF
            }
            if (n == h.length) {
                h = Arrays.copyOf(h, n * 2);
            }
            h[n++] = (byte) c;
        }
        boolean statusLine = n >= 14 && h[0] == 'H' && h[1] == 'T' && h[2] == 'T' && h[3] == 'P' && h[4] == '/'
                && h[5] == '1' && h[6] == '.' && digit(h[7]) && h[8] == ' ' && digit(h[9]) && digit(h[10]) && digit(h[11]);
        return statusLine ? Arrays.copyOf(h, n) : null;
    }

    /** Relays the body; false if it runs to the end of the connection (passed through). */
    private boolean body(Exchanges.Exchange x, int status, Headers h) throws IOException {
        if ((x != null && x.head()) || status == 204 || status == 304) {
            return true;
        }
        String te = h.get("transfer-encoding");
        if (te != null) {
            if (!te.strip().toLowerCase(Locale.ROOT).endsWith("chunked")) {
                return false; // delimited by the close
            }
            long size;
            while ((size = ChunkedSyntax.chunkSize(this)) > 0) {
                skip(size);
                ChunkedSyntax.expectCrlf(this);
            }
            ChunkedSyntax.trailers(this); // relayed, checked as the server checks a request's
            return true;
        }
        String cl = h.get("content-length");
        if (cl == null || !cl.strip().matches("[0-9]{1,18}")) {
            return false; // delimited by the close (or not understood)
        }
        skip(Long.parseLong(cl.strip()));
        return true;
    }

    private void passThrough() throws IOException {
        pos = lim;
        while (fill()) {
            pos = lim;
        }
        flush();
    }

    @Override
    public int next() throws IOException {
        if (pos == lim && !fill()) {
            throw new EOFException("upstream ended inside a response");
        }
        return buf[pos++] & 0xff;
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            if (pos == lim && !fill()) {
                throw new EOFException("upstream ended inside a response");
            }
            int k = (int) Math.min(n, lim - pos);
            pos += k;
            n -= k;
        }
    }

    /** Writes what was framed, then reads more into the emptied buffer; false at the end of stream. */
    private boolean fill() throws IOException {
        flush();
        pos = lim = flushed = 0;
        int n;
        do {
            n = upstream.read(ByteBuffer.wrap(buf));
        } while (n == 0);
        if (n < 0) {
            return false;
        }
        lim = n;
        link.receivedFromUpstream(n);
        return true;
    }

    private void flush() throws IOException {
        if (pos > flushed) {
            link.relayed(ByteBuffer.wrap(buf, flushed, pos - flushed));
            flushed = pos;
        }
    }

    private static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static int indexOf(byte[] a, byte b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
