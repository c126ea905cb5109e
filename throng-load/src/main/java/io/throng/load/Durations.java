package io.throng.load;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints the short durations of command lines: {@code 10s}, {@code 50ms}, {@code 2m}, {@code 1.5s}. */
public final class Durations {
    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)(us|ms|s|m|h)?");

    /** Parses {@code 10s}, {@code 250ms}, {@code 500us}, {@code 2m}, {@code 1h}; a bare number is seconds. */
    public static Duration parse(String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (examples: 10s, 50ms, 2m)");
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double nanosPerUnit = switch (unit) {
            case "us" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            case "h" -> 3600e9;
            default -> throw new AssertionError(unit);
        };
        return Duration.ofNanos(Math.round(value * nanosPerUnit));
    }

    /** Prints a latency in microseconds the way people read them: {@code 850us}, {@code 12.40ms}, {@code 1.27s}. */
    public static String micros(double micros) {
        if (micros < 1000) {
            return String.format(java.util.Locale.ROOT, "%.0fus", micros);
        }
        if (micros < 1_000_000) {
            return String.format(java.util.Locale.ROOT, "%.2fms", micros / 1e3);
        }
        return String.format(java.util.Locale.ROOT, "%.2fs", micros / 1e6);
    }

    private Durations() {}
}
