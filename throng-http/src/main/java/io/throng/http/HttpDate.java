package io.throng.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The {@code Date} header line, formatted at most once per second and shared by every response in that
 * second. Readers see either the old or the new immutable array, never a torn one.
 */
final class HttpDate {
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

    static String format(long epochMillis) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochMilli(epochMillis).atOffset(ZoneOffset.UTC));
    }

    private HttpDate() {}
}
