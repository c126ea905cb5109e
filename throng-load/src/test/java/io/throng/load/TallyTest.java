package io.throng.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class TallyTest {

    private static Histogram histogram(long... micros) {
        Histogram h = new Histogram(1, Meter.HIGHEST_MICROS, 3);
        for (long v : micros) {
            h.recordValue(v);
        }
        return h;
    }

    private static Sample sample(int second, long completed, long[] errors, long... micros) {
        return new Sample(second, histogram(micros), histogram(micros), completed, completed * 100, errors, 10, 0);
    }

    @Test
    void mergedPercentilesAreThoseOfAllValuesNotAnAverageOfPercentiles() {
        // Loop A: 99 fast requests. Loop B: 1 fast, 9 very slow ones. Averaging each loop's p99 would say
        // ~50 ms; the true p99 of all 109 requests is in the slow group.
        long[] fast = new long[99];
        java.util.Arrays.fill(fast, 100);
        long[] slowish = {100, 90_000, 90_000, 90_000, 90_000, 90_000, 90_000, 90_000, 90_000, 90_000};
        long[] none = new long[ErrorKind.values().length];
        Tally tally = new Tally();
        assertEquals(null, tally.add(sample(0, 99, none, fast), 2));
        Interval second0 = tally.add(sample(0, 10, none, slowish), 2);
        LoadReport report = tally.report("t", shape(), 1_000_000_000L);

        assertEquals(109, report.latency().getTotalCount());
        assertEquals(109, report.completed());
        long p99 = report.percentileMicros(99);
        assertEquals(90_000, p99, 90_000 * 0.001 + 1, "p99 of the merged histogram");
        assertEquals(100, report.percentileMicros(50), 1);
        assertEquals(109, second0.requests());
        assertEquals(20, second0.connections());
        assertEquals(109.0, report.requestsPerSecond(), 1e-9);
    }

    @Test
    void randomSplitMergesToTheSameHistogramAsOneRecorder() {
        Random random = new Random(42);
        Histogram all = new Histogram(1, Meter.HIGHEST_MICROS, 3);
        Histogram[] parts = new Histogram[5];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = new Histogram(1, Meter.HIGHEST_MICROS, 3);
        }
        for (int i = 0; i < 50_000; i++) {
            long v = 1 + (long) Math.abs(random.nextGaussian() * 5_000) + (random.nextInt(100) == 0 ? 2_000_000 : 0);
            all.recordValue(v);
            parts[random.nextInt(parts.length)].recordValue(v);
        }
        Tally tally = new Tally();
        long[] none = new long[ErrorKind.values().length];
        for (int i = 0; i < parts.length; i++) {
            tally.add(new Sample(i % 2, parts[i], parts[i], parts[i].getTotalCount(), 0, none, 1, i));
        }
        LoadReport report = tally.report("t", shape(), 2_000_000_000L);
        for (double p : new double[] {50, 90, 99, 99.9, 100}) {
            assertEquals(all.getValueAtPercentile(p), report.latency().getValueAtPercentile(p), "p" + p);
        }
        assertEquals(2, report.timeline().size());
        assertEquals(50_000, report.timeline().get(0).requests() + report.timeline().get(1).requests());
        assertEquals(0 + 1 + 2 + 3 + 4, report.unanswered());
    }

    @Test
    void errorsAddUpByKindAndPerSecond() {
        long[] a = new long[ErrorKind.values().length];
        long[] b = new long[ErrorKind.values().length];
        a[ErrorKind.TIMEOUT.ordinal()] = 2;
        b[ErrorKind.TIMEOUT.ordinal()] = 3;
        b[ErrorKind.STATUS.ordinal()] = 1;
        Tally tally = new Tally();
        tally.add(sample(0, 1, a, 10));
        tally.add(sample(0, 1, b, 10));
        LoadReport report = tally.report("t", shape(), 1_000_000_000L);
        assertEquals(6, report.errorCount());
        assertEquals(java.util.Map.of("timeout", 5L, "status", 1L), report.errorsByKind());
        assertEquals(6, report.timeline().getFirst().errors());
        assertEquals(List.of("errors 6 > max 0"), new Thresholds(null, 0).violations(report));
    }

    static LoadShape shape() {
        return new LoadShape(10, 1, java.time.Duration.ofSeconds(1), 0, 0, 1, java.time.Duration.ofSeconds(1), 1);
    }
}
