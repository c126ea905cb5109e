package io.throng.http.client;

import java.time.Duration;

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
        return new ClientOptions(d, tlsHandshakeTimeout, poolQueueTimeout, responseTimeout, readTimeout,
                idleTimeout, maxConnectionsPerOrigin, maxRedirects, allowHttpsToHttp, acceptGzip,
                maxDecompressedBytes, maxHeadBytes, maxHeaders, trust);
    }

    public ClientOptions withTlsHandshakeTimeout(Duration d) {
        return new ClientOptions(connectTimeout, d, poolQueueTimeout, responseTimeout, readTimeout,
                idleTimeout, maxConnectionsPerOrigin, maxRedirects, allowHttpsToHttp, acceptGzip,
                maxDecompressedBytes, maxHeadBytes, maxHeaders, trust);
    }

    public ClientOptions withPoolQueueTimeout(Duration d) {
        return new ClientOptions(connectTimeout, tlsHandshakeTimeout, d, responseTimeout, readTimeout,
                idleTimeout, maxConnectionsPerOrigin, maxRedirects, allowHttpsToHttp, acceptGzip,
                maxDecompressedBytes, maxHeadBytes, maxHeaders, trust);
    }

    public ClientOptions withResponseTimeout(Duration d) {
        return new ClientOptions(connectTimeout, tlsHandshakeTimeout, poolQueueTimeout, d, readTimeout,
                idleTimeout, maxConnectionsPerOrigin, maxRedirects, allowHttpsToHttp, acceptGzip,
                maxDecompressedBytes, maxHeadBytes, maxHeaders, trust);
    }

    public ClientOptions withReadTimeout(Duration d) {
        return new ClientOptions(connectTimeout, tlsHandshakeTimeout, poolQueueTimeout, responseTimeout, d,
                idleTimeout, maxConnectionsPerOrigin, maxRedirects, allowHttpsToHttp, acceptGzip,
                maxDecompressedBytes, maxHeadBytes, maxHeaders, trust);
    }

    public ClientOptions withIdleTimeout(Duration d) {
        return new ClientOptions(connectTimeout, tlsHandshakeTimeout, poolQueueTimeout, responseTimeout,
                readTimeout, d, maxConnectionsPerOrigin, maxRedirects, allowHttpsToHttp, acceptGzip,
                maxDecompressedBytes, maxHeadBytes, maxHeaders, trust);
    }

    public ClientOptions withMaxConnectionsPerOrigin(int n) {
        return new ClientOptions(connectTimeout, tlsHandshakeTimeout, poolQueueTimeout, responseTimeout,
                readTimeout, idleTimeout, n, maxRedirects, allowHttpsToHttp, acceptGzip,
                maxDecompressedBytes, maxHeadBytes, maxHeaders, trust);
    }

    public ClientOptions withMaxRedirects(int n) {
        return new ClientOptions(connectTimeout, tlsHandshakeTimeout, poolQueueTimeout, responseTimeout,
                readTimeout, idleTimeout, maxConnectionsPerOrigin, n, allowHttpsToHttp, acceptGzip,
                maxDecompressedBytes, maxHeadBytes, maxHeaders, trust);
    }

    public ClientOptions withAllowHttpsToHttp(boolean allow) {
        return new ClientOptions(connectTimeout, tlsHandshakeTimeout, poolQueueTimeout, responseTimeout,
                readTimeout, idleTimeout, maxConnectionsPerOrigin, maxRedirects, allow, acceptGzip,
                maxDecompressedBytes, maxHeadBytes, maxHeaders, trust);
    }

    public ClientOptions withAcceptGzip(boolean accept) {
        return new ClientOptions(connectTimeout, tlsHandshakeTimeout, poolQueueTimeout, responseTimeout,
                readTimeout, idleTimeout, maxConnectionsPerOrigin, maxRedirects, allowHttpsToHttp, accept,
                maxDecompressedBytes, maxHeadBytes, maxHeaders, trust);
    }

    public ClientOptions withMaxDecompressedBytes(long n) {
        return new ClientOptions(connectTimeout, tlsHandshakeTimeout, poolQueueTimeout, responseTimeout,
                readTimeout, idleTimeout, maxConnectionsPerOrigin, maxRedirects, allowHttpsToHttp, acceptGzip,
                n, maxHeadBytes, maxHeaders, trust);
    }

    public ClientOptions withMaxHeadBytes(int n) {
        return new ClientOptions(connectTimeout, tlsHandshakeTimeout, poolQueueTimeout, responseTimeout,
                readTimeout, idleTimeout, maxConnectionsPerOrigin, maxRedirects, allowHttpsToHttp, acceptGzip,
                maxDecompressedBytes, n, maxHeaders, trust);
    }

    public ClientOptions withMaxHeaders(int n) {
        return new ClientOptions(connectTimeout, tlsHandshakeTimeout, poolQueueTimeout, responseTimeout,
                readTimeout, idleTimeout, maxConnectionsPerOrigin, maxRedirects, allowHttpsToHttp, acceptGzip,
                maxDecompressedBytes, maxHeadBytes, n, trust);
    }

    public ClientOptions withTrust(Trust t) {
        return new ClientOptions(connectTimeout, tlsHandshakeTimeout, poolQueueTimeout, responseTimeout,
                readTimeout, idleTimeout, maxConnectionsPerOrigin, maxRedirects, allowHttpsToHttp, acceptGzip,
                maxDecompressedBytes, maxHeadBytes, maxHeaders, t);
    }
}
