package io.throng.chat.service;

import java.util.Optional;

/**
 * How the service learns who is behind a bearer token (protocol version 2): the accounts of
 * {@code io.throng.chat.account}, or {@link #NONE} where there are none (version 1 only).
 */
public interface Authenticator {
    /** An account session that is valid now: its account's name and its id (the token's SHA-256). */
    record Principal(String account, String session) {}

    /** The account session {@code token} stands for now, or empty (unknown, expired, revoked, disabled). */
    Optional<Principal> authenticate(String token);

    /** Knows no token. */
    Authenticator NONE = token -> Optional.empty();
}
