package io.throng.load;

/** Why a request did not produce a successful response; reports count errors per kind. */
public enum ErrorKind {
    /** The connection could not be established: refused, reset, timed out, or (WebSocket) upgrade rejected. */
    CONNECT,
    /**
     * The TLS handshake of an https:// or wss:// connection failed (the reason, e.g. an untrusted certificate, is in
     * the report's TLS figures: {@link TlsTimes}).
     */
    TLS,
    /** Reading the response failed (reset, I/O error). */
    READ,
    /** Sending the request failed. */
    WRITE,
    /** No complete response within the request timeout. */
    TIMEOUT,
    /** The server closed the connection while requests were outstanding. */
    CLOSED,
    /** The response was not valid HTTP/1.1. */
    PROTOCOL,
    /** A complete response with a status of 400 or more (wrk counts these the same way). */
    STATUS,
    /**
     * A connection the run asked for was never tried: the connect phase's budget ran out first (see
     * {@link Connects}). Counted as an error because the load asked for did not happen.
     */
    NOT_STARTED;

    /** The lower-case name used in summaries and JSON. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
