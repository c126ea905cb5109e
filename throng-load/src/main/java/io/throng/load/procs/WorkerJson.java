package io.throng.load.procs;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.throng.load.Meter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * The JSON both ends of the worker protocol speak. Histograms travel in HdrHistogram's compressed encoding,
 * base64'd, so the parent merges exact histograms rather than summaries; every kind's samples and outcomes are
 * plain records otherwise.
 */
final class WorkerJson {
    static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new SimpleModule("histograms")
            .addSerializer(Histogram.class, new JsonSerializer<>() {
                @Override
                public void serialize(Histogram h, JsonGenerator out, SerializerProvider p) throws IOException {
                    out.writeString(encode(h));
                }
            })
            .addDeserializer(Histogram.class, new JsonDeserializer<>() {
                @Override
                public Histogram deserialize(JsonParser in, DeserializationContext c) throws IOException {
                    return decode(in.getValueAsString());
                }
            }));

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

    private WorkerJson() {}
}
