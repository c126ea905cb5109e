package io.throng.cli;

import io.throng.load.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** Picocli converter for {@code 10s}, {@code 50ms}, {@code 2m}. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        return Durations.parse(value);
    }
}
