package io.throng.http;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A Server-Sent Events stream (WHATWG HTML, "server-sent events"). Each call sends one event and
 * flushes it. Methods are synchronized so that other threads may publish to the stream while the
 * handler's thread waits; a failed write means the client went away.
 */
public final class EventStream implements Closeable {
    private final OutputStream out;

    EventStream(OutputStream out) {
        this.out = out;
    }

    /** The id the client last saw, sent back on reconnect, or null. */
    public static String lastEventId(Request request) {
        return request.header("Last-Event-ID");
    }

    public void send(String data) throws IOException {
        send(null, null, data);
    }

    /** Sends an event; {@code id} and {@code event} may be null; {@code data} may span lines. */
    public synchronized void send(String id, String event, String data) throws IOException {
        StringBuilder b = new StringBuilder(data.length() + 32);
        if (id != null) {
            b.append("id: ").append(singleLine(id)).append('\n');
        }
        if (event != null) {
            b.append("event: ").append(singleLine(event)).append('\n');
        }
        for (String line : data.split("\r\n|\r|\n", -1)) {
            b.append("data: ").append(line).append('\n');
        }
        b.append('\n');
        emit(b);
    }

    /** Tells the client how long to wait before reconnecting. */
    public synchronized void retry(Duration delay) throws IOException {
        emit(new StringBuilder("retry: ").append(delay.toMillis()).append("\n\n"));
    }

    /** A comment line, for example as a keep-alive that proxies will not buffer forever. */
    public synchronized void comment(String text) throws IOException {
        emit(new StringBuilder(": ").append(singleLine(text)).append("\n\n"));
    }

    private void emit(CharSequence s) throws IOException {
        out.write(s.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String singleLine(String s) {
        if (s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("SSE field must be one line");
        }
        return s;
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
