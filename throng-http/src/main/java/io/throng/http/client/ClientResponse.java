package io.throng.http.client;

import io.throng.http.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * A response whose head has arrived and whose body is still on the connection. Read the body once,
 * with {@link #bytes()}, {@link #string()} or {@link #body()} as a stream; the connection returns to
 * its pool when the body has been read to the end, and is closed if the response is closed before
 * that. Use try-with-resources when the body may not be read.
 *
 * <p>{@link #headers()} are the fields as received, so a decompressed body still shows
 * {@code Content-Encoding: gzip} there; {@link #decompressed()} says so.
 */
public final class ClientResponse implements AutoCloseable {
    private final int status;
    private final Headers headers;
    private final URI uri;
    private final BodyInput raw;
    private final InputStream body;
    private final boolean decompressed;

    ClientResponse(int status, Headers headers, URI uri, BodyInput raw, InputStream body, boolean decompressed) {
        this.status = status;
        this.headers = headers;
        this.uri = uri;
        this.raw = raw;
        this.body = body;
        this.decompressed = decompressed;
    }

    public int status() {
        return status;
    }

    public Headers headers() {
        return headers;
    }

    /** The first value of the named header field, or null. */
    public String header(String name) {
        return headers.get(name);
    }

    /** The URI this response came from: the request's, or the last redirect's. */
    public URI uri() {
        return uri;
    }

    /** Whether the body was gzip on the wire and is decompressed by {@link #body()}. */
    public boolean decompressed() {
        return decompressed;
    }

    /** The body as a stream; close it (or this response) if it is not read to the end. */
    public InputStream body() {
        return body;
    }

    /** Reads the whole body. */
    public byte[] bytes() throws IOException {
        try (InputStream in = body) {
            return in.readAllBytes();
        }
    }

    /** Reads the whole body as text in the charset of its Content-Type, UTF-8 when none is named. */
    public String string() throws IOException {
        return new String(bytes(), charset());
    }

    private Charset charset() {
        String type = headers.get("content-type");
        if (type != null) {
            for (String param : type.split(";")) {
                String p = param.strip();
                if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                    try {
                        return Charset.forName(p.substring(8).replace("\"", ""));
                    } catch (IllegalArgumentException unknown) {
                        break;
                    }
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    /** Skips a small body so the connection can be reused (before following a redirect). */
    void discard() {
        try {
            raw.drain(64 * 1024);
        } catch (IOException e) {
            // the connection is closed by the failed read; nothing else to undo
        } finally {
            raw.close();
        }
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
