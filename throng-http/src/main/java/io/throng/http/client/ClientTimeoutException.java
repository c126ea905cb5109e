package io.throng.http.client;

/** A timeout fired; {@link #timeout()} says which, and the message names it and the origin. */
public final class ClientTimeoutException extends HttpClientException {
    /** The timeouts of {@link ClientOptions}, one per phase of a request. */
    public enum Timeout {
        /** Waiting for a connection slot of the origin's pool: the request never reached the network. */
        POOL_QUEUE("pool queue timeout"),
        CONNECT("connect timeout"),
        TLS_HANDSHAKE("TLS handshake timeout"),
        /** From the first byte of the request sent to the last byte of the response head received. */
        RESPONSE("response timeout"),
        /** One wait for more bytes of a response body. */
        READ("body read timeout");

        private final String label;

        Timeout(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final Timeout timeout;

    ClientTimeoutException(Timeout timeout, String detail, Throwable cause) {
        super(timeout.label() + ": " + detail, cause);
        this.timeout = timeout;
    }

    public Timeout timeout() {
        return timeout;
    }
}
