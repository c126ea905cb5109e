package io.throng.http.client;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Everything a {@link HttpClient} can be told, with {@link #defaults()} and one {@code with} method
 * per option. Each timeout guards one phase and, when it fires, raises a
 * {@link ClientTimeoutException} naming that phase.
 *
 * @param connectTimeout       TCP connect
 * @param tlsHandshakeTimeout  the TLS handshake after connect
 * @param poolQueueTimeout     waiting for a free connection slot when an origin has
 *                             {@code maxConnectionsPerOrigin} requests in flight; separate from the
 *                             request's own time, because a request that waited here never left
 * @param responseTimeout      from the first byte of the request sent to the whole response head
 *                             received (time to first byte, plus the rest of the head)
 * @param readTimeout          each wait for more bytes of a response body
 * @param idleTimeout          how long a connection may sit unused in the pool before it is closed
 *                             instead of reused
 * @param maxConnectionsPerOrigin open connections per scheme, host and port; also requests in flight
 * @param maxRedirects         redirects followed per request; 0 returns 3xx responses as they are
 * @param allowHttpsToHttp     follow a redirect from https to http (a downgrade; off by default)
 * @param acceptGzip           send {@code Accept-Encoding: gzip} and decompress gzip bodies
 * @param maxDecompressedBytes a gzip body that inflates beyond this is refused (zip bombs)
 * @param maxHeadBytes         status line and header fields together
 * @param maxHeaders           header fields in a response head
 * @param trust                the certificate authorities for https
 */
public record ClientOptions(
        Duration connectTimeout,
        Duration tlsHandshakeTimeout,
        Duration poolQueueTimeout,
        Duration responseTimeout,
        Duration readTimeout,
        Duration idleTimeout,
        int maxConnectionsPerOrigin,
        int maxRedirects,
        boolean allowHttpsToHttp,
        boolean acceptGzip,
        long maxDecompressedBytes,
        int maxHeadBytes,
        int maxHeaders,
        Trust trust) {

    public ClientOptions {
        for (Duration d : new Duration[] {connectTimeout, tlsHandshakeTimeout, poolQueueTimeout,
                responseTimeout, readTimeout, idleTimeout}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive: " + d);
            }
        }
        if (maxConnectionsPerOrigin < 1 || maxRedirects < 0 || maxDecompressedBytes < 0
                || maxHeadBytes < 64 || maxHeaders < 1) {
            throw new IllegalArgumentException("limit out of range");
        }
    }

    public static ClientOptions defaults() {
        return new ClientOptions(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(60), 64, 5, false, true,
                64L << 20, 64 << 10, 100, Trust.system());
    }

    public ClientOptions withConnectTimeout(Duration d) {
        return copy(o -> o.connectTimeout = d);
    }

    public ClientOptions withTlsHandshakeTimeout(Duration d) {
        return copy(o -> o.tlsHandshakeTimeout = d);
    }

    public ClientOptions withPoolQueueTimeout(Duration d) {
        return copy(o -> o.poolQueueTimeout = d);
    }

    public ClientOptions withResponseTimeout(Duration d) {
        return copy(o -> o.responseTimeout = d);
    }

    public ClientOptions withReadTimeout(Duration d) {
        return copy(o -> o.readTimeout = d);
    }

    public ClientOptions withIdleTimeout(Duration d) {
        return copy(o -> o.idleTimeout = d);
    }

    public ClientOptions withMaxConnectionsPerOrigin(int n) {
        return copy(o -> o.maxConnectionsPerOrigin = n);
    }

    public ClientOptions withMaxRedirects(int n) {
        return copy(o -> o.maxRedirects = n);
    }

    public ClientOptions withAllowHttpsToHttp(boolean allow) {
        return copy(o -> o.allowHttpsToHttp = allow);
    }

    public ClientOptions withAcceptGzip(boolean accept) {
        return copy(o -> o.acceptGzip = accept);
    }

    public ClientOptions withMaxDecompressedBytes(long n) {
        return copy(o -> o.maxDecompressedBytes = n);
    }

    public ClientOptions withMaxHeadBytes(int n) {
        return copy(o -> o.maxHeadBytes = n);
    }

    public ClientOptions withMaxHeaders(int n) {
        return copy(o -> o.maxHeaders = n);
    }

    public ClientOptions withTrust(Trust t) {
        return copy(o -> o.trust = t);
    }

    private ClientOptions copy(Consumer<Draft> change) {
        Draft draft = new Draft(this);
        change.accept(draft);
        return draft.options();
    }

    /** The options as mutable fields, so that each {@code with} method changes one and copies the rest. */
    private static final class Draft {
        Duration connectTimeout, tlsHandshakeTimeout, poolQueueTimeout, responseTimeout, readTimeout, idleTimeout;
        int maxConnectionsPerOrigin, maxRedirects;
        boolean allowHttpsToHttp, acceptGzip;
        long maxDecompressedBytes;
        int maxHeadBytes, maxHeaders;
        Trust trust;

        Draft(ClientOptions o) {
            connectTimeout = o.connectTimeout;
            tlsHandshakeTimeout = o.tlsHandshakeTimeout;
            poolQueueTimeout = o.poolQueueTimeout;
            responseTimeout = o.responseTimeout;
            readTimeout = o.readTimeout;
            idleTimeout = o.idleTimeout;
            maxConnectionsPerOrigin = o.maxConnectionsPerOrigin;
            maxRedirects = o.maxRedirects;
            allowHttpsToHttp = o.allowHttpsToHttp;
            acceptGzip = o.acceptGzip;
            maxDecompressedBytes = o.maxDecompressedBytes;
            maxHeadBytes = o.maxHeadBytes;
            maxHeaders = o.maxHeaders;
            trust = o.trust;
        }

        ClientOptions options() {
            return new ClientOptions(connectTimeout, tlsHandshakeTimeout, poolQueueTimeout, responseTimeout, readTimeout,
                    idleTimeout, maxConnectionsPerOrigin, maxRedirects, allowHttpsToHttp, acceptGzip,
                    maxDecompressedBytes, maxHeadBytes, maxHeaders, trust);
        }
    }
}
