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
 *
 * <p>A response's Date is the second its exchange began, told by the {@link System#nanoTime()} the exchange
 * already read: the cached line also holds the nanoTime at which its second ends, so a response reads the
 * wall clock only when a second has passed (nginx's Date is likewise the time its event loop last woke).
 */
public final class HttpDate {
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

    /** The Date line of one wall-clock second, valid for exchanges that began before {@code endNanos}. */
    private record Cached(long endNanos, byte[] line) {}

    private static volatile Cached cached = thisSecond();

    /** The Date line for a response made now (the error path, which has no exchange start at hand). */
    static byte[] line() {
        return line(System.nanoTime());
    }

    /** The Date line for an exchange that began at {@code nanos} (from {@link System#nanoTime()}). */
    static byte[] line(long nanos) {
        Cached c = cached;
        if (nanos - c.endNanos >= 0) {
            c = thisSecond();
            cached = c;
        }
        return c.line;
    }

    /** The current second's line; it ends (1000 - the second's millis elapsed) from now on the monotonic clock. */
    private static Cached thisSecond() {
        long millis = System.currentTimeMillis();
        long now = System.nanoTime();
        return new Cached(now + (1000 - Math.floorMod(millis, 1000)) * 1_000_000L,
                Ascii.bytes("Date: " + format(Math.floorDiv(millis, 1000) * 1000) + "\r\n"));
    }

    /** The instant {@code epochMillis} (whole seconds) as an IMF-fixdate. */
    public static String format(long epochMillis) {
        return IMF_FIXDATE.format(Instant.ofEpochMilli(epochMillis).atOffset(ZoneOffset.UTC));
    }

    private HttpDate() {}
}
