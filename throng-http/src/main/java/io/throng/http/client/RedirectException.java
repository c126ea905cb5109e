package io.throng.http.client;

/** A redirect the client will not follow: too many of them, a downgrade to http, a bad Location. */
public final class RedirectException extends HttpClientException {
    RedirectException(String message) {
        super(message, null);
    }
}
