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
 * @param minBodyRate the slowest a request body may arrive, in bytes per second averaged over the time
 *     spent waiting for it, once {@code bodyRateGrace} of waiting is used up (408 and close below it;
 *     0 turns the floor off). Without it a client sending one byte just inside each {@code ioTimeout}
 *     holds a connection and a thread for as long as its body lasts (the "slow POST" attack).
 * @param bodyRateGrace waiting time a body gets before {@code minBodyRate} applies
 */
public record HttpOptions(int maxRequestLine, int maxHeadBytes, int maxHeaders, long maxBody,
                          Duration headerTimeout, Duration ioTimeout, Duration keepAliveTimeout, int bufferSize,
                          long minBodyRate, Duration bodyRateGrace) {

    public HttpOptions {
        if (maxRequestLine < 64 || maxHeadBytes < maxRequestLine || bufferSize < maxHeadBytes || maxHeaders < 1
                || maxBody < 0 || minBodyRate < 0 || bodyRateGrace.isNegative()) {
            throw new IllegalArgumentException("inconsistent HTTP limits");
        }
    }

    /**
     * 8 KiB request line, 14 KiB head, 100 fields, 10 MiB body, 10 s head, 30 s I/O, 60 s keep-alive, and
     * bodies no slower than 240 bytes/s after 5 s (Kestrel's defaults: slower than any real uplink).
     */
    public static HttpOptions defaults() {
        return new HttpOptions(8192, 14 * 1024, 100, 10L << 20, Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(60), 16 * 1024, 240, Duration.ofSeconds(5));
    }

    public HttpOptions withHeaderTimeout(Duration value) {
        return new HttpOptions(maxRequestLine, maxHeadBytes, maxHeaders, maxBody, value, ioTimeout,
                keepAliveTimeout, bufferSize, minBodyRate, bodyRateGrace);
    }

    public HttpOptions withMaxBody(long value) {
        return new HttpOptions(maxRequestLine, maxHeadBytes, maxHeaders, value, headerTimeout, ioTimeout,
                keepAliveTimeout, bufferSize, minBodyRate, bodyRateGrace);
    }

    /** Sets the body rate floor: {@code bytesPerSecond} (0: none) once {@code grace} of waiting is used. */
    public HttpOptions withMinBodyRate(long bytesPerSecond, Duration grace) {
        return new HttpOptions(maxRequestLine, maxHeadBytes, maxHeaders, maxBody, headerTimeout, ioTimeout,
                keepAliveTimeout, bufferSize, bytesPerSecond, grace);
    }
}
