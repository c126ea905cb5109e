package io.throng.chat.web;

import io.throng.http.Cookie;
import io.throng.http.Request;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;

/**
 * Where a request carries its login: {@code Authorization: Bearer TOKEN} (programmatic clients) or the
 * {@value #COOKIE} cookie (the page: HttpOnly so scripts cannot read it, SameSite=Strict so other
 * sites' requests do not carry it, Secure over TLS).
 */
final class Credentials {
    static final String COOKIE = "throng_session";

    private Credentials() {
    }

    /** The request's login token, or null. Not validated here: the accounts judge it. */
    static String token(Request req) {
        String auth = req.header("authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).strip();
        }
        return req.cookie(COOKIE);
    }

    static Cookie cookie(Request req, String token, Instant expires, Instant now) {
        Duration maxAge = Duration.between(now, expires);
        return new Cookie(COOKIE, token, "/", maxAge.isNegative() ? Duration.ZERO : maxAge, true, req.secure(), "Strict");
    }

    static Cookie cleared(Request req) {
        return new Cookie(COOKIE, "", "/", Duration.ZERO, true, req.secure(), "Strict");
    }

    /** The peer's IP address: the key of per-address throttling. */
    static String address(Request req) {
        return req.remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null
                ? a.getAddress().getHostAddress() : String.valueOf(req.remoteAddress());
    }
}
