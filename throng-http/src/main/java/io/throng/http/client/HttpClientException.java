package io.throng.http.client;

import java.io.IOException;

/**
 * Why a request failed in a way the client itself decided, as opposed to an I/O error from the
 * network (a plain {@link IOException}) or a cancellation ({@link java.io.InterruptedIOException}).
 * Each variant's message names the origin and the rule or limit that applied.
 */
public abstract sealed class HttpClientException extends IOException
        permits ClientTimeoutException, BadResponseException, TlsException, RedirectException {
    HttpClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
