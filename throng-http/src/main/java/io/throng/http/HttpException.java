package io.throng.http;

/**
 * An HTTP error with its status. Thrown by the parser for bad requests (the connection is then
 * closed) and by handlers that want the framework to answer with a status and a short text body.
 */
public class HttpException extends RuntimeException {
    private final int status;

    public HttpException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
