package io.throng.chat.account;

import java.time.Duration;

/**
 * Why an account operation was refused, with the HTTP status it maps to. Messages are safe to show:
 * they never say whether an account exists (except {@code TAKEN}, which registration cannot avoid).
 */
public final class AccountException extends Exception {
    /** The kinds of refusal. */
    public enum Kind {
        BAD_REQUEST(400), UNAUTHORIZED(401), FORBIDDEN(403), TAKEN(409), THROTTLED(429), BUSY(429);

        public final int status;

        Kind(int status) {
            this.status = status;
        }
    }

    private final Kind kind;
    private final Duration retryAfter;

    AccountException(Kind kind, String message) {
        this(kind, message, null);
    }

    AccountException(Kind kind, String message, Duration retryAfter) {
        super(message, null, false, false);
        this.kind = kind;
        this.retryAfter = retryAfter;
    }

    public Kind kind() {
        return kind;
    }

    /** For 429: when to try again, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** The wire name of the kind: {@code bad_request}, {@code unauthorized}... */
    public String code() {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
