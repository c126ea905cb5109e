package io.throng.load.procs;

import io.throng.load.Connects;
import io.throng.load.Meter;
import io.throng.load.Sample;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * A {@link Sample} as one JSON line on a worker's stdout: the histograms travel in HdrHistogram's compressed
 * encoding, base64'd, so the parent merges exact histograms rather than summaries.
 */
record WireSample(int second, String latency, String uncorrected, long completed, long bytes, long[] errors,
        int connections, long unanswered, Connects connects) {

    static WireSample of(Sample s) {
        return new WireSample(s.second(), encode(s.latency()), encode(s.uncorrected()), s.completed(), s.bytes(),
                s.errors(), s.connections(), s.unanswered(), s.connects());
    }

    Sample toSample() {
        return new Sample(second, decode(latency), decode(uncorrected), completed, bytes, errors, connections, unanswered,
                connects == null ? Connects.NONE : connects);
    }

    static String encode(Histogram h) {
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int n = h.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), n));
    }

    static Histogram decode(String base64) {
        try {
            Histogram h = Histogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(Base64.getDecoder().decode(base64)), Meter.HIGHEST_MICROS);
            return h;
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("corrupt histogram from worker", e);
        }
    }
}
