package io.throng.cli;

import java.math.BigDecimal;
import java.time.Duration;
import picocli.CommandLine;

/** Picocli converter for iputils-style seconds: {@code 1}, {@code 0.2}, {@code 2.5} (not negative). */
final class SecondsConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        BigDecimal seconds;
        try {
            seconds = new BigDecimal(value.strip());
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("not a number of seconds: '" + value + "'");
        }
        if (seconds.signum() < 0 || seconds.compareTo(BigDecimal.valueOf(2_147_483)) > 0) {
            throw new CommandLine.TypeConversionException("seconds outside 0..2147483: '" + value + "'");
        }
        return Duration.ofNanos(seconds.movePointRight(9).longValue());
    }
}
