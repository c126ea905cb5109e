package io.throng.load.chat;

import io.throng.load.Connects;
import io.throng.load.Interval;
import io.throng.load.Meter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Merges chat samples from every loop and process into totals and a per-second timeline, and room tallies
 * into one per room. Histograms are added, never averaged.
 */
public final class ChatTally {
    private final Histogram latency = new Histogram(1, Meter.HIGHEST_MICROS, 3);
    private final Histogram uncorrected = new Histogram(1, Meter.HIGHEST_MICROS, 3);
    private final Map<String, Long> errors = new TreeMap<>();
    private final TreeMap<Integer, Second> seconds = new TreeMap<>();
    private final Map<String, RoomTally> rooms = new TreeMap<>();
    private long says;
    private long acks;
    private long delivered;
    private int peakConnected;
    private Connects users = Connects.NONE;

    private static final class Second {
        final Histogram latency = new Histogram(1, Meter.HIGHEST_MICROS, 3);
        long says;
        long delivered;
        long errors;
        int connected;
        int parts;
    }

    /** One second of the run as the progress line shows it. */
    public record Progress(int second, int connected, long says, long delivered, long p99Micros, long errors) {}

    /** Adds a sample; returns the second's progress when this was its last part of {@code parts}, else null. */
    public synchronized Progress add(ChatSample s, int parts) {
        latency.add(s.latency());
        uncorrected.add(s.uncorrected());
        says += s.says();
        acks += s.acks();
        delivered += s.delivered();
        s.errors().forEach((k, v) -> errors.merge(k, v, Long::sum));
        Second sec = seconds.computeIfAbsent(s.second(), k -> new Second());
        sec.latency.add(s.latency());
        sec.says += s.says();
        sec.delivered += s.delivered();
        sec.errors += s.errorCount();
        sec.connected += s.connected();
        sec.parts++;
        if (sec.parts < parts) {
            return null;
        }
        peakConnected = Math.max(peakConnected, sec.connected);
        return new Progress(s.second(), sec.connected, sec.says, sec.delivered, p99(sec.latency), sec.errors);
    }

    /** Adds one process's room accounting. */
    public synchronized void addRooms(List<RoomTally> tallies) {
        for (RoomTally t : tallies) {
            rooms.merge(t.room(), t, RoomTally::plus);
        }
    }

    /**
     * Adds one process's count of where its users ended up. Users that never joined because the run ended first
     * count as errors here, once each: {@code not_started} if they never tried, {@code connect} if they were still
     * connecting (the run's end was their deadline). Failed attempts were counted as {@code connect} errors as they
     * happened.
     */
    public synchronized void addUsers(Connects c) {
        users = users.plus(c);
        if (c.notStarted() > 0) {
            errors.merge("not_started", c.notStarted(), Long::sum);
        }
        if (c.pending() > 0) {
            errors.merge("connect", c.pending(), Long::sum);
        }
    }

    /** The final report. */
    public synchronized ChatReport report(ChatScenario scenario, long elapsedNanos) {
        List<Interval> timeline = new ArrayList<>();
        int peak = peakConnected;
        for (var e : seconds.entrySet()) {
            Second s = e.getValue();
            peak = Math.max(peak, s.connected);
            timeline.add(new Interval(e.getKey(), s.delivered, s.errors, s.connected, p(s.latency, 50), p99(s.latency),
                    s.latency.getMaxValue()));
        }
        return new ChatReport(scenario, elapsedNanos, says, acks, delivered, peak, Map.copyOf(errors), latency.copy(),
                uncorrected.copy(), List.copyOf(rooms.values()), timeline, users);
    }

    private static long p99(Histogram h) {
        return p(h, 99);
    }

    private static long p(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile);
    }
}
