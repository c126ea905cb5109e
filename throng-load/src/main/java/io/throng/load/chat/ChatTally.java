package io.throng.load.chat;

import io.throng.load.Connects;
import io.throng.load.Interval;
import io.throng.load.Meter;
import io.throng.load.Timeline;
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
    private final Timeline timeline = new Timeline();
    private final Map<Integer, Long> saysBySecond = new TreeMap<>();
    private final Map<String, RoomTally> rooms = new TreeMap<>();
    private long says;
    private long acks;
    private long delivered;
    private Connects users = Connects.NONE;

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
        long saidThisSecond = saysBySecond.merge(s.second(), s.says(), Long::sum);
        Timeline.Second sec = timeline.add(s.second(), s.latency(), s.delivered(), s.errorCount(), s.connected());
        if (sec.parts() < parts) {
            return null;
        }
        Interval i = sec.interval();
        return new Progress(s.second(), i.connections(), saidThisSecond, i.requests(), i.p99Micros(), i.errors());
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
        List<Interval> seconds = timeline.intervals();
        int peak = timeline.peakConnections();
        Histogram steady = timeline.latency(ChatReport.steadyFrom(scenario, seconds, peak), ChatReport.steadyTo(scenario));
        return new ChatReport(scenario, elapsedNanos, says, acks, delivered, peak, Map.copyOf(errors), latency.copy(),
                uncorrected.copy(), List.copyOf(rooms.values()), seconds, users, steady);
    }
}
