package io.throng.http;

import java.time.Duration;

/**
 * A cookie to set on the client (RFC 6265).
 *
 * @param maxAge lifetime, or null for a session cookie
 * @param sameSite "Strict", "Lax", "None" or null
 */
public record Cookie(String name, String value, String path, Duration maxAge, boolean httpOnly, boolean secure,
                     String sameSite) {

    public Cookie {
        for (int i = 0; i < name.length(); i++) {
            if (!Ascii.tchar(name.charAt(i)) || name.charAt(i) > 0x7e) {
                throw new IllegalArgumentException("invalid cookie name: " + name);
            }
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '"' || c == ',' || c == ';' || c == '\\') {
                throw new IllegalArgumentException("invalid cookie value character in " + name);
            }
        }
    }

    /** A session cookie for the whole site, HttpOnly, SameSite=Lax. */
    public static Cookie of(String name, String value) {
        return new Cookie(name, value, "/", null, true, false, "Lax");
    }

    String headerValue() {
        StringBuilder b = new StringBuilder(name).append('=').append(value);
        if (path != null) {
            b.append("; Path=").append(path);
        }
        if (maxAge != null) {
            b.append("; Max-Age=").append(maxAge.toSeconds());
        }
        if (httpOnly) {
            b.append("; HttpOnly");
        }
        if (secure) {
            b.append("; Secure");
        }
        if (sameSite != null) {
            b.append("; SameSite=").append(sameSite);
        }
        return b.toString();
    }
}
