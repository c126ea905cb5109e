package io.throng.packet.bridge;

import java.lang.foreign.MemorySegment;

/** Where the {@link Forwarder} sends a frame: a bridge port (a {@code LinkSocket}), or a fake one in tests. */
interface Port {
    String name();

    /** Sends the first {@code length} bytes of {@code frame}; false when the frame was refused (counted as dropped). */
    boolean send(MemorySegment frame, int length);
}
