package io.throng.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

/**
 * The Date line from an exchange's start (nanoTime), cached per second: it names the wall-clock second the
 * exchange began in, and exchanges that began in the same second share one array.
 */
class HttpDateTest {

    private static long secondOf(byte[] line) {
        String s = new String(line, StandardCharsets.US_ASCII);
        assertTrue(s.startsWith("Date: ") && s.endsWith(" GMT\r\n"), s);
        String date = s.substring("Date: ".length(), s.length() - 2);
        return ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond();
    }

    @Test
    void namesTheSecondTheExchangeBeganIn() {
        for (int i = 0; i < 1000; i++) {
            long before = Math.floorDiv(System.currentTimeMillis(), 1000);
            byte[] line = HttpDate.line(System.nanoTime());
            long after = Math.floorDiv(System.currentTimeMillis(), 1000);
            long second = secondOf(line);
            assertTrue(before <= second && second <= after, before + " <= " + second + " <= " + after);
        }
    }

    @Test
    void aLaterExchangeNeverGetsAnEarlierSecond() {
        long last = Long.MIN_VALUE;
        for (int i = 0; i < 1000; i++) {
            long second = secondOf(HttpDate.line(System.nanoTime()));
            assertTrue(second >= last, second + " after " + last);
            last = second;
        }
    }

    @Test
    void anExchangeThatBeganEarlierInTheSecondSharesTheLine() {
        long start = System.nanoTime();
        byte[] now = HttpDate.line(System.nanoTime());
        byte[] earlier = HttpDate.line(start);
        if (secondOf(now) == Math.floorDiv(System.currentTimeMillis(), 1000)) { // no second boundary in between
            assertArrayEquals(now, earlier);
            assertTrue(now == earlier, "one array per second");
        }
    }
}
