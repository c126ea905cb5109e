package io.throng.load.chat;

import io.throng.load.Meter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What one event loop (or one process) measured during one second of a chat run.
 *
 * @param second seconds since the start (the sample covers [second, second+1))
 * @param latency delivery latencies in microseconds from the intended send time
 * @param uncorrected delivery latencies in microseconds from the actual send time
 * @param says {@code say} frames sent
 * @param acks {@code ack} frames received
 * @param delivered {@code message} frames received (every member's copy counts)
 * @param connected users connected and joined when the sample was taken
 * @param errors errors by kind: {@code connect}, {@code dropped}, {@code protocol}, {@code server:CODE}
 */
public record ChatSample(int second, Histogram latency, Histogram uncorrected, long says, long acks, long delivered,
        int connected, Map<String, Long> errors) {

    public ChatSample {
        errors = Map.copyOf(errors);
    }

    /** Adds up samples of the same second from several loops or processes. */
    public static ChatSample merge(List<ChatSample> parts) {
        Histogram latency = new Histogram(1, Meter.HIGHEST_MICROS, 3);
        Histogram uncorrected = new Histogram(1, Meter.HIGHEST_MICROS, 3);
        long says = 0;
        long acks = 0;
        long delivered = 0;
        int connected = 0;
        Map<String, Long> errors = new TreeMap<>();
        for (ChatSample s : parts) {
            latency.add(s.latency());
            uncorrected.add(s.uncorrected());
            says += s.says();
            acks += s.acks();
            delivered += s.delivered();
            connected += s.connected();
            s.errors().forEach((k, v) -> errors.merge(k, v, Long::sum));
        }
        return new ChatSample(parts.getFirst().second(), latency, uncorrected, says, acks, delivered, connected, errors);
    }

    /** Errors of every kind. */
    public long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }
}
