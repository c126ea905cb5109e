package io.throng.http;

import io.throng.net.BufferPool;
import io.throng.net.Connection;
import io.throng.net.Protocol;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 on a {@link Connection}: parse a head, run the handler, write the response, repeat while
 * requests are already buffered (pipelining), then flush once and let the connection go idle.
 *
 * <p>Invariants: responses leave in request order, because one thread serves the connection and
 * appends to one output buffer; output is flushed before any wait for input, so a client never waits
 * for a response that sits in our buffer; after any framing error the connection is closed, because
 * the position of the next request can no longer be trusted.
 */
final class HttpProtocol implements Protocol {
    private static final long MAX_DRAIN = 256 * 1024;
    private static final java.time.Duration LINGER = java.time.Duration.ofSeconds(2);
    private static final byte[] REFUSAL = Ascii.bytes(
            "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\nRetry-After: 1\r\n\r\n");

    private final Handler app;
    private final HttpOptions options;
    private final BufferPool pool;

    HttpProtocol(Handler app, HttpOptions options, BufferPool pool) {
        this.app = app;
        this.options = options;
        this.pool = pool;
    }

    @Override
    public byte[] refusal() {
        return REFUSAL;
    }

    @Override
    public String name() {
        return "http";
    }

    @Override
    public java.time.Duration firstBytesTimeout() {
        return options.headerTimeout();
    }

    @Override
    public boolean serve(Connection c) throws IOException {
        ConnectionBuffers w = (ConnectionBuffers) c.attachment();
        if (w == null) {
            w = new ConnectionBuffers(c, pool, options);
            c.attach(w);
        }
        w.open();
        try {
            return loop(c, w);
        } finally {
            w.release();
        }
    }

    private boolean loop(Connection c, ConnectionBuffers w) throws IOException {
        RequestParser parser = w.parser;
        while (true) {
            RequestHead head;
            try {
                head = parser.parse(w.in);
                if (head == null && !w.in.hasRemaining()) {
                    w.flush();
                    int n = w.fillNow();
                    if (n < 0) {
                        return false;
                    }
                    if (n == 0) {
                        return !c.draining(); // nothing pending: go idle with no buffer held
                    }
                    head = parser.parse(w.in);
                }
                if (head == null) {
                    c.deadline(options.headerTimeout());
                    while ((head = parser.parse(w.in)) == null) {
                        w.flush();
                        if (w.fillHead() < 0) {
                            return false;
                        }
                    }
                    c.clearDeadline();
                }
            } catch (HttpException e) {
                c.clearDeadline();
                error(w, e.status(), e.getMessage());
                return false;
            } catch (SocketTimeoutException e) {
                c.clearDeadline();
                error(w, 408, "request head not received in time");
                return false;
            }
            if (!exchange(c, w, head)) {
                w.flush();
                return false;
            }
        }
    }

    /** Runs one request through the handler; returns whether the connection may carry another. */
    private boolean exchange(Connection c, ConnectionBuffers w, RequestHead head) throws IOException {
        // The exchange's one clock read before its end: the Request's start, the Date header and the metrics share it.
        long started = System.nanoTime();
        if (head.contentLength() > options.maxBody()) {
            error(w, 413, "request body too large");
            RequestEvents.answered(head, 413, 0, started);
            // The client may be sending the body anyway: let it, briefly, so that our close does not
            // reset the connection before it has read the 413.
            c.closeLingering(LINGER, MAX_DRAIN * 16);
            return false;
        }
        Response res = new Response(w, head, started);
        try {
            return respond(c, w, head, res, started);
        } finally {
            RequestEvents.answered(head, res.status(), res.bodyBytes(), started);
        }
    }

    /** The exchange once its response exists: handler, errors, the rest of the body, keep-alive. */
    private boolean respond(Connection c, ConnectionBuffers w, RequestHead head, Response res, long started)
            throws IOException {
        w.startBody();
        Runnable beforeRead = head.expectContinue() ? () -> {
            try {
                res.sendContinue();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        } : null;
        Body body = head.chunked() ? new ChunkedBody(w, options.maxBody(), beforeRead)
                : head.contentLength() > 0 ? new Body.Fixed(w, head.contentLength(), beforeRead)
                : w.empty;
        Request req = new Request(head, body, c.remoteAddress(), c.tls(), options.maxBody(), started);
        boolean framingBroken = false;
        try {
            app.handle(req, res);
        } catch (HttpException e) {
            framingBroken = !body.finished() && body.started();
            if (res.committed()) {
                return false;
            }
            res.resetForError();
            res.send(e.status(), e.getMessage() + "\n");
        } catch (Exception e) {
            if (w.bodyTimedOut && !res.committed()) {
                // However the handler passed the timeout on, the client was too slow: say so, then close.
                res.resetForError();
                res.send(408, "request body not received in time\n");
                framingBroken = true;
            } else if (e instanceof IOException || e instanceof java.io.UncheckedIOException) {
                return false; // the peer went away or a deadline passed mid-exchange
            } else {
                System.err.println("throng: handler failed on " + head.method() + " " + head.target() + ": " + e);
                if (res.committed()) {
                    return false;
                }
                res.resetForError();
                res.send(500, "internal server error\n");
            }
        }
        if (res.upgraded()) {
            return false;
        }
        boolean keep = head.keepAlive() && !c.draining() && !framingBroken;
        if (keep && !body.finished()) {
            if (head.expectContinue() && !body.started()) {
                keep = false; // the client may or may not send the body now: its end is unknowable
            } else {
                try {
                    keep = body.drain(MAX_DRAIN);
                } catch (HttpException | SocketTimeoutException e) {
                    keep = false; // the answer still goes out; the unread rest of the body ends the connection
                }
            }
        }
        boolean again = res.finish(keep);
        if (w.bodyTimedOut) {
            // Part of the body is still coming: closing now would reset the connection and could destroy
            // the answer before the client reads it. Send it, then discard input briefly before closing.
            w.flush();
            c.closeLingering(LINGER, MAX_DRAIN * 16);
            return false;
        }
        return again;
    }

    private static void error(ConnectionBuffers w, int status, String message) throws IOException {
        byte[] text = (message + "\n").getBytes(StandardCharsets.UTF_8);
        w.put(Status.line(status));
        w.put(HttpDate.line());
        w.putAscii("Server: throng\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n"
                + "Content-Length: " + text.length + "\r\n\r\n");
        w.put(text);
        w.flush();
    }
}
