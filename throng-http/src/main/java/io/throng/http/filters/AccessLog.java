package io.throng.http.filters;

import io.throng.http.Filter;
import io.throng.http.Handler;
import io.throng.http.Request;
import io.throng.http.Response;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Logs each request in the Combined Log Format (Apache/nginx):
 * {@code host - - [day/Mon/year:HH:mm:ss zone] "request line" status bytes "referer" "user-agent"}.
 * The line is built after the handler returns; for streamed bodies the byte count is what was written
 * by then.
 */
public final class AccessLog implements Filter {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
    private final Consumer<String> sink;

    /** @param sink receives one line per request; it must be thread-safe */
    public AccessLog(Consumer<String> sink) {
        this.sink = sink;
    }

    @Override
    public void filter(Request req, Response res, Handler next) throws Exception {
        try {
            next.handle(req, res);
        } finally {
            sink.accept(line(req, res));
        }
    }

    static String line(Request req, Response res) {
        return host(req.remoteAddress()) + " - - [" + TIME.format(ZonedDateTime.now()) + "] \""
                + req.method() + " " + req.target() + " " + req.version() + "\" " + res.status() + " "
                + (res.bodyBytes() == 0 ? "-" : Long.toString(res.bodyBytes())) + " \""
                + quoted(req.header("Referer")) + "\" \"" + quoted(req.header("User-Agent")) + "\"";
    }

    private static String host(SocketAddress a) {
        return a instanceof InetSocketAddress i ? i.getAddress().getHostAddress() : "-";
    }

    private static String quoted(String s) {
        return s == null ? "-" : s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
