package io.throng.http.client;

/**
 * The server's response was refused: its framing was ambiguous or malformed (both Content-Length and
 * Transfer-Encoding, a bad chunk, a bare LF), or it went beyond a limit (head size, header count,
 * decompressed size). The connection is closed, never reused.
 */
public final class BadResponseException extends HttpClientException {
    BadResponseException(String message) {
        super(message, null);
    }
}
