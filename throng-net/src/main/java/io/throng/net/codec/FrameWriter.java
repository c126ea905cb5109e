package io.throng.net.codec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes frames to a blocking stream ({@link io.throng.net.ByteStream}, or any gathering channel) with
 * one {@link Framing}: each frame is one gathering write of its header, payload and trailer, the payload
 * never copied. Safe for many writing threads: frames never interleave (a lock, not {@code synchronized},
 * so a virtual thread blocked writing does not pin its carrier).
 *
 * <p>A framing that only appends an ending ({@link LineFraming}, {@link DelimiterFraming}) is written without
 * asking it to {@link Framing#encode encode}: the writer keeps the ending and the two-part array and reuses
 * them under its lock, so a frame costs one view of the payload instead of an array and two views (the
 * line echo's profile in docs/benchmarks.md: allocation per line was most of its garbage).
 */
public final class FrameWriter {

    private final GatheringByteChannel out;
    private final Framing framing;
    private final ReentrantLock lock = new ReentrantLock();
    /** Null unless the framing only appends an ending: then that ending, reused under the lock. */
    private final ByteBuffer ending;
    /** Payload and ending of such a frame, reused under the lock. */
    private final ByteBuffer[] parts = new ByteBuffer[2];

    public FrameWriter(GatheringByteChannel out, Framing framing) {
        this.out = out;
        this.framing = framing;
        this.ending = switch (framing) {
            case LineFraming lines -> lines.ending();
            case DelimiterFraming delimited -> delimited.ending();
            default -> null;
        };
    }

    public Framing framing() {
        return framing;
    }

    /** Writes {@code payload} as one frame. @throws IllegalArgumentException if it cannot be one (see {@link Framing#encode}) */
    public void write(byte[] payload) throws IOException {
        write(ByteBuffer.wrap(payload));
    }

    /** Writes the remaining bytes of {@code payload} as one frame; its position is not moved. */
    public void write(ByteBuffer payload) throws IOException {
        if (ending != null) {
            writeEnded(payload);
            return;
        }
        ByteBuffer[] parts = framing.encode(payload);
        lock.lock();
        try {
            long left = 0;
            for (ByteBuffer p : parts) {
                left += p.remaining();
            }
            while (left > 0) {
                left -= out.write(parts, 0, parts.length);
            }
        } finally {
            lock.unlock();
        }
    }

    /** A frame of a framing that only appends an ending: the payload, then the writer's own ending. */
    private void writeEnded(ByteBuffer payload) throws IOException {
        if (framing instanceof LineFraming lines) {
            lines.check(payload);
        } else {
            ((DelimiterFraming) framing).check(payload);
        }
        // A view, so that the caller's position stays put even if other threads write the same buffer.
        ByteBuffer body = payload.duplicate();
        lock.lock();
        try {
            parts[0] = body;
            parts[1] = ending.clear();
            long left = body.remaining() + ending.remaining();
            while (left > 0) {
                left -= out.write(parts, 0, 2);
            }
        } finally {
            parts[0] = null; // holds no caller's buffer between frames
            lock.unlock();
        }
    }
}
