package io.throng.load.chat;

import io.throng.load.Meter;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/** The records a chat worker process and its parent exchange as JSON lines. */
final class ChatWire {

    /** The scenario in plain numbers, plus which share this worker runs and from which source address. */
    record Spec(String host, int port, String path, int users, int rooms, long everyNanos, long rampNanos,
            long durationNanos, long drainNanos, long timeoutNanos, int textBytes, String roomPrefix, String runTag,
            long[] stageNanos, int[] stageUsers, int procs, boolean reconnect, int process, int threads,
            String targetAddress, String sourceAddress) {

        static Spec of(ChatScenario s, int process, int threads, String target, String source) {
            return new Spec(s.host(), s.port(), s.path(), s.users(), s.rooms(), s.every().toNanos(),
                    s.ramp().toNanos(), s.duration().toNanos(), s.drain().toNanos(), s.connectTimeout().toNanos(),
                    s.textBytes(), s.roomPrefix(), s.runTag(),
                    s.stages().stream().mapToLong(st -> st.over().toNanos()).toArray(),
                    s.stages().stream().mapToInt(ChatScenario.Stage::users).toArray(), s.procs(), s.reconnect(), process,
                    threads,
                    target, source);
        }

        ChatScenario scenario() {
            return new ChatScenario(host, port, path, users, rooms, Duration.ofNanos(everyNanos),
                    Duration.ofNanos(rampNanos), Duration.ofNanos(durationNanos), Duration.ofNanos(drainNanos),
                    Duration.ofNanos(timeoutNanos), textBytes, roomPrefix, runTag, stages(), procs, reconnect);
        }

        private java.util.List<ChatScenario.Stage> stages() {
            java.util.List<ChatScenario.Stage> list = new java.util.ArrayList<>();
            for (int i = 0; i < stageNanos.length; i++) {
                list.add(new ChatScenario.Stage(Duration.ofNanos(stageNanos[i]), stageUsers[i]));
            }
            return list;
        }
    }

    /** A {@link ChatSample} with its histograms in HdrHistogram's compressed encoding, base64'd. */
    record Sample(int second, String latency, String uncorrected, long says, long acks, long delivered, int connected,
            Map<String, Long> errors) {

        static Sample of(ChatSample s) {
            return new Sample(s.second(), encode(s.latency()), encode(s.uncorrected()), s.says(), s.acks(),
                    s.delivered(), s.connected(), s.errors());
        }

        ChatSample toSample() {
            return new ChatSample(second, decode(latency), decode(uncorrected), says, acks, delivered, connected, errors);
        }
    }

    static String encode(Histogram h) {
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int n = h.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), n));
    }

    static Histogram decode(String base64) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)),
                    Meter.HIGHEST_MICROS);
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("corrupt histogram from a worker", e);
        }
    }

    private ChatWire() {}
}
