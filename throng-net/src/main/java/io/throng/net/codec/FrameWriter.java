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
 */
public final class FrameWriter {

    private final GatheringByteChannel out;
    private final Framing framing;
    private final ReentrantLock lock = new ReentrantLock();

    public FrameWriter(GatheringByteChannel out, Framing framing) {
        this.out = out;
        this.framing = framing;
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
}
