package io.throng.http.filters;

import io.throng.http.Filter;
import io.throng.http.Handler;
import io.throng.http.Request;
import io.throng.http.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * Compresses buffered response bodies with gzip when the client accepts it, the type is textual
 * (text/*, JSON, JavaScript, XML, SVG). Buffered bodies are compressed when large enough to gain;
 * streamed bodies are compressed as they are written (each flush sends what is compressed so far),
 * except event streams. File bodies, ranges and already-encoded bodies are left alone.
 */
public final class Gzip implements Filter {
    private final int minBytes;

    public Gzip(int minBytes) {
        this.minBytes = minBytes;
    }

    public Gzip() {
        this(512);
    }

    @Override
    public void filter(Request req, Response res, Handler next) throws Exception {
        boolean accepts = acceptsGzip(req.header("Accept-Encoding"));
        if (accepts) {
            res.wrapStream(out -> {
                String type = res.header("Content-Type");
                // Event streams stay plain: some proxies buffer compressed streams until they end.
                if (res.status() != 200 || res.header("Content-Encoding") != null || !compressible(type)
                        || type.startsWith("text/event-stream")) {
                    return out;
                }
                res.header("Content-Encoding", "gzip");
                res.addHeader("Vary", "Accept-Encoding");
                try {
                    return new GZIPOutputStream(out, 8192, true);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        next.handle(req, res);
        byte[] body = res.bufferedBody();
        if (body == null) {
            return; // streamed, a file, or already sent: left as is
        }
        res.addHeader("Vary", "Accept-Encoding");
        if (body.length < minBytes || res.status() != 200 || !accepts
                || res.header("Content-Encoding") != null || !compressible(res.header("Content-Type"))) {
            return;
        }
        res.header("Content-Encoding", "gzip");
        res.send(gzip(body));
    }

    /** A coding refused by its quality value (RFC 9110 12.4.2). */
    private static final java.util.regex.Pattern Q_ZERO = java.util.regex.Pattern.compile("q=0(\\.0*)?");

    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String part : acceptEncoding.toLowerCase(Locale.ROOT).split(",")) {
            String[] p = part.strip().split(";");
            if (p[0].strip().equals("gzip") || p[0].strip().equals("*")) {
                return !(p.length > 1 && Q_ZERO.matcher(p[1].replace(" ", "")).matches());
            }
        }
        return false;
    }

    static boolean compressible(String type) {
        if (type == null) {
            return false;
        }
        String t = type.toLowerCase(Locale.ROOT);
        return t.startsWith("text/") || t.contains("json") || t.contains("javascript") || t.contains("xml")
                || t.startsWith("image/svg");
    }

    private static byte[] gzip(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 3 + 32);
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 8192)) {
            gz.write(body);
        }
        return out.toByteArray();
    }
}
