package io.throng.http.client;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * What a request carries. Bytes can be sent again (a retry on a fresh connection, a 307/308
 * redirect); a stream is read once, so a request with one is neither retried nor redirected with
 * its body.
 */
public sealed interface RequestBody {
    record Empty() implements RequestBody {}

    record Bytes(byte[] bytes) implements RequestBody {}

    /**
     * A body read from {@code in} while it is sent; {@code length} -1 means unknown, and the body goes
     * out chunked. The stream is closed when the request has been sent or has failed.
     */
    record Streamed(InputStream in, long length) implements RequestBody {
        public Streamed {
            if (length < -1) {
                throw new IllegalArgumentException("length must be -1 (unknown) or >= 0");
            }
        }
    }

    static RequestBody empty() {
        return new Empty();
    }

    static RequestBody of(byte[] bytes) {
        return new Bytes(bytes);
    }

    static RequestBody of(String text) {
        return new Bytes(text.getBytes(StandardCharsets.UTF_8));
    }

    static RequestBody stream(InputStream in) {
        return new Streamed(in, -1);
    }

    static RequestBody stream(InputStream in, long length) {
        return new Streamed(in, length);
    }

    /** Whether the body can be sent a second time. */
    default boolean repeatable() {
        return !(this instanceof Streamed);
    }
}
