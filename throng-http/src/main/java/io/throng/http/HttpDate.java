package io.throng.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * HTTP dates (RFC 9110 §5.6.7, IMF-fixdate: {@code Sun, 06 Nov 1994 08:49:37 GMT}), and the {@code Date}
 * header line, formatted at most once per second and shared by every response in that second. Readers
 * see either the old or the new immutable array, never a torn one. The JDK's RFC 1123 formatter is not
 * used: it writes a one-digit day ({@code 4 Dec}), which IMF-fixdate does not allow.
 */
public final class HttpDate {
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

    private record Cached(long second, byte[] line) {}

    private static volatile Cached cached = new Cached(-1, new byte[0]);

    static byte[] line() {
        long now = System.currentTimeMillis() / 1000;
        Cached c = cached;
        if (c.second != now) {
            c = new Cached(now, Ascii.bytes("Date: " + format(now * 1000) + "\r\n"));
            cached = c;
        }
        return c.line;
    }

    /** The instant {@code epochMillis} (whole seconds) as an IMF-fixdate. */
    public static String format(long epochMillis) {
        return IMF_FIXDATE.format(Instant.ofEpochMilli(epochMillis).atOffset(ZoneOffset.UTC));
    }

    private HttpDate() {}
}
