package io.throng.http;

import java.time.Duration;

/**
 * Limits and timeouts of the HTTP engine.
 *
 * @param maxRequestLine longest request line (414 beyond)
 * @param maxHeadBytes largest request head, request line included (431 beyond)
 * @param maxHeaders most header fields (431 beyond)
 * @param maxBody largest request body (413, refused before reading when Content-Length says so)
 * @param headerTimeout absolute time allowed to receive a whole request head, from its first byte
 *     (408 and close beyond: a client trickling bytes cannot extend it)
 * @param ioTimeout longest wait for each read of a body and each write of a response
 * @param keepAliveTimeout how long an idle keep-alive connection is kept
 * @param bufferSize size of the pooled read and write buffers, at least maxHeadBytes
 */
public record HttpOptions(int maxRequestLine, int maxHeadBytes, int maxHeaders, long maxBody,
                          Duration headerTimeout, Duration ioTimeout, Duration keepAliveTimeout, int bufferSize) {

    public HttpOptions {
        if (maxRequestLine < 64 || maxHeadBytes < maxRequestLine || bufferSize < maxHeadBytes || maxHeaders < 1
                || maxBody < 0) {
            throw new IllegalArgumentException("inconsistent HTTP limits");
        }
    }

    /** 8 KiB request line, 14 KiB head, 100 fields, 10 MiB body, 10 s head, 30 s I/O, 60 s keep-alive. */
    public static HttpOptions defaults() {
        return new HttpOptions(8192, 14 * 1024, 100, 10L << 20, Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(60), 16 * 1024);
    }

    public HttpOptions withHeaderTimeout(Duration value) {
        return new HttpOptions(maxRequestLine, maxHeadBytes, maxHeaders, maxBody, value, ioTimeout,
                keepAliveTimeout, bufferSize);
    }

    public HttpOptions withMaxBody(long value) {
        return new HttpOptions(maxRequestLine, maxHeadBytes, maxHeaders, value, headerTimeout, ioTimeout,
                keepAliveTimeout, bufferSize);
    }

    public HttpOptions withKeepAliveTimeout(Duration value) {
        return new HttpOptions(maxRequestLine, maxHeadBytes, maxHeaders, maxBody, headerTimeout, ioTimeout,
                value, bufferSize);
    }
}
