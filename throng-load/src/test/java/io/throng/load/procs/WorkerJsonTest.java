package io.throng.load.procs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.throng.load.Connects;
import io.throng.load.ErrorKind;
import io.throng.load.LoadShape;
import io.throng.load.Meter;
import io.throng.load.Sample;
import io.throng.load.Tally;
import java.time.Duration;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** What a worker process says about its connections reaches the parent's merged report intact. */
class WorkerJsonTest {

    private static Sample travel(Sample s) throws Exception {
        String line = WorkerJson.MAPPER.writeValueAsString(s);
        return WorkerJson.MAPPER.readValue(line, Sample.class);
    }

    private static Sample sample(int second, Connects c) {
        Histogram h = new Histogram(1, Meter.HIGHEST_MICROS, 3);
        h.recordValue(1_000);
        return new Sample(second, h, h.copy(), 1, 10, new long[ErrorKind.values().length], 5, 0, c);
    }

    @Test
    void connectCountsOfEveryWorkerAddUpInTheMergedReport() throws Exception {
        Connects a = new Connects(10, 7, 1, 1, 0, 1, 0);
        Connects b = new Connects(10, 9, 0, 0, 1, 0, 0);
        Tally tally = new Tally();
        tally.add(travel(sample(0, a)), 2);
        tally.add(travel(sample(0, b)), 2);
        tally.add(travel(sample(1, Connects.NONE)), 2);
        tally.add(travel(sample(1, Connects.NONE)), 2);
        Connects merged = tally.report("t", new LoadShape(20, 1, Duration.ofSeconds(2), 0, 0, 1,
                Duration.ofSeconds(1), 2), 2_000_000_000L).connects();
        assertEquals(new Connects(20, 16, 1, 1, 1, 1, 0), merged);
        assertEquals(true, merged.balanced());
    }
}
